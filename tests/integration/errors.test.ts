import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposals } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let resident: string;
beforeAll(async () => {
  t = await createTestApp();
  resident = await t.login('resident@demo.kz');
});
afterAll(async () => t?.close());

const proposalCount = async () => (await t.db.db.select({ n: count() }).from(proposals))[0]!.n;
const expectErrorShape = (body: unknown, code: string) => expect(body).toMatchObject({ error: { code, message: expect.any(String) } });

describe('bad input', () => {
  it('every validation detail carries a code (and its numbers) a client can say in its own language', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'Not a code!', title: 'ab', lat: 43.2 },
    });
    expect(res.statusCode).toBe(400);
    const details = Object.fromEntries(res.json().error.details.map((d: { path: string }) => [d.path, d]));
    expect(details['body.title']).toMatchObject({ code: 'too_short', params: { minimum: expect.any(Number) } });
    expect(details['body.category']).toMatchObject({ code: 'invalid_format' });
    expect(details['body.body']).toMatchObject({ code: 'required' });
    // Rules the service checks after the schema speak in codes too.
    const half = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'lighting', title: 'Темно во дворе', body: 'Нет фонарей у дома 5', lat: 43.2 },
    });
    expect(half.statusCode).toBe(400);
    expect(half.json().error.details[0]).toMatchObject({ path: 'body.lat', code: 'both_coordinates' });
    // Categories are data (admins add them): a well-formed code no category has is the service's 400.
    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'nonsense', title: 'Темно во дворе', body: 'Нет фонарей у дома 5' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({ path: 'body.category', code: 'unknown_reference' });
  });

  it('malformed JSON is 400 MALFORMED_JSON', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      headers: { 'content-type': 'application/json' },
      payload: '{"title": ',
    });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json(), 'MALFORMED_JSON');
  });

  it('a wrong content type is 415', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expectErrorShape(res.json(), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an oversized body is 413', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'other', title: 'x'.repeat(10), body: 'y'.repeat(400_000) },
    });
    expect(res.statusCode).toBe(413);
    expectErrorShape(res.json(), 'PAYLOAD_TOO_LARGE');
  });

  it('wrong types, unknown fields and missing fields are 400 with the field named, and nothing is written', async () => {
    const before = await proposalCount();
    const wrongType = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'cameras', title: 42, body: 'b' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details[0].path).toBe('body.title');
    const extra = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'cameras', title: 'Камеры', body: 'b', isAdmin: true },
    });
    expect(extra.statusCode).toBe(400);
    const missing = await t.request({ method: 'POST', url: '/api/v1/proposals', cookie: resident, payload: { category: 'cameras' } });
    expect(missing.statusCode).toBe(400);
    const unknownDistrict = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'atlantis', category: 'cameras', title: 'Камеры', body: 'b' },
    });
    expect(unknownDistrict.statusCode).toBe(400);
    const huge = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'cameras', title: 'Камеры', body: 'b', lat: 1e308, lng: 0 },
    });
    expect(huge.statusCode).toBe(400);
    expect(await proposalCount()).toBe(before);
  });

  it('cursors encoding dates outside what the database stores are 400 on every list, never 500', async () => {
    const cursor = (at: string, id = '7b0a4a4e-2f7e-4c4b-9a52-0d3c1f4c9f10') => Buffer.from(JSON.stringify({ at, id })).toString('base64url');
    const admin = await t.login('admin@demo.kz');
    const edges = ['0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '20000-01-01T00:00:00.000Z', '1999-12-31T23:59:59.999Z'];
    for (const list of ['/api/v1/proposals', '/api/v1/meetings', '/api/v1/decisions', '/api/v1/assignments', '/api/v1/notifications']) {
      for (const at of edges) {
        const res = await t.request({ method: 'GET', url: `${list}?cursor=${cursor(at)}`, cookie: admin });
        expect(res.statusCode, `${list} ${at}`).toBe(400);
        expect(res.json().error.details[0].path).toBe('querystring.cursor');
      }
      const notAnId = await t.request({ method: 'GET', url: `${list}?cursor=${cursor('2026-01-01T00:00:00.000Z', '-'.repeat(36))}`, cookie: admin });
      expect(notAnId.statusCode).toBe(400);
      const fine = await t.request({ method: 'GET', url: `${list}?cursor=${cursor('2100-12-31T23:59:59.999Z')}`, cookie: admin });
      expect(fine.statusCode, list).toBe(200);
    }
  });

  it('dates in year 0000 or past 2100 are 400 with the field named', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = (startsAt: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/meetings',
        cookie: coordinator,
        payload: { districtSlug: 'auezov', title: 'Встреча', startsAt, format: 'online', place: 'Zoom' },
      });
    for (const startsAt of ['0000-01-01T00:00:00Z', '2101-01-01T05:00:00+05:00', '1999-12-31T23:59:59Z']) {
      const res = await meeting(startsAt);
      expect(res.statusCode, startsAt).toBe(400);
      expect(res.json().error.details[0].path).toBe('body.startsAt');
    }
    expect((await meeting('2100-12-31T23:59:59Z')).statusCode).toBe(201);
    const created = (await meeting('2026-12-01T10:00:00+05:00')).json();
    const decision = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${created.id}/decisions`,
      cookie: coordinator,
      payload: { kind: 'instruction', category: 'drugs', title: 'Рейды', dueAt: '0000-06-01T00:00:00Z' },
    });
    expect(decision.statusCode).toBe(400);
    expect(decision.json().error.details[0].path).toBe('body.dueAt');
    const due = await t.request({
      method: 'POST',
      url: '/api/v1/assignments/7b0a4a4e-2f7e-4c4b-9a52-0d3c1f4c9f10/due',
      cookie: coordinator,
      payload: { dueAt: '0000-06-01T00:00:00Z', version: 1 },
    });
    expect(due.statusCode).toBe(400);
  });

  it('a NUL character or an unpaired surrogate in any string is a 400 naming it, before anything is written', async () => {
    const admin = await t.login('admin@demo.kz');
    const [assignment] = await t.db.sql<{ id: string }[]>`select id from assignments limit 1`;
    const [audits] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
    const note = await t.request({
      method: 'POST',
      url: `/api/v1/assignments/${assignment!.id}/updates`,
      cookie: admin,
      payload: { note: 'Фото', evidenceUrl: 'https://example.kz/a\u0000b.jpg', visibility: 'internal' },
    });
    expect(note.statusCode).toBe(400);
    expect(note.json().error.details[0].path).toBe('body.evidenceUrl');
    const surrogate = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'other', title: 'Тема \ud800', body: 'b' },
    });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().error.details[0].path).toBe('body.title');
    const inQuery = await t.request({ method: 'GET', url: '/api/v1/decisions?district=auezov%00' });
    expect(inQuery.statusCode).toBe(400);
    expect((await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n).toBe(audits!.n);
  });

  it('an unknown API route is a JSON 404', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expectErrorShape(res.json(), 'NOT_FOUND');
  });

  it('health reports db and redis up', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/health' });
    expect(res.json()).toEqual({ status: 'ok', checks: { db: 'up', redis: 'up' } });
  });
});
