import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAllAudit, verifyAuditChain } from '@dsd/db/audit-chain';
import { createDb, type DbHandle } from '@dsd/db/client';
import { createTestApp, type TestApp } from '../support/app.ts';

/**
 * The API and the worker run as dsd_app, which migrations create: it reads and writes rows, appends to the audit log
 * and seals it, and can do nothing else — no DDL, no switching triggers off, no rewriting or deleting audit rows.
 * (The tests' own `t.db` stays the superuser that migrated the database: some tests tamper on purpose.)
 */
let t: TestApp;
let loginRole: string;
let asLogin: DbHandle;

beforeAll(async () => {
  t = await createTestApp();
  // The production split: a login role that is only a member of dsd_app, used as DATABASE_APP_URL.
  loginRole = `dsd_api_${randomBytes(4).toString('hex')}`;
  await t.db.sql.unsafe(`create role ${loginRole} login in role dsd_app`);
  const url = new URL(t.databaseUrl);
  url.username = loginRole;
  asLogin = createDb(url.toString(), { max: 1, role: 'dsd_app' });
});
afterAll(async () => {
  await asLogin?.close();
  // Roles are cluster-wide: this one goes with the test (it owns nothing, it is only a member of dsd_app).
  await t?.db.sql.unsafe(`drop role if exists ${loginRole}`);
  await t?.close();
});

const refused = (client: postgres.Sql, statement: string, pattern: RegExp = /permission denied|must be owner|append-only/) =>
  expect(client.unsafe(statement), statement).rejects.toThrow(pattern);
/** The API's own pool (drizzle keeps its driver as $client). */
const apiClient = () => (t.app.db as unknown as { $client: postgres.Sql }).$client;

describe('the app’s database role', () => {
  it('the API connects as dsd_app, not as the superuser that migrated', async () => {
    const [row] = await t.app.db.execute<{ current_user: string }>(sql`select current_user`);
    expect(row!.current_user).toBe('dsd_app');
    const [owner] = await t.db.sql<{ current_user: string }[]>`select current_user`;
    expect(owner!.current_user).not.toBe('dsd_app');
  });

  it('works the spine: writes through the API, appends audit rows and the sequencer seals them as dsd_app', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/meetings',
      cookie: coordinator,
      payload: { districtSlug: 'medeu', title: 'Роль приложения', startsAt: '2026-12-01T10:00:00Z', format: 'online', place: 'Zoom' },
    });
    expect(res.statusCode).toBe(201);
    expect(await sealAllAudit(asLogin.db)).toBeGreaterThan(0);
    expect((await verifyAuditChain(asLogin.db)).ok).toBe(true);
  });

  for (const [name, client] of [
    ['the API’s pool (SET ROLE dsd_app on the migrating user)', apiClient],
    ['a login role that is only a member of dsd_app', () => asLogin.sql],
  ] as const) {
    it(`${name}: cannot switch off the audit triggers, alter or drop tables, or rewrite and delete audit rows`, async () => {
      await refused(client(), 'alter table audit_log disable trigger audit_log_no_update');
      await refused(client(), 'alter table audit_log disable trigger all');
      await refused(client(), 'alter table users add column pwned text');
      await refused(client(), 'drop table outbox');
      await refused(client(), 'create table pwned (id int)');
      await refused(client(), 'truncate audit_log');
      await refused(client(), "update audit_log set action = 'forged' where id = (select min(id) from audit_log)");
      await refused(client(), 'delete from audit_log where id = (select min(id) from audit_log)');
      await refused(client(), "update audit_log set hash = repeat('0', 64) where seq = 1");
      await refused(client(), 'create role pwned superuser', /superuser|permission denied/);
      await refused(client(), 'create role pwned', /permission denied/);
    });
  }

  it('the login role cannot climb back to an owner: RESET ROLE stays dsd_app, SET ROLE to itself gains nothing', async () => {
    await asLogin.sql.unsafe('reset role');
    expect((await asLogin.sql<{ u: string }[]>`select current_user as u`)[0]!.u).toBe('dsd_app');
    await asLogin.sql.unsafe(`set role ${loginRole}`);
    expect((await asLogin.sql<{ u: string }[]>`select current_user as u`)[0]!.u).toBe(loginRole);
    await refused(asLogin.sql, 'alter table audit_log disable trigger audit_log_no_update');
    await refused(asLogin.sql, "update audit_log set action = 'forged' where id = (select min(id) from audit_log)");
    await refused(asLogin.sql, 'set role postgres', /permission denied/);
  });
});
