import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, notifications, outbox, updates } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { heldMeeting } from '../support/fixtures.ts';
import { PrivateRedis } from '../support/redis-server.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

const SERVICES = ['district_inspectors', 'patrol', 'migration', 'counter_narcotics', 'juvenile', 'video_surveillance', 'public_helpers'];
let redis: PrivateRedis;
let t: TestApp;
let worker: WorkerHandle;

beforeAll(async () => {
  redis = await PrivateRedis.create();
  t = await createTestApp({ REDIS_URL: redis.url, RELAY_INTERVAL_MS: '100' });
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await redis?.stop();
});

describe('Redis outage', () => {
  it('1,000 assignments created while Redis is down are all dispatched exactly once after it returns', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    await redis.stop();
    const health = await t.request({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().checks).toEqual({ db: 'up', redis: 'down' });

    const created: string[] = [];
    for (let i = 0; created.length < 1000; i++) {
      const services = SERVICES.slice(0, Math.min(SERVICES.length, 1000 - created.length));
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/decisions`,
        cookie: coordinator,
        payload: { kind: 'instruction', category: 'other', title: `Поручение ${i}`, services },
      });
      expect(res.statusCode).toBe(201);
      created.push(...res.json().assignments.map((a: { id: string }) => a.id));
    }
    expect(created).toHaveLength(1000);
    const pending = await t.db.db
      .select({ n: sql<number>`coalesce(sum(jsonb_array_length(${outbox.payload}->'assignmentIds')), 0)::int` })
      .from(outbox)
      .where(and(eq(outbox.name, 'dispatch'), sql`published_at is null`));
    expect(pending[0]!.n).toBeGreaterThanOrEqual(1000);

    await redis.start();
    await waitFor(
      async () => {
        const rows = await t.db.db
          .select({ n: sql<number>`count(*)::int` })
          .from(assignments)
          .where(and(inArray(assignments.id, created), eq(assignments.status, 'dispatched')));
        return rows[0]!.n === 1000;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: '1000 dispatched' },
    );
    const dispatchedEntries = await t.db.db
      .select({ id: updates.assignmentId, n: sql<number>`count(*)::int` })
      .from(updates)
      .where(and(inArray(updates.assignmentId, created), eq(updates.toStatus, 'dispatched')))
      .groupBy(updates.assignmentId);
    expect(dispatchedEntries).toHaveLength(1000);
    expect(dispatchedEntries.every((r) => r.n === 1)).toBe(true);
    const versions = await t.db.db.select({ v: assignments.version }).from(assignments).where(inArray(assignments.id, created));
    expect(versions.every((r) => r.v === 2)).toBe(true);
    const dupes = await t.db.db
      .select({ k: notifications.dedupeKey, u: notifications.userId, n: sql<number>`count(*)::int` })
      .from(notifications)
      .groupBy(notifications.dedupeKey, notifications.userId)
      .having(sql`count(*) > 1`);
    expect(dupes).toHaveLength(0);
    expect((await t.request({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  }, 180_000);
});
