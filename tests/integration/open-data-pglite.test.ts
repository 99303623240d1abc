import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@dsd/db/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@dsd/db/embedded';
import { prepareDatabase } from '@dsd/db/setup';
import { buildApp, type AppInstance } from '@dsd/server/app';
import type { AppConfig } from '@dsd/server/config/env';
import { removeRedisKeys, testConfig } from '../support/app.ts';

/** The open data's hand-written queries (server-side cursors, lateral joins) on the `npm start` default database. */
let dir: string;
let pg: EmbeddedPostgres;
let shared: DbHandle;
let app: AppInstance;
let config: Readonly<AppConfig>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dsd-pglite-open-data-'));
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

describe('open data on embedded PGlite', () => {
  it('exports CSV from a cursor while other requests share the one connection', async () => {
    const [csv, districts] = await Promise.all([
      app.inject({ method: 'GET', url: '/api/v1/exports/assignments.csv?district=auezov' }),
      app.inject({ method: 'GET', url: '/api/v1/districts' }),
    ]);
    expect(csv.statusCode).toBe(200);
    expect(districts.statusCode).toBe(200);
    expect(parse(csv.body, { columns: true, bom: true })).toHaveLength(7);
  });

  it('serves the calendar, the neighbourhood feed and Open311', async () => {
    const ics = await app.inject({ method: 'GET', url: '/api/v1/calendar/auezov.ics' });
    expect(new ICAL.Component(ICAL.parse(ics.body)).getAllSubcomponents('vevent').length).toBeGreaterThan(0);
    const priorities = await app.inject({ method: 'GET', url: '/api/v1/neighbourhoods/auezov/priorities' });
    expect(priorities.json()).toHaveLength(5);
    const requests = await app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=open&service_code=cameras,drugs' });
    expect(requests.statusCode).toBe(200);
    expect(requests.json().length).toBeGreaterThan(0);
  });
});
