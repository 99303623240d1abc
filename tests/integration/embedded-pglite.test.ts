import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@dsd/db/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@dsd/db/embedded';
import { prepareDatabase } from '@dsd/db/setup';
import { buildApp, type AppInstance } from '@dsd/server/app';
import type { AppConfig } from '@dsd/server/config/env';
import { removeRedisKeys, testConfig } from '../support/app.ts';

let dir: string;
let pg: EmbeddedPostgres;
let shared: DbHandle;
let app: AppInstance;
let config: Readonly<AppConfig>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dsd-pglite-'));
  pg = await startEmbeddedPostgres(dir);
  await prepareDatabase(pg.url, { demo: true });
  shared = createDb(pg.url, { max: 1 });
  config = testConfig();
  app = await buildApp({ config, databaseUrl: pg.url, sharedDb: shared, logger: false });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.close();
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
  if (config) await removeRedisKeys(config.redisUrl, config.redisPrefix);
});

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
    expect(await prepareDatabase(pg.url, { demo: true })).toEqual({ seededDemo: false });
  });
});
