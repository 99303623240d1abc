import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '@dsd/db/setup';
import type { AppInstance } from '@dsd/server/app';
import { startPgliteApp, type PgliteApp } from '../support/pglite-app.ts';

let pglite: PgliteApp;
let app: AppInstance;

beforeAll(async () => {
  pglite = await startPgliteApp('embedded');
  ({ app } = pglite);
}, 120_000);
afterAll(async () => pglite?.close());

describe('embedded PGlite (the `npm start` default)', () => {
  it('migrates and seeds, and serves the same repository code', async () => {
    const districts = await app.inject({ method: 'GET', url: '/api/v1/districts' });
    expect(districts.json().items).toHaveLength(8);
    const dashboard = await app.inject({ method: 'GET', url: '/api/v1/dashboard' });
    expect(dashboard.json().districts.find((d: { slug: string }) => d.slug === 'auezov').decisions.total).toBe(5);
  });

  it('runs a write transaction: sign in and submit a proposal', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'chair@demo.kz', password: 'demo12345' } });
    const cookie = `dsd_session=${login.cookies.find((c) => c.name === 'dsd_session')!.value}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/proposals',
      headers: { cookie },
      payload: { districtSlug: 'auezov', category: 'lighting', title: 'Фонари у дома 27', body: 'Темно' },
    });
    expect(res.statusCode).toBe(201);
  });

  it('seeds the demo only once', async () => {
    expect(await prepareDatabase(pglite.url, { demo: true })).toEqual({ seededDemo: false });
  });
});
