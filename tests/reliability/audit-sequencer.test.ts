import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, sealAllAudit, sealAuditBatch, verifyAuditChain } from '@dsd/db/audit-chain';
import { createDb, type DbHandle } from '@dsd/db/client';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ AUDIT_MAX_SEAL_DELAY_MS: '300', AUDIT_SEAL_INTERVAL_MS: '100' });
});
afterAll(async () => t?.close());

const entry = (i: number) => ({ actorId: null, actorRole: 'system', action: 'test.write', entityType: 'test', entityId: String(i), after: { i } });

describe('audit sequencer', () => {
  it('a write never waits for another writer’s open transaction', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    // A writer in another district that has written its audit row and not committed yet.
    const slow = t.db.db.transaction(async (tx) => {
      await appendAudit(tx, entry(-1));
      await held;
    });
    try {
      const started = Date.now();
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/meetings',
        cookie: coordinator,
        payload: { districtSlug: 'medeu', title: 'Не ждёт соседа', startsAt: '2026-12-20T10:00:00+05:00', format: 'online', place: 'Zoom' },
      });
      expect(res.statusCode).toBe(201);
      // Under the old global lock this request waited until the other transaction ended (never, here).
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      release();
      await slow;
    }
  });

  it('positions follow commit order: a row committed later is sealed later, whatever its id', async () => {
    await sealAllAudit(t.db.db);
    let commitEarly!: () => void;
    const early = new Promise<void>((r) => {
      commitEarly = r;
    });
    const [{ id: firstId }] = (await t.db.sql`select nextval('audit_log_id_seq') as id`) as unknown as [{ id: string }];
    const older = t.db.db.transaction(async (tx) => {
      await appendAudit(tx, entry(1));
      await early;
    });
    await new Promise((r) => setTimeout(r, 50));
    await t.db.db.transaction((tx) => appendAudit(tx, entry(2)));
    await sealAllAudit(t.db.db);
    commitEarly();
    await older;
    await sealAllAudit(t.db.db);
    const rows = await t.db.sql<{ id: string; seq: string; entity_id: string }[]>`
      select id, seq, entity_id from audit_log where action = 'test.write' and entity_id in ('1', '2') and id > ${firstId}`;
    const one = rows.find((r) => r.entity_id === '1')!;
    const two = rows.find((r) => r.entity_id === '2')!;
    expect(Number(one.id)).toBeLessThan(Number(two.id));
    expect(Number(one.seq)).toBeGreaterThan(Number(two.seq));
    expect(await verifyAuditChain(t.db.db)).toMatchObject({ ok: true, pending: 0 });
  });

  it('two sequencers racing over 400 concurrent writes never seal the same position; the chain verifies', async () => {
    const second: DbHandle = createDb(t.databaseUrl, { max: 4 });
    try {
      let writing = true;
      const sequencer = async (db: DbHandle) => {
        let sealed = 0;
        while (writing) {
          sealed += (await sealAuditBatch(db.db, 25)).sealed;
          await new Promise((r) => setTimeout(r, 2));
        }
        return sealed;
      };
      const sequencers = [sequencer(t.db), sequencer(second)];
      const writes = Array.from({ length: 40 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 10; i++) await t.db.db.transaction((tx) => appendAudit(tx, entry(1000 + w * 10 + i)));
        })(),
      );
      await Promise.all(writes);
      writing = false;
      const [a, b] = await Promise.all(sequencers);
      expect(a + b).toBeGreaterThan(0);
      await sealAllAudit(t.db.db);
      const [stats] = await t.db.sql<{ n: number; distinct_seq: number; max_seq: number; unsealed: number }[]>`
        select count(*)::int n, count(distinct seq)::int distinct_seq, max(seq)::int max_seq, count(*) filter (where seq is null)::int unsealed from audit_log`;
      expect(stats).toMatchObject({ unsealed: 0, distinct_seq: stats!.n, max_seq: stats!.n });
      expect(await verifyAuditChain(t.db.db)).toMatchObject({ ok: true, checked: stats!.n });
    } finally {
      await second.close();
    }
  });

  it('while no sequencer runs, writes commit and verify reports the backlog; two workers coming back seal where it stopped', async () => {
    const admin = await t.login('admin@demo.kz');
    await sealAllAudit(t.db.db);
    const head = (await t.request({ method: 'GET', url: '/api/v1/audit/head' })).json();
    expect(head).toMatchObject({ size: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/), maxSealDelayMs: 300 });
    const coordinator = await t.login('coordinator@demo.kz');
    for (let i = 0; i < 3; i++) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/meetings',
        cookie: coordinator,
        payload: { districtSlug: 'turksib', title: `Без секвенсора ${i}`, startsAt: '2026-12-21T10:00:00+05:00', format: 'online', place: 'Zoom' },
      });
      expect(res.statusCode).toBe(201);
    }
    await new Promise((r) => setTimeout(r, 400));
    const behind = (await t.request({ method: 'GET', url: '/api/v1/audit/verify', cookie: admin })).json();
    expect(behind).toMatchObject({ ok: true, checked: head.size, sealingLate: true });
    expect(behind.pending).toBeGreaterThanOrEqual(3);
    expect(behind.oldestPendingAgeMs).toBeGreaterThanOrEqual(300);

    // Two workers come back at once: one sequencer seals at a time, and no position is used twice.
    let workers: WorkerHandle[] = [];
    try {
      workers = await Promise.all([startTestWorker(t), startTestWorker(t)]);
      await waitFor(async () => (await t.request({ method: 'GET', url: '/api/v1/audit/verify', cookie: admin })).json().pending === 0, {
        what: 'the workers’ sequencer',
      });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const after = (await t.request({ method: 'GET', url: '/api/v1/audit/verify', cookie: admin })).json();
    expect(after).toMatchObject({ ok: true, pending: 0, sealingLate: false });
    expect(after.checked).toBeGreaterThanOrEqual(head.size + 3);
    const [{ n }] = (await t.db.db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as [{ n: number }];
    expect(after.head.size).toBe(n);
    const [{ dupes }] = (await t.db.db.execute(sql`select count(*) - count(distinct seq) as dupes from audit_log`)) as unknown as [{ dupes: string }];
    expect(Number(dupes)).toBe(0);
  });
});
