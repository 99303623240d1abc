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
