import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayOnce } from '@dsd/server/modules/queue/relay';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { PrivateRedis } from '../support/redis-server.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

/**
 * Redis loses everything (no persistence, a restart): the queued jobs are derived again from PostgreSQL's outbox with
 * `npm run outbox:republish -- --since <time>`, and each runs once.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let redis: PrivateRedis;
let t: TestApp;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  redis = await PrivateRedis.create();
  t = await createTestApp({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await redis?.stop();
});

describe('Redis data lost', () => {
  it('jobs queued before the loss are queued again from the outbox and run once', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const since = new Date(Date.now() - 1000).toISOString();
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'other',
      title: 'До потери Redis',
      services: ['district_inspectors', 'patrol'],
    });
    const ids: string[] = decision.assignments.map((a: { id: string }) => a.id);
    // Published to BullMQ (no worker running yet), then Redis goes down and comes back empty.
    while ((await relayOnce(t.app.db, t.app.queues)) > 0);
    expect(await t.app.queues.assignments.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
    await redis.stop();
    await redis.start();
    // The API's queue handle reconnects by itself.
    await waitFor(async () => (await t.app.queues.assignments.getJobCounts('waiting').catch(() => null))?.waiting === 0, {
      what: 'Redis back, empty',
    });

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'republish-outbox', '--since', since], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.databaseUrl, REDIS_URL: redis.url, NODE_ENV: 'test' },
    });
    expect(stdout).toMatch(/^[1-9]\d* outbox rows handed back/m);

    worker = await startTestWorker(t);
    await waitFor(
      async () => {
        const [row] = await t.db.sql<
          { n: number }[]
        >`select count(*)::int as n from assignments where id = any(${ids}::uuid[]) and status = 'dispatched'`;
        return row!.n === ids.length;
      },
      { what: 'dispatched after the republish' },
    );
    // Once more (an operator who runs it twice): nothing runs twice.
    await t.db.sql`update outbox set published_at = null where published_at >= ${since}::timestamptz`;
    await worker.drainOutbox();
    await new Promise((r) => setTimeout(r, 1000));
    const twice = await t.db.sql`
      select assignment_id from updates where assignment_id = any(${ids}::uuid[]) and to_status = 'dispatched'
      group by assignment_id having count(*) <> 1`;
    expect(twice).toHaveLength(0);
    expect(await t.db.sql`select 1 from notifications group by dedupe_key, user_id having count(*) > 1`).toHaveLength(0);
  }, 120_000);
});
