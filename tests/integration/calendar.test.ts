import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let planned: { id: string };
let cancelled: { id: string };

/** Parsed by another library than the one that wrote it. */
function events(body: string) {
  const calendar = new ICAL.Component(ICAL.parse(body));
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((v) => ({
      uid: v.getFirstPropertyValue('uid') as string,
      summary: v.getFirstPropertyValue('summary') as string,
      location: v.getFirstPropertyValue('location') as string,
      description: v.getFirstPropertyValue('description') as string,
      url: v.getFirstPropertyValue('url') as string,
      status: v.getFirstPropertyValue('status') as string,
      start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    })),
  };
}

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://safety.example.kz' });
  const coordinator = await t.login('coordinator@demo.kz');
  const create = async (title: string, agenda?: string) =>
    (
      await t.request({
        method: 'POST',
        url: '/api/v1/meetings',
        cookie: coordinator,
        payload: {
          districtSlug: 'auezov',
          title,
          startsAt: '2027-01-20T15:00:00+05:00',
          format: 'hybrid',
          place: 'Акимат Ауэзовского района, ул. Жандосова, 1',
          agenda,
        },
      })
    ).json();
  planned = await create('Вторая встреча: что выполнено', '1. Камеры в мкр. Мамыр\n2. Пешие патрули, дворы; помощники');
  cancelled = await create('Отменённая встреча');
  const res = await t.request({
    method: 'POST',
    url: `/api/v1/meetings/${cancelled.id}/transition`,
    cookie: coordinator,
    payload: { to: 'cancelled', version: 1 },
  });
  expect(res.statusCode).toBe(200);
});
afterAll(async () => t?.close());

describe('iCalendar feeds', () => {
  it('the district feed has one VEVENT per meeting with a stable UID, UTC start, place, agenda and a link back', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/calendar/auezov.ics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const { calendar, events: items } = events(res.body);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const event = items.find((e) => e.uid === `meeting-${planned.id}@district-safety-dialogue`)!;
    expect(event).toMatchObject({
      summary: 'Вторая встреча: что выполнено',
      location: 'Акимат Ауэзовского района, ул. Жандосова, 1',
      url: `https://safety.example.kz/meetings/${planned.id}`,
      status: 'CONFIRMED',
      start: '2027-01-20T10:00:00.000Z',
    });
    expect(event.description).toContain('1. Камеры в мкр. Мамыр\n2. Пешие патрули, дворы; помощники');
    expect(items.find((e) => e.uid.includes(cancelled.id))?.status).toBe('CANCELLED');
    // Fetched again, the same UIDs: a subscribed calendar updates events instead of duplicating them.
    const again = events((await t.request({ method: 'GET', url: '/api/v1/calendar/auezov.ics' })).body).events.map((e) => e.uid);
    expect(again).toEqual(items.map((e) => e.uid));
    const meetings = (await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov&limit=100' })).json().items;
    expect(new Set(items.map((e) => e.uid.slice('meeting-'.length, 'meeting-'.length + 36)))).toEqual(
      new Set(meetings.map((m: { id: string }) => m.id)),
    );
  });

  it('the city feed carries every district’s meetings; the calendar is named in the asked language', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/calendar.ics?lang=kk' });
    expect(res.statusCode).toBe(200);
    const { calendar, events: items } = events(res.body);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Полицияның ПИК және ПИТК төрағаларымен кездесулері');
    expect(items.some((e) => e.uid.includes(planned.id))).toBe(true);
    expect(items.length).toBeGreaterThanOrEqual(events((await t.request({ method: 'GET', url: '/api/v1/calendar/auezov.ics' })).body).events.length);
  });

  it('one meeting as a file for “Add to calendar”', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/calendar/meetings/${planned.id}.ics?lang=en` });
    expect(res.statusCode).toBe(200);
    const { events: items } = events(res.body);
    expect(items).toHaveLength(1);
    expect(items[0]!.description).toMatch(/^In person and online/);
  });

  it.each([
    ['/api/v1/calendar/atlantis.ics', 404],
    ['/api/v1/calendar/auezov.ics?lang=de', 400],
    ['/api/v1/calendar/meetings/00000000-0000-4000-8000-000000000000.ics', 404],
    ['/api/v1/calendar/meetings/not-a-uuid.ics', 400],
  ])('%s → %i with the error shape', async (url, status) => {
    const res = await t.request({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
  });
});
