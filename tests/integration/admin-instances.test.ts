import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '@dsd/server/app';
import { createTestApp, type TestApp } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';

/** Configuration changes reach every API instance at once: no restart, and no stale public-read cache. */
let t: TestApp;
let other: AppInstance;

beforeAll(async () => {
  // A long cache, so only the invalidation (not the expiry) can explain a fresh answer within the test.
  t = await createTestApp({ PUBLIC_READ_CACHE_MS: '2000' });
  other = await buildApp({ config: t.config, databaseUrl: t.databaseUrl, logger: false });
  await other.ready();
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

const slugsOn = async (app: AppInstance) =>
  (await app.inject({ method: 'GET', url: '/api/v1/dashboard' })).json().districts.map((d: { slug: string }) => d.slug);

describe('configuration across instances', () => {
  it('a district added through one instance is in the other instance’s cached dashboard at once, and in its public lists', async () => {
    expect(await slugsOn(other)).not.toContain('konaev-1');
    expect((await other.inject({ method: 'GET', url: '/api/v1/dashboard' })).headers['x-cache']).toBe('hit');
    const admin = await t.login('admin@demo.kz');
    const started = Date.now();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/admin/districts',
      cookie: admin,
      payload: { slug: 'konaev-1', city: 'konaev', name: { ru: 'Район 1', kk: '1-аудан', en: 'District 1' }, timeZone: 'Asia/Almaty' },
    });
    expect(res.statusCode).toBe(201);
    await waitFor(async () => (await slugsOn(other)).includes('konaev-1'), { what: 'the new district on the other instance', timeoutMs: 1500 });
    expect(Date.now() - started).toBeLessThan(2000);
    const listed = (await other.inject({ method: 'GET', url: '/api/v1/districts' })).json().items.map((d: { slug: string }) => d.slug);
    expect(listed).toContain('konaev-1');

    await t.request({
      method: 'POST',
      url: '/api/v1/admin/categories',
      cookie: admin,
      payload: { code: 'noise', name: { ru: 'Шум', kk: 'Шу', en: 'Noise' }, services: ['patrol'] },
    });
    const categories = (await other.inject({ method: 'GET', url: '/api/v1/categories' })).json().items.map((c: { code: string }) => c.code);
    expect(categories).toContain('noise');
  });
});
