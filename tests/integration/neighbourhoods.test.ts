import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://safety.example.kz' });
});
afterAll(async () => t?.close());

const get = async (url: string) => {
  const res = await t.request({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** Exactly these keys: police.uk's names, so client code written for it reads this feed. */
const keysOf = (value: object) => Object.keys(value).sort();

describe('neighbourhood feed (police.uk field names)', () => {
  it('lists districts as neighbourhoods {id, name}', async () => {
    const list = await get('/api/v1/neighbourhoods?lang=en');
    expect(list).toHaveLength(8);
    expect(list).toContainEqual({ id: 'auezov', name: 'Auezov district' });
    for (const n of list) expect(keysOf(n)).toEqual(['id', 'name']);
  });

  it('a neighbourhood: name, description, centre, links', async () => {
    const n = await get('/api/v1/neighbourhoods/auezov');
    expect(keysOf(n)).toEqual(
      ['centre', 'contact_details', 'description', 'id', 'links', 'locations', 'name', 'url_force', 'welcome_message'].sort(),
    );
    expect(n).toMatchObject({ id: 'auezov', name: 'Ауэзовский район', url_force: 'https://safety.example.kz/districts/auezov' });
    expect(Number(n.centre.latitude)).toBeCloseTo(43.23, 1);
    expect(Number(n.centre.longitude)).toBeCloseTo(76.85, 1);
    expect(n.links.map((l: { url: string }) => l.url)).toContain('https://safety.example.kz/api/v1/calendar/auezov.ics?lang=ru');
  });

  it('priorities: each decision’s problem and what was done, from the records', async () => {
    const priorities = await get('/api/v1/neighbourhoods/auezov/priorities?lang=en');
    const decisions = (await get('/api/v1/decisions?district=auezov&limit=100')).items;
    expect(priorities).toHaveLength(decisions.length);
    for (const p of priorities) expect(keysOf(p)).toEqual(['action', 'action-date', 'issue', 'issue-date']);
    const drugs = priorities.find((p: { issue: string }) => p.issue.startsWith('Усилить профилактику наркопреступлений'));
    expect(drugs['issue-date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(drugs.action).toMatch(/^\d+% done/);
    expect(drugs['action-date']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('events: the district’s meetings with title, type, description, address, start_date', async () => {
    const events = await get('/api/v1/neighbourhoods/auezov/events');
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const e of events) {
      expect(keysOf(e)).toEqual(['address', 'contact_details', 'description', 'end_date', 'start_date', 'title', 'type']);
      expect(e.type).toBe('meeting');
    }
    expect(events.some((e: { address: string }) => e.address.startsWith('Акимат Ауэзовского района'))).toBe(true);
  });

  it("people: the district inspectors' public profiles (rank, reception, official phone), never an e-mail", async () => {
    const people = await get('/api/v1/neighbourhoods/auezov/people?lang=kk');
    const cards = (await get('/api/v1/inspectors?district=auezov')).items as Array<{ name: string; rank: string; phone: string }>;
    expect(people.length).toBe(cards.length);
    expect(people.length).toBeGreaterThanOrEqual(1);
    for (const p of people) {
      expect(keysOf(p)).toEqual(['bio', 'contact_details', 'name', 'rank']);
      const card = cards.find((c) => c.name === p.name)!;
      expect(p.rank).toBe(card.rank);
      expect(p.contact_details.telephone).toBe(card.phone);
      expect(p.bio).toMatch(/Қабылдау/);
    }
    expect(JSON.stringify(people)).not.toMatch(/@/);
  });

  it.each(['', '/priorities', '/events', '/people'])('an unknown neighbourhood%s → 404', async (part) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/neighbourhoods/atlantis${part}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
