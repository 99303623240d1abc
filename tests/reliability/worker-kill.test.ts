import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, notifications, updates } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';
import { heldMeeting, queuedAssignments } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let t: TestApp;
const children: ChildProcess[] = [];

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/worker.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      REDIS_PREFIX: t.prefix,
      WORKER_LOCK_MS: '2000',
      WORKER_CONCURRENCY: '4',
      RELAY_INTERVAL_MS: '50',
      LOG_LEVEL: 'warn',
    },
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await t?.close();
});

const dispatchedCount = async (ids: string[]) =>
  (
    await t.db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(assignments)
      .where(and(inArray(assignments.id, ids), eq(assignments.status, 'dispatched')))
  )[0]!.n;

describe('worker killed mid-batch', () => {
  it('SIGKILL in the middle: a new worker finishes, every assignment dispatched once, no duplicate notifications or timeline entries', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const ids = await queuedAssignments(t, coordinator, meeting.id, 700);

    const first = spawnWorker();
    const before = await waitFor(
      async () => {
        const n = await dispatchedCount(ids);
        return n >= 20 && n;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: 'first dispatches' },
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(before).toBeLessThan(ids.length);

    spawnWorker();
    await waitFor(async () => (await dispatchedCount(ids)) === ids.length, {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: 'all dispatched after restart',
    });

    const perAssignment = await t.db.db
      .select({ id: updates.assignmentId, n: sql<number>`count(*)::int` })
      .from(updates)
      .where(and(inArray(updates.assignmentId, ids), eq(updates.toStatus, 'dispatched')))
      .groupBy(updates.assignmentId);
    expect(perAssignment).toHaveLength(ids.length);
    expect(perAssignment.every((r) => r.n === 1)).toBe(true);
    const dupes = await t.db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .groupBy(notifications.dedupeKey, notifications.userId)
      .having(sql`count(*) > 1`);
    expect(dupes).toHaveLength(0);
    const perOfficer = await t.db.db
      .select({ body: notifications.body, user: notifications.userId, n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(eq(notifications.kind, 'assignment.dispatched'))
      .groupBy(notifications.body, notifications.userId)
      .having(sql`count(*) > 1`);
    expect(perOfficer).toHaveLength(0);
  }, 240_000);
});
