import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '@dsd/db/setup';
import type { AppInstance } from '@dsd/server/app';
import { startPgliteApp, type PgliteApp } from '../support/pglite-app.ts';

let pglite: PgliteApp;
let app: AppInstance;

beforeAll(async () => {
  // The worker in the process, on the one connection, as `npm start` runs it.
  pglite = await startPgliteApp('embedded', { worker: true, env: { FOLLOWER_ANNOUNCE_DELAY_MS: '300' } });
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

  it('the in-process worker dispatches a recorded decision and tells the district’s followers, on the one connection', async () => {
    const signIn = async (email: string) => {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'demo12345' } });
      return `dsd_session=${login.cookies.find((c) => c.name === 'dsd_session')!.value}`;
    };
    const [coordinator, resident] = [await signIn('coordinator@demo.kz'), await signIn('resident@demo.kz')];
    const as = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers: { cookie }, payload });
    expect((await as(resident, 'POST', '/api/v1/follows', { targetType: 'district', targetId: 'almaly' })).statusCode).toBe(200);
    const meeting = (
      await as(coordinator, 'POST', '/api/v1/meetings', {
        districtSlug: 'almaly',
        title: 'Встреча с ОСИ',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        format: 'in_person',
        place: 'Акимат',
      })
    ).json();
    expect((await as(coordinator, 'POST', `/api/v1/meetings/${meeting.id}/transition`, { to: 'held', version: meeting.version })).statusCode).toBe(
      200,
    );
    const decision = await as(coordinator, 'POST', `/api/v1/meetings/${meeting.id}/decisions`, {
      kind: 'instruction',
      category: 'cameras',
      title: 'Камеры у школы',
      services: ['video_surveillance', 'patrol'],
    });
    expect(decision.statusCode).toBe(201);
    const until = Date.now() + 20_000;
    for (;;) {
      const detail = (await app.inject({ method: 'GET', url: `/api/v1/decisions/${decision.json().id}` })).json();
      const told = (await as(resident, 'GET', '/api/v1/notifications')).json().items;
      if (
        detail.assignments.every((a: { status: string }) => a.status === 'dispatched') &&
        told.some((n: { link: string }) => n.link === `/decisions/${decision.json().id}`)
      )
        break;
      if (Date.now() > until) throw new Error('not dispatched and announced within 20 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('seeds the demo only once', async () => {
    // Another client of the embedded database (as `npm run db:migrate` would be): alone with it, as at start-up.
    await pglite.stopWorker();
    expect(await prepareDatabase(pglite.url, { demo: true })).toEqual({ seededDemo: false });
  });
});
