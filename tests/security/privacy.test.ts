import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';

/**
 * Every public read of the seeded city (lists, every detail page, feeds, the dashboard), as an anonymous visitor
 * and as a resident, searched for personal data: emails, phone numbers, user ids and names of residents and staff.
 */
let t: TestApp;
const PHONE = '+7 701 555 12 34';

beforeAll(async () => {
  t = await createTestApp();
  await t.db.db.update(users).set({ phone: PHONE }).where(eq(users.email, 'resident@demo.kz'));
  await t.db.db.update(users).set({ phone: '+77015550000' }).where(eq(users.email, 'chair@demo.kz'));
});
afterAll(async () => t?.close());

async function publicResponses(cookie?: string): Promise<Array<{ url: string; body: string }>> {
  const read = async (url: string) => {
    const res = await t.request({ method: 'GET', url, cookie });
    expect(res.statusCode, url).toBe(200);
    return { url, body: res.body, json: res.json() };
  };
  const pages = [await read('/api/v1/dashboard'), await read('/api/v1/organizations'), await read('/api/v1/districts')];
  const districts: string[] = pages[2]!.json.items.map((d: { slug: string }) => d.slug);
  for (const district of districts) {
    for (const list of ['proposals', 'meetings', 'decisions', 'assignments']) {
      const page = await read(`/api/v1/${list}?district=${district}&limit=100`);
      pages.push(page);
      for (const item of page.json.items as Array<{ id: string }>) pages.push(await read(`/api/v1/${list}/${item.id}`));
    }
    pages.push(await read(`/api/v1/updates?district=${district}&limit=50`));
  }
  return pages.map(({ url, body }) => ({ url, body }));
}

describe('personal data in public responses', () => {
  it('no emails, phone numbers, user ids or personal names reach anonymous visitors or other residents', async () => {
    const people = await t.db.db.select({ id: users.id, name: users.name, email: users.email, role: users.role }).from(users);
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'curious@example.kz', password: 'curious-neighbour', name: 'Любопытный сосед' },
    });
    const asNeighbour = await t.login('curious@example.kz', 'curious-neighbour');
    for (const cookie of [undefined, asNeighbour]) {
      const responses = await publicResponses(cookie);
      expect(responses.length).toBeGreaterThan(60);
      const leaks: string[] = [];
      for (const { url, body } of responses) {
        if (/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/.test(body)) leaks.push(`${url}: an email address`);
        if (body.includes(PHONE) || body.includes('+77015550000')) leaks.push(`${url}: a phone number`);
        for (const person of people) {
          if (body.includes(person.id)) leaks.push(`${url}: the id of ${person.email}`);
          if (body.includes(person.name)) leaks.push(`${url}: the name of ${person.email}`);
        }
      }
      expect(leaks, cookie ? 'as a resident' : 'as an anonymous visitor').toEqual([]);
    }
  });

  it('shows authors as their organization, "resident" or "police", and blurs where a resident is to about 100 m', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: await t.login('resident@demo.kz'),
      payload: { districtSlug: 'auezov', category: 'lighting', title: 'Фонарь у дома', body: 'Не горит', lat: 43.234567, lng: 76.845678 },
    });
    const seen = (await t.request({ method: 'GET', url: `/api/v1/proposals/${created.json().id}` })).json();
    expect(seen.author).toEqual({ kind: 'resident' });
    expect(seen).toMatchObject({ lat: 43.235, lng: 76.846 });
    const own = (await t.request({ method: 'GET', url: `/api/v1/proposals/${created.json().id}`, cookie: await t.login('resident@demo.kz') })).json();
    expect(own).toMatchObject({ lat: 43.234567, lng: 76.845678, mine: true });
    const authors = (await t.request({ method: 'GET', url: '/api/v1/proposals?district=auezov&limit=100' }))
      .json()
      .items.map((p: { author: { kind: string } }) => p.author.kind);
    expect(new Set(authors)).toEqual(new Set(['organization', 'resident']));
  });
});
