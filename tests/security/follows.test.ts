import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { userId } from '../support/fixtures.ts';

/** Follows name only what the follower may see, and are rate limited like other writes. */
let t: TestApp;
let resident: string;
let chair: string;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '12' });
  resident = await t.login('resident@demo.kz');
  chair = await t.login('chair@demo.kz');
});
afterAll(async () => t?.close());

const follow = (cookie: string, targetType: string, targetId: string) =>
  t.request({ method: 'POST', url: '/api/v1/follows', cookie, payload: { targetType, targetId } });
const followCount = async (email: string) =>
  (await t.db.sql<{ n: number }[]>`select count(*)::int as n from follows where user_id = ${await userId(t.db, email)}`)[0]!.n;

async function proposal(cookie: string, category: string) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/proposals',
    cookie,
    payload: { districtSlug: 'auezov', category, title: 'Закладки у школы', body: 'Вечером у гаражей' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

describe('follow targets', () => {
  it('refuses unknown and malformed targets with 404, and writes nothing', async () => {
    const before = await followCount('resident@demo.kz');
    const cases: Array<[string, string]> = [
      ['district', 'atlantis'],
      ['meeting', crypto.randomUUID()],
      ['proposal', crypto.randomUUID()],
      ['decision', crypto.randomUUID()],
      ['meeting', 'not-a-uuid'],
    ];
    for (const [type, id] of cases) {
      const res = await follow(resident, type, id);
      expect(res.statusCode, `${type} ${id}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect(await followCount('resident@demo.kz')).toBe(before);
    expect((await follow(resident, 'district', 'auezov')).statusCode).toBe(200);
  });

  it('a hidden proposal cannot be followed by those it is hidden from', async () => {
    const id = await proposal(chair, 'lighting');
    await t.db.sql`update proposals set hidden = true, hidden_reason = 'spam' where id = ${id}`;
    expect((await follow(resident, 'proposal', id)).statusCode).toBe(404);
    expect((await follow(chair, 'proposal', id)).statusCode).toBe(200);
    expect((await follow(await t.login('coordinator@demo.kz'), 'proposal', id)).statusCode).toBe(200);
  });

  it('a tip is followed by its author and the police, not by other residents', async () => {
    const id = await proposal(chair, 'drugs');
    expect((await follow(resident, 'proposal', id)).statusCode).toBe(403);
    expect((await follow(chair, 'proposal', id)).statusCode).toBe(200);
    expect((await follow(await t.login('narcotics@demo.kz'), 'proposal', id)).statusCode).toBe(200);
  });

  it('is rate limited per user like other writes', async () => {
    const neighbour = await t.login('chair.mamyr@demo.kz');
    const codes = [];
    for (let i = 0; i < 13; i++) codes.push((await follow(neighbour, 'district', 'medeu')).statusCode);
    expect(codes.slice(0, 12).every((c) => c === 200)).toBe(true);
    expect(codes[12]).toBe(429);
  });
});
