import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, buildings, cameras } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting, organizationId } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
let worker: WorkerHandle;
let chair: string;
let coordinator: string;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  worker = await startTestWorker(t);
  [chair, coordinator, admin] = await Promise.all(['chair@demo.kz', 'coordinator@demo.kz', 'admin@demo.kz'].map((e) => t.login(e)));
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const upload = (kind: string, csv: string | Buffer, cookie: string, dryRun = false) =>
  t.request({
    method: 'POST',
    url: `/api/v1/imports/${kind}${dryRun ? '?dryRun=true' : ''}`,
    cookie,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
    payload: csv,
  });

async function finished(jobId: string, cookie: string) {
  return waitFor(
    async () => {
      const job = (await t.request({ method: 'GET', url: `/api/v1/imports/${jobId}`, cookie })).json();
      return job.status === 'done' || job.status === 'failed' ? job : null;
    },
    { what: 'import job' },
  );
}

const BUILDINGS = [
  'address,organization,district,entrances,flats,lat,lng',
  'мкр. Аксай-4 дом 201,ПКСК «Дәуір»,auezov,4,120,43.2361,76.8499',
  'мкр. Аксай-4 дом 203,ПКСК «Дәуір»,auezov,6,,,',
  'мкр. Аксай-4 дом 205,ПКСК «Дәуір»,auezov,many,80,,',
  '"мкр. Аксай-4, дом 207",ПКСК «Дәуір»,auezov,3,60,43.1,',
].join('\n');

describe('CSV import of buildings', () => {
  it('a dry run reports the bad rows by line and column and what would change, writing nothing', async () => {
    const before = await t.db.db.select({ n: sql<number>`count(*)::int` }).from(buildings);
    const res = await upload('buildings', BUILDINGS, chair, true);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      rows: 4,
      valid: 2,
      errors: [
        { line: 4, column: 'entrances', message: expect.any(String) },
        { line: 5, column: 'lng', message: 'give both coordinates or neither' },
      ],
      changes: { created: 2, updated: 0, unchanged: 0 },
    });
    const after = await t.db.db.select({ n: sql<number>`count(*)::int` }).from(buildings);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('applies the file as a background job without its bad rows; a re-upload changes nothing', async () => {
    const res = await upload('buildings', BUILDINGS, chair);
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json().jobId, chair);
    expect(job).toMatchObject({
      status: 'done',
      total: 4,
      processed: 4,
      report: { rows: 4, valid: 2, changes: { created: 2, updated: 0, unchanged: 0 } },
    });
    expect(job.report.errors.map((e: { line: number }) => e.line)).toEqual([4, 5]);
    const dauir = await organizationId(t.db, 'ПКСК «Дәуір»');
    const rows = await t.db.db
      .select()
      .from(buildings)
      .where(and(eq(buildings.organizationId, dauir), sql`${buildings.address} like 'мкр. Аксай-4 дом 20%'`));
    expect(rows.map((r) => r.address).sort()).toEqual(['мкр. Аксай-4 дом 201', 'мкр. Аксай-4 дом 203']);
    const again = await finished((await upload('buildings', BUILDINGS, chair)).json().jobId, chair);
    expect(again.report.changes).toEqual({ created: 0, updated: 0, unchanged: 2 });
    // The job is its author's (and admins'), nobody else's.
    expect((await t.request({ method: 'GET', url: `/api/v1/imports/${job.id}`, cookie: coordinator })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/imports/${job.id}`, cookie: admin })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/imports/${job.id}` })).statusCode).toBe(401);
  });

  it('refuses rows of another organization, unknown organizations and a wrong district', async () => {
    const csv = [
      'address,organization,district',
      '"мкр. Мамыр-4, 300",КСК «Мамыр»,auezov',
      'Дом 1,КСК «Нет такого»,auezov',
      'Дом 2,ПКСК «Дәуір»,almaly',
    ].join('\n');
    const res = (await upload('buildings', csv, chair, true)).json();
    expect(res.valid).toBe(0);
    expect(res.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [2, 'organization'],
      [3, 'organization'],
      [4, 'district'],
    ]);
  });

  it('refuses malformed files as a whole with a clear 4xx: wrong delimiter, missing columns, bad encoding, too many rows, unknown kind', async () => {
    const semicolons = await upload('buildings', 'address;organization;district\nДом;ПКСК «Дәуір»;auezov', chair, true);
    expect(semicolons.statusCode).toBe(400);
    expect(semicolons.json().error.message).toContain('commas');
    const missing = await upload('buildings', 'address,district\nДом,auezov', chair, true);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('organization');
    const latin1 = Buffer.concat([Buffer.from('address,organization,district\n'), Buffer.from([0xc4, 0xee, 0xec, 0x2c, 0x41, 0x2c, 0x61, 0x0a])]);
    const encoding = await upload('buildings', latin1, chair, true);
    expect(encoding.statusCode).toBe(400);
    expect(encoding.json().error.message).toContain('UTF-8');
    const many = ['address,organization,district', ...Array.from({ length: 20_001 }, (_, i) => `Дом ${i},ПКСК «Дәуір»,auezov`)].join('\n');
    const tooMany = await upload('buildings', many, chair, true);
    expect(tooMany.statusCode).toBe(400);
    const huge = await upload('buildings', `address,organization,district\n${'x'.repeat(5 * 1024 * 1024)}`, chair, true);
    expect(huge.statusCode).toBe(413);
    expect((await upload('people', 'a,b\n1,2', chair, true)).statusCode).toBe(404);
    // An unquoted comma shifts a row's values: that row is refused with a hint, the others stand.
    const shifted = (
      await upload(
        'buildings',
        'address,organization,district\nмкр. Аксай-4, 501,ПКСК «Дәуір»,auezov\n"мкр. Аксай-4, 503",ПКСК «Дәуір»,auezov',
        chair,
        true,
      )
    ).json();
    expect(shifted).toMatchObject({ rows: 2, valid: 1, errors: [{ line: 2, column: null, message: expect.stringContaining('double quotes') }] });
    const json = await t.request({ method: 'POST', url: '/api/v1/imports/buildings?dryRun=true', cookie: chair, payload: { address: 'x' } });
    expect(json.statusCode).toBe(400);
    expect((await upload('buildings', BUILDINGS, await t.login('resident@demo.kz'), true)).statusCode).toBe(403);
  });
});

describe('CSV import of cameras', () => {
  it('imports cameras by building, location and install year; impossible years and unknown buildings are per-row errors', async () => {
    const year = new Date().getFullYear();
    const csv = [
      'building_address,organization,location,install_year,owner,kind,status',
      'мкр. Аксай-4 дом 201,ПКСК «Дәуір»,entrance,2015,KSK,analog,working',
      'мкр. Аксай-4 дом 201,ПКСК «Дәуір»,courtyard,2016,city_network,dome,',
      `мкр. Аксай-4 дом 201,ПКСК «Дәуір»,parking,${year + 1},private,ip,working`,
      'мкр. Аксай-4 дом 201,ПКСК «Дәуір»,roof,1999,private,ip,working',
      'мкр. Луны 1,ПКСК «Дәуір»,entrance,2015,private,ip,working',
      'мкр. Аксай-4 дом 201,ПКСК «Дәуір»,entrance,2015,KSK,analog,working',
    ].join('\r\n');
    const dry = (await upload('cameras', csv, coordinator, true)).json();
    expect(dry.valid).toBe(2);
    expect(dry.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`)).toEqual([
      '4:install_year',
      '5:location',
      '5:install_year',
      '6:building_address',
      '7:install_year',
    ]);
    const job = await finished((await upload('cameras', csv, coordinator)).json().jobId, coordinator);
    expect(job.report.changes).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const [building] = await t.db.db.select().from(buildings).where(eq(buildings.address, 'мкр. Аксай-4 дом 201'));
    const rows = await t.db.db.select().from(cameras).where(eq(cameras.buildingId, building!.id));
    expect(rows.map((r) => `${r.location}:${r.installYear}:${r.owner}`).sort()).toEqual(['courtyard:2016:city_network', 'entrance:2015:association']);
    // Re-upload with one camera now faulty: one update, nothing duplicated.
    const again = await finished(
      (await upload('cameras', csv.replace('entrance,2015,KSK,analog,working', 'entrance,2015,KSK,analog,faulty'), coordinator)).json().jobId,
      coordinator,
    );
    expect(again.report.changes).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(await t.db.db.select().from(cameras).where(eq(cameras.buildingId, building!.id))).toHaveLength(2);
  });
});

describe('CSV progress import (service heads)', () => {
  const PROGRESS_HEADER = 'assignment_id,status,progress,contribution,note,evidence_url';
  let head: string;
  let officer: string;
  let inspectors: { id: string; version: number };
  let migration: { id: string };
  let decisionId: string;

  beforeAll(async () => {
    [head, officer] = await Promise.all(['head@demo.kz', 'migration@demo.kz'].map((e) => t.login(e)));
    const meeting = await heldMeeting(t, coordinator);
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'youth',
      title: 'Профилактические беседы в школах',
      services: ['district_inspectors', 'migration'],
    });
    decisionId = decision.id;
    const dispatched = await waitFor(
      async () => {
        const rows = await t.db.db.select().from(assignments).where(eq(assignments.decisionId, decision.id));
        return rows.every((r) => r.status === 'dispatched') ? rows : null;
      },
      { what: 'the assignments dispatched' },
    );
    inspectors = dispatched.find((r) => r.serviceCode === 'district_inspectors')!;
    migration = dispatched.find((r) => r.serviceCode === 'migration')!;
  });

  it('a dry run lists the transitions and refuses other services’ work, unknown ids, bad statuses and impossible moves', async () => {
    const csv = [
      PROGRESS_HEADER,
      `${inspectors.id},accepted,,,Взяли в работу,`,
      `${migration.id},accepted,,,,`,
      '00000000-0000-4000-8000-000000000000,accepted,,,,',
      `${inspectors.id.slice(0, 8)},finished,,,,`,
      `${inspectors.id},done,,,,`,
    ].join('\n');
    const res = await upload('progress', csv, head, true);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rows: 5, valid: 1, changes: { created: 0, updated: 1, unchanged: 0 } });
    expect(report.transitions).toEqual([{ line: 2, id: inspectors.id, from: 'dispatched', to: 'accepted', progress: 0 }]);
    expect(report.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [3, 'assignment_id'],
      [4, 'assignment_id'],
      [5, 'assignment_id'],
      [5, 'status'],
      [6, 'assignment_id'],
    ]);
    const [stored] = await t.db.db.select().from(assignments).where(eq(assignments.id, inspectors.id));
    expect(stored!.status).toBe('dispatched');
  });

  it('applies through the state machine with audit and timeline; a re-upload changes nothing; a stale version is a per-row error', async () => {
    const csv = [PROGRESS_HEADER, `${inspectors.id},accepted,,,Взяли в работу,`].join('\n');
    const job = await finished((await upload('progress', csv, head)).json().jobId, head);
    expect(job.report).toMatchObject({ valid: 1, changes: { updated: 1 }, transitions: [{ to: 'accepted' }] });
    const [accepted] = await t.db.db.select().from(assignments).where(eq(assignments.id, inspectors.id));
    expect(accepted).toMatchObject({ status: 'accepted', version: inspectors.version + 1 });
    const audit = await t.db.sql`select action from audit_log where entity_id = ${inspectors.id} and action = 'assignment.accepted'`;
    expect(audit).toHaveLength(1);

    const again = await finished((await upload('progress', csv, head)).json().jobId, head);
    expect(again.report.changes).toEqual({ created: 0, updated: 0, unchanged: 1 });

    const stale = [`${PROGRESS_HEADER},version`, `${inspectors.id},in_progress,30,,,,${inspectors.version}`].join('\n');
    const refused = (await upload('progress', stale, head, true)).json();
    expect(refused.errors).toEqual([{ line: 2, column: 'version', message: expect.stringContaining('stale') }]);

    const report = [PROGRESS_HEADER, `${inspectors.id},in_progress,40,,Провели 4 беседы,https://example.kz/photo.jpg`].join('\n');
    const done = await finished((await upload('progress', report, head)).json().jobId, head);
    expect(done.report.changes.updated).toBe(1);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/decisions/${decisionId}` })).json();
    expect(detail.assignments.find((a: { id: string }) => a.id === inspectors.id)).toMatchObject({ status: 'in_progress', progress: 40 });
    expect(
      detail.timeline.some(
        (e: { kind: string; evidenceUrl: string | null }) => e.kind === 'evidence' && e.evidenceUrl === 'https://example.kz/photo.jpg',
      ),
    ).toBe(true);
    expect(detail.progress).toBeGreaterThan(0);
  });

  it('is for service heads: an officer gets 403, and a file without the progress columns is a 400', async () => {
    expect((await upload('progress', `${PROGRESS_HEADER}\n${migration.id},accepted,,,,`, officer, true)).statusCode).toBe(403);
    const wrong = await upload('progress', `assignment_id,state\n${inspectors.id},done`, head, true);
    expect(wrong.statusCode).toBe(400);
  });
});
