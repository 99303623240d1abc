import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@dsd/db/audit-chain';
import { prepareDatabase } from '@dsd/db/setup';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { heldMeeting } from '../support/fixtures.ts';
import { PrivatePostgres } from '../support/postgres-server.ts';
import { PrivateRedis } from '../support/redis-server.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

/**
 * PostgreSQL restarted under load, on a private cluster and a private Redis (never the machine's shared servers):
 * requests fail fast with 503 in the error shape while it is down, nothing is half written, and the same API and
 * worker carry on when it is back: no process restart, no job lost.
 */
const SERVICES = ['district_inspectors', 'patrol', 'migration', 'juvenile'];
let pg: PrivatePostgres;
let redis: PrivateRedis;
let t: TestApp;
let worker: WorkerHandle;

beforeAll(async () => {
  [pg, redis] = await Promise.all([PrivatePostgres.create(), PrivateRedis.create()]);
  const url = await pg.createDatabase('dsd_fault');
  await prepareDatabase(url, { demo: true });
  t = await createTestApp({ REDIS_URL: redis.url, RELAY_INTERVAL_MS: '100', AUDIT_SEAL_INTERVAL_MS: '200', LOG_LEVEL: 'error' }, url);
  worker = await startTestWorker(t);
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await redis?.stop();
  await pg?.destroy();
});

interface Outcome {
  op: 'read' | 'proposal' | 'decision';
  key: string;
  services: number;
  status: number;
  ms: number;
  body: unknown;
  phase: 'before' | 'down' | 'after';
  startedAt: number;
}

describe('PostgreSQL restarted while requests and jobs run', () => {
  it('503s fast while down, nothing half written, API and worker recover by themselves, every job runs once', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const resident = await t.login('resident@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    let phase: Outcome['phase'] = 'before';
    const outcomes: Outcome[] = [];
    let stop = false;
    let n = 0;

    const client = async (lane: number) => {
      while (!stop) {
        const i = n++;
        const op = (['read', 'proposal', 'decision'] as const)[(i + lane) % 3]!;
        const key = `fault-${i}`;
        const services = 1 + (i % SERVICES.length);
        const started = performance.now();
        const at = phase;
        const res =
          op === 'read'
            ? await t.request({ method: 'GET', url: '/api/v1/proposals?district=auezov&limit=20' })
            : op === 'proposal'
              ? await t.request({
                  method: 'POST',
                  url: '/api/v1/proposals',
                  cookie: resident,
                  payload: { districtSlug: 'auezov', category: 'lighting', title: key, body: 'Темно во дворе у дома' },
                })
              : await t.request({
                  method: 'POST',
                  url: `/api/v1/meetings/${meeting.id}/decisions`,
                  cookie: coordinator,
                  payload: { kind: 'instruction', category: 'other', title: key, services: SERVICES.slice(0, services) },
                });
        outcomes.push({
          op,
          key,
          services,
          status: res.statusCode,
          ms: performance.now() - started,
          body: res.json(),
          phase: at === phase ? at : 'down',
          startedAt: started,
        });
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const load = Promise.all([0, 1, 2].map(client));

    await new Promise((r) => setTimeout(r, 1500));
    phase = 'down';
    await pg.stop('fast');
    const stoppedAt = performance.now();
    // While it is down: readiness says so, liveness still answers, requests fail fast.
    const ready = await t.request({ method: 'GET', url: '/api/v1/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error).toMatchObject({ code: 'NOT_READY', details: { db: 'down', redis: 'up' } });
    expect((await t.request({ method: 'GET', url: '/api/v1/health/live' })).statusCode).toBe(200);
    const metrics = await t.request({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('dsd_metrics_collector_up{collector="outbox"} 0');
    await new Promise((r) => setTimeout(r, 3000));
    const startAt = performance.now();
    await pg.start();
    phase = 'after';
    // The same processes take writes again, without a restart.
    await waitFor(async () => outcomes.some((o) => o.phase === 'after' && o.op !== 'read' && o.status === 201), {
      timeoutMs: 20_000,
      what: 'a write accepted after the restart',
    });
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await load;

    const statuses = new Set(outcomes.map((o) => o.status));
    expect(
      [...statuses].filter((s) => ![200, 201, 503].includes(s)),
      JSON.stringify(outcomes.find((o) => ![200, 201, 503].includes(o.status))),
    ).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    // Throughout the outage, not only at its start: requests asked 2 s into it still get their 503 at once.
    expect(unavailable.filter((o) => o.startedAt > stoppedAt + 2000 && o.startedAt < startAt).length).toBeGreaterThan(0);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const o of unavailable) {
      expect(o.body).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String), requestId: expect.any(String) } });
      // Fails fast: refused at once, never held for the driver's reconnect backoff (up to 20 s) or its 30 s connect wait.
      expect(o.ms).toBeLessThan(2000);
    }
    expect(outcomes.filter((o) => o.phase === 'before').every((o) => o.status < 300)).toBe(true);

    // Nothing half written: a write that answered 201 is all there; one that answered 503 is all there or not at all.
    const writes = outcomes.filter((o) => o.op !== 'read');
    const decisions = await t.db.sql<{ title: string; id: string; assignments: number; audited: number }[]>`
      select d.title, d.id,
        (select count(*)::int from assignments a where a.decision_id = d.id) as assignments,
        (select count(*)::int from audit_log l where l.entity_id = d.id::text) as audited
      from decisions d where d.title like 'fault-%'`;
    const proposalRows = await t.db.sql<{ title: string; id: string; audited: number }[]>`
      select p.title, p.id, (select count(*)::int from audit_log l where l.entity_id = p.id::text) as audited
      from proposals p where p.title like 'fault-%'`;
    const stored = new Map([...decisions, ...proposalRows].map((r) => [r.title, r]));
    for (const w of writes) {
      const row = stored.get(w.key);
      if (w.status === 201) expect(row, w.key).toBeDefined();
      if (!row) continue;
      expect(row.audited, `${w.key} audited`).toBeGreaterThan(0);
      if (w.op === 'decision') expect((row as (typeof decisions)[number]).assignments, `${w.key} assignments`).toBe(w.services);
    }
    expect(stored.size).toBe(new Set(writes.filter((w) => stored.has(w.key)).map((w) => w.key)).size);

    // No job lost: every assignment of every stored decision is dispatched, exactly once.
    const ids = decisions.map((d) => d.id);
    await waitFor(
      async () => {
        const [row] = await t.db.sql<{ waiting: number }[]>`
          select count(*)::int as waiting from assignments where decision_id = any(${ids}::uuid[]) and status = 'queued'`;
        return row!.waiting === 0;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'every assignment dispatched after the restart' },
    );
    const dispatchedTwice = await t.db.sql`
      select u.assignment_id from updates u join assignments a on a.id = u.assignment_id
      where a.decision_id = any(${ids}::uuid[]) and u.to_status = 'dispatched'
      group by u.assignment_id having count(*) <> 1`;
    expect(dispatchedTwice).toHaveLength(0);
    const [dispatched] = await t.db.sql<{ n: number; total: number }[]>`
      select count(*) filter (where status = 'dispatched')::int as n, count(*)::int as total
      from assignments where decision_id = any(${ids}::uuid[])`;
    expect(dispatched!.n).toBe(dispatched!.total);

    // The worker's own loops came back too: the outbox drains and the sequencer seals everything, chain intact.
    await waitFor(
      async () => {
        const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null and refused_at is null`;
        return row!.n === 0;
      },
      { timeoutMs: 30_000, what: 'outbox drained' },
    );
    await waitFor(async () => (await verifyAuditChain(t.db.db)).pending === 0, { timeoutMs: 30_000, what: 'audit sealed' });
    expect((await verifyAuditChain(t.db.db)).ok).toBe(true);
    expect((await t.request({ method: 'GET', url: '/api/v1/health/ready' })).statusCode).toBe(200);
  }, 180_000);
});
