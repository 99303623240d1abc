import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, updates } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';
import { organizationId } from '../support/fixtures.ts';
import { zonedDay } from '@dsd/shared/dates';

let t: TestApp;
let coordinator: string;
let chair: string;
let resident: string;
const plan = { districtSlug: 'auezov', title: 'Встреча с председателями', startsAt: '2026-11-10T15:00:00+05:00', format: 'hybrid', place: 'Акимат' };

beforeAll(async () => {
  t = await createTestApp();
  [coordinator, chair, resident] = await Promise.all([t.login('coordinator@demo.kz'), t.login('chair@demo.kz'), t.login('resident@demo.kz')]);
});
afterAll(async () => t?.close());

describe('meetings', () => {
  it('a coordinator plans a meeting; residents get 403 and visitors 401', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: coordinator, payload: plan });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'planned', version: 1, districtSlug: 'auezov', format: 'hybrid' });
    expect((await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: resident, payload: plan })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/v1/meetings', payload: plan })).statusCode).toBe(401);
  });

  it('refuses a bad body with 400 and an unknown district with 400, writing nothing', async () => {
    const bad = await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: coordinator, payload: { ...plan, format: 'carrier-pigeon' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: coordinator, payload: { ...plan, districtSlug: 'atlantis' } });
    expect([400, 403]).toContain(unknown.statusCode);
  });

  it('lists with district and status filters and cursor pagination', async () => {
    const all = await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov' });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.every((m: { districtSlug: string }) => m.districtSlug === 'auezov')).toBe(true);
    const closed = await t.request({ method: 'GET', url: '/api/v1/meetings?status=closed' });
    expect(closed.json().items.every((m: { status: string }) => m.status === 'closed')).toBe(true);
    const first = await t.request({ method: 'GET', url: '/api/v1/meetings?limit=3' });
    expect(first.json().items).toHaveLength(3);
    const second = await t.request({ method: 'GET', url: `/api/v1/meetings?limit=3&cursor=${first.json().nextCursor}` });
    const ids = new Set([...first.json().items, ...second.json().items].map((m: { id: string }) => m.id));
    expect(ids.size).toBe(first.json().items.length + second.json().items.length);
    expect((await t.request({ method: 'GET', url: '/api/v1/meetings?status=sleeping' })).statusCode).toBe(400);
  });

  it('shows the reference meeting with attendees, proposals heard and decisions', async () => {
    const list = await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov&status=closed' });
    const ref = list.json().items[0];
    const res = await t.request({ method: 'GET', url: `/api/v1/meetings/${ref.id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.attendees.map((a: { organization: { name: string } }) => a.organization.name)).toContain('ПКСК «Дәуір»');
    expect(body.proposals.length).toBeGreaterThanOrEqual(5);
    expect(body.decisions).toHaveLength(5);
    expect(body.decisions.filter((d: { kind: string }) => d.kind === 'instruction')).toHaveLength(2);
    expect(body.minutes).toContain('камер');
  });

  it('answers 404 for an unknown meeting and 400 for a malformed id', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/meetings/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/meetings/abc' })).statusCode).toBe(400);
  });

  it('moves planned → held → closed with versions; stale versions and invalid moves get 409', async () => {
    const created = (await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: coordinator, payload: plan })).json();
    const url = `/api/v1/meetings/${created.id}/transition`;
    const held = await t.request({ method: 'POST', url, cookie: coordinator, payload: { to: 'held', version: 1 } });
    expect(held.json()).toMatchObject({ status: 'held', version: 2 });
    const stale = await t.request({ method: 'POST', url, cookie: coordinator, payload: { to: 'closed', minutes: 'x', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const noMinutes = await t.request({ method: 'POST', url, cookie: coordinator, payload: { to: 'closed', version: 2 } });
    expect(noMinutes.statusCode).toBe(400);
    const closed = await t.request({ method: 'POST', url, cookie: coordinator, payload: { to: 'closed', minutes: 'Решено: камеры.', version: 2 } });
    expect(closed.json()).toMatchObject({ status: 'closed', version: 3, minutes: 'Решено: камеры.' });
    const back = await t.request({ method: 'POST', url, cookie: coordinator, payload: { to: 'held', version: 3 } });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('INVALID_TRANSITION');
    expect((await t.request({ method: 'POST', url, cookie: chair, payload: { to: 'cancelled', version: 3 } })).statusCode).toBe(403);

    const timeline = await t.db.db.select().from(updates).where(eq(updates.meetingId, created.id));
    expect(timeline.map((u) => u.toStatus)).toEqual(expect.arrayContaining(['planned', 'held', 'closed']));
    const audit = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'meeting'), eq(auditLog.entityId, created.id)));
    expect(audit.map((a) => a.action)).toEqual(['meeting.created', 'meeting.held', 'meeting.closed']);
  });

  it('refuses to mark a meeting held before its day in Almaty (409), and allows it on the day whatever the hour', async () => {
    const today = zonedDay(Date.now(), 'Asia/Almaty');
    const tomorrow = zonedDay(Date.now() + 86_400_000, 'Asia/Almaty');
    const future = (
      await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: coordinator, payload: { ...plan, startsAt: `${tomorrow}T00:01:00+05:00` } })
    ).json();
    const early = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${future.id}/transition`,
      cookie: coordinator,
      payload: { to: 'held', version: 1 },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('MEETING_NOT_YET_DUE');
    // Later today in Almaty is already the meeting's day, even where UTC is still on the day before.
    const tonight = (
      await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: coordinator, payload: { ...plan, startsAt: `${today}T23:59:00+05:00` } })
    ).json();
    const onTheDay = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${tonight.id}/transition`,
      cookie: coordinator,
      payload: { to: 'held', version: 1 },
    });
    expect(onTheDay.statusCode).toBe(200);
  });

  it('a chair registers the own organization; another organization is 403, another district 400', async () => {
    const created = (await t.request({ method: 'POST', url: '/api/v1/meetings', cookie: coordinator, payload: plan })).json();
    const dauir = await organizationId(t.db, 'ПКСК «Дәуір»');
    const mamyr = await organizationId(t.db, 'КСК «Мамыр»');
    const turksib = await organizationId(t.db, 'КСК «Жулдыз»');
    const url = `/api/v1/meetings/${created.id}/attendees`;
    const own = await t.request({ method: 'POST', url, cookie: chair, payload: { organizationId: dauir } });
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toHaveLength(1);
    expect((await t.request({ method: 'POST', url, cookie: chair, payload: { organizationId: dauir } })).json().items).toHaveLength(1);
    expect((await t.request({ method: 'POST', url, cookie: chair, payload: { organizationId: mamyr } })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url, cookie: coordinator, payload: { organizationId: turksib } })).statusCode).toBe(400);
    const removed = await t.request({ method: 'DELETE', url: `${url}/${dauir}`, cookie: chair });
    expect(removed.json().items).toHaveLength(0);
  });
});
