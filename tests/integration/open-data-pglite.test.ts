import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInstance } from '@dsd/server/app';
import { startPgliteApp, type PgliteApp } from '../support/pglite-app.ts';

/** The open data's hand-written queries (server-side cursors, lateral joins) on the `npm start` default database. */
let pglite: PgliteApp;
let app: AppInstance;

beforeAll(async () => {
  pglite = await startPgliteApp('open-data');
  ({ app } = pglite);
}, 120_000);
afterAll(async () => pglite?.close());

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
