import { inList } from '@dsd/db/bulk';
import { and, asc, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '@dsd/db/client';
import { outbox } from '@dsd/db/schema/index';
import { JOB_SCHEMAS, isKnownJob, notifyEvent, type QueueName, type Queues } from './queues.ts';

export const outboxJobId = (id: number) => `ob-${id}`;

/** Counting stops here: past it the number only says "far behind". */
const BACKLOG_COUNT_CAP = 100_000;

/** Rows not yet moved to the queues and the oldest one's time, from the partial index of unpublished rows only. */
export async function outboxBacklog(db: Executor): Promise<{ pending: number; oldestAt: string | null }> {
  const [row] = await db.execute<{ pending: number; oldest: Date | string | null }>(sql`
    select
      (select count(*)::int from (select 1 from outbox where published_at is null and refused_at is null limit ${BACKLOG_COUNT_CAP}) b) as pending,
      (select created_at from outbox where published_at is null and refused_at is null order by id limit 1) as oldest`);
  return { pending: row?.pending ?? 0, oldestAt: row?.oldest ? new Date(row.oldest).toISOString() : null };
}

/**
 * Moves one batch of outbox rows into BullMQ. The job id is the outbox id, so a row published twice (a crash
 * between add and mark) is still one job. If Redis is down the add throws, the transaction rolls back and the
 * rows wait for the next round: the backlog drains when Redis returns.
 */
export async function relayOnce(db: Database, queues: Queues, batchSize = 200): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), isNull(outbox.refusedAt)))
      .orderBy(asc(outbox.id))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return 0;
    const byQueue = new Map<QueueName, typeof rows>();
    const refused: typeof rows = [];
    for (const row of rows) {
      if (!isKnownJob(row.queue, row.name)) {
        refused.push(row);
        continue;
      }
      if (!byQueue.has(row.queue)) byQueue.set(row.queue, []);
      byQueue.get(row.queue)!.push(row);
    }
    // A row for a queue or job no worker knows would sit in a queue forever or run the wrong processor: keep it
    // out of BullMQ, marked, for someone to look at.
    if (refused.length) {
      await tx
        .update(outbox)
        .set({ refusedAt: sql`now()`, lastError: 'unknown queue or job' })
        .where(
          inList(
            outbox.id,
            refused.map((r) => r.id),
          ),
        );
    }
    for (const [name, group] of byQueue) await queues[name].addBulk(toJobs(group));
    const published = rows.filter((r) => !refused.includes(r));
    if (published.length === 0) return rows.length;
    await tx
      .update(outbox)
      .set({ publishedAt: sql`now()`, attempts: sql`${outbox.attempts} + 1` })
      .where(
        and(
          inList(
            outbox.id,
            published.map((r) => r.id),
          ),
          isNull(outbox.publishedAt),
        ),
      );
    return rows.length;
  });
}

type OutboxRow = typeof outbox.$inferSelect;

/** Assignments one dispatch job hands out in one transaction, at most. */
export const DISPATCH_BATCH = 100;
/** Changes one notification job tells people about, in one transaction, at most. */
export const NOTIFY_BATCH = 50;

/**
 * One job per outbox row, except the two kinds a burst is made of: dispatches become jobs of up to DISPATCH_BATCH
 * assignments, notifications jobs of up to NOTIFY_BATCH changes, so the worker handles a burst in a few transactions
 * instead of one per row. Safe because both are idempotent: dispatching moves only `queued` assignments, and every
 * change keeps its own row's key for the notification dedupe; a merged job published twice after a crash finds
 * nothing left to do.
 */
function toJobs(rows: OutboxRow[]) {
  const jobs: Array<{ name: string; data: unknown; opts: { jobId: string } }> = [];
  let batch: { name: 'dispatch' | 'notify'; first: number; last: number; items: unknown[] } | null = null;
  const flush = () => {
    if (!batch) return;
    const jobId = batch.first === batch.last ? outboxJobId(batch.first) : `${outboxJobId(batch.first)}-${batch.last}`;
    const data = batch.name === 'dispatch' ? { assignmentIds: batch.items } : { events: batch.items };
    jobs.push({ name: batch.name, data, opts: { jobId } });
    batch = null;
  };
  for (const row of rows) {
    const merged = mergeable(row);
    if (!merged) {
      flush();
      jobs.push({ name: row.name, data: row.payload, opts: { jobId: outboxJobId(row.id) } });
      continue;
    }
    const limit = merged.name === 'dispatch' ? DISPATCH_BATCH : NOTIFY_BATCH;
    if (batch && (batch.name !== merged.name || batch.items.length + merged.items.length > limit)) flush();
    if (!batch) batch = { name: merged.name, first: row.id, last: row.id, items: [] };
    batch.items.push(...merged.items);
    batch.last = row.id;
  }
  flush();
  return jobs;
}

/** What a row adds to a merged job: its assignments, or its change under its own key. Null: a job of its own. */
function mergeable(row: OutboxRow): { name: 'dispatch' | 'notify'; items: unknown[] } | null {
  if (row.queue === 'assignments' && row.name === 'dispatch') {
    const parsed = JOB_SCHEMAS.assignments.dispatch.safeParse(row.payload);
    return parsed.success ? { name: 'dispatch', items: parsed.data.assignmentIds } : null;
  }
  if (row.queue === 'notifications' && row.name === 'notify') {
    const parsed = notifyEvent.safeParse(row.payload);
    return parsed.success ? { name: 'notify', items: [{ ...parsed.data, key: outboxJobId(row.id) }] } : null;
  }
  return null;
}

export interface RelayLoop {
  stop(): Promise<void>;
  /** Resolves after the next full pass (tests and shutdown use it). */
  drain(): Promise<void>;
}

export function startRelayLoop(db: Database, queues: Queues, intervalMs: number, onError: (err: unknown) => void): RelayLoop {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const tick = async () => {
    try {
      // Keep going while there is a backlog; back off while Redis or the database is down.
      while (!stopped && (await relayOnce(db, queues)) > 0) failures = 0;
      failures = 0;
    } catch (err) {
      failures++;
      if (failures === 1 || failures % 50 === 0) onError(err);
    }
  };
  const schedule = () => {
    if (stopped) return;
    const delay = failures ? Math.min(intervalMs * 2 ** Math.min(failures, 4), 2000) : intervalMs;
    timer = setTimeout(() => {
      running = tick().then(schedule);
    }, delay);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    async drain() {
      await running;
      await tick();
    },
  };
}
