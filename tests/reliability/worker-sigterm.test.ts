import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { heldMeeting, queuedAssignments } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';

/** A worker stopped with SIGTERM (a deploy, a scale-down) finishes the jobs it holds and exits; nothing waits for a lock. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const QUEUES = ['assignments', 'deadlines', 'notifications', 'maintenance'];
let t: TestApp;
const children: ChildProcess[] = [];

function spawnWorker(): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/worker.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      REDIS_PREFIX: t.prefix,
      // Long locks: a job abandoned by the stopping worker would sit "active" for 60 s, where the test sees it.
      WORKER_LOCK_MS: '60000',
      WORKER_CONCURRENCY: '4',
      RELAY_INTERVAL_MS: '50',
      LOG_LEVEL: 'info',
    },
  });
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  children.push(child);
  return { child, output };
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await t?.close();
});

const counts = async (ids: string[]) => {
  const [row] = await t.db.sql<{ dispatched: number; total: number }[]>`
    select count(*) filter (where status = 'dispatched')::int as dispatched, count(*)::int as total
    from assignments where id = any(${ids}::uuid[])`;
  return row!;
};

describe('worker stopped with SIGTERM mid-burst', () => {
  it('finishes the jobs it holds and exits 0; another worker does the rest, each assignment dispatched once', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const ids = await queuedAssignments(t, coordinator, meeting.id, 700);

    const first = spawnWorker();
    await waitFor(async () => (await counts(ids)).dispatched >= 20, { timeoutMs: 60_000, intervalMs: 20, what: 'first dispatches' });
    const stoppedAt = Date.now();
    first.child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => first.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    // Well within the 30 s the worker allows itself, and far from the 60 s lock a dropped job would wait for.
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    expect(first.output.join('')).toContain('worker shutting down');

    // Nothing it took is left held: no job "active" (a job dropped mid-way would stay so until its lock expired).
    const prefix = t.prefix;
    const connection = { url: t.config.redisUrl, maxRetriesPerRequest: 1 };
    for (const name of QUEUES) {
      const queue = new Queue(name, { connection, prefix });
      try {
        const c = await queue.getJobCounts('active', 'failed');
        expect(c.active, `${name} active after SIGTERM`).toBe(0);
        expect(c.failed, `${name} failed`).toBe(0);
      } finally {
        await queue.close();
      }
    }
    const midway = await counts(ids);
    expect(midway.dispatched).toBeLessThan(ids.length);

    spawnWorker();
    await waitFor(async () => (await counts(ids)).dispatched === ids.length, {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: 'all dispatched by the second worker',
    });
    const twice = await t.db.sql`
      select assignment_id from updates where assignment_id = any(${ids}::uuid[]) and to_status = 'dispatched'
      group by assignment_id having count(*) <> 1`;
    expect(twice).toHaveLength(0);
    const dupes = await t.db.sql`select 1 from notifications group by dedupe_key, user_id having count(*) > 1`;
    expect(dupes).toHaveLength(0);
  }, 240_000);
});
