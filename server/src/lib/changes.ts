import type { Database, Executor } from '@dsd/db/client';
import { appendAudit, type AuditEntry } from '@dsd/db/audit-chain';
import { insertRows } from '@dsd/db/bulk';
import { outbox, updates } from '@dsd/db/schema/index';
import type { LiveEvent } from '@dsd/shared/live';
import type { OutboxMessage } from '../modules/queue/queues.ts';
import type { Actor } from './access.ts';
import type { EventPublisher, LiveMessage } from './events.ts';

export type TimelineInsert = typeof updates.$inferInsert;

/**
 * What one state change writes besides itself, all in its transaction: the audit rows, the timeline entries and
 * the outbox rows. They are collected and written as one multi-row insert each at the end of the work, before
 * commit; live events are published, in one batch, only after commit.
 */
export interface ChangeRecorder {
  tx: Executor;
  audit(entry: Omit<AuditEntry, 'actorId' | 'actorRole'>): void;
  timeline(entry: TimelineInsert): void;
  outbox(message: OutboxMessage): void;
  live(channels: string[], event: Omit<LiveEvent, 'at'>): void;
}

export interface ChangeDeps {
  db: Database;
  events: EventPublisher;
}

export async function recordChanges<T>(
  deps: ChangeDeps,
  actor: Pick<Actor, 'id' | 'role'> | null,
  work: (changes: ChangeRecorder) => Promise<T>,
): Promise<T> {
  return (await recordChangesWith(deps, actor, work, false)).value;
}

/** The same, with the timeline entries as written (ids, times): an answer that shows them needs no second read. */
export function recordChangesReturningTimeline<T>(
  deps: ChangeDeps,
  actor: Pick<Actor, 'id' | 'role'> | null,
  work: (changes: ChangeRecorder) => Promise<T>,
): Promise<{ value: T; timeline: Array<typeof updates.$inferSelect> }> {
  return recordChangesWith(deps, actor, work, true);
}

async function recordChangesWith<T>(
  deps: ChangeDeps,
  actor: Pick<Actor, 'id' | 'role'> | null,
  work: (changes: ChangeRecorder) => Promise<T>,
  returnTimeline: boolean,
): Promise<{ value: T; timeline: Array<typeof updates.$inferSelect> }> {
  const pending: LiveMessage[] = [];
  const result = await deps.db.transaction(async (tx) => {
    const audits: AuditEntry[] = [];
    const timeline: TimelineInsert[] = [];
    const messages: OutboxMessage[] = [];
    const recorder: ChangeRecorder = {
      tx,
      audit: (entry) => audits.push({ ...entry, actorId: actor?.id ?? null, actorRole: actor?.role ?? 'system' }),
      timeline: (entry) => timeline.push({ authorId: actor?.id ?? null, ...entry }),
      outbox: (message) => messages.push(message),
      live: (channels, event) => {
        pending.push({ channels, event: { ...event, at: new Date().toISOString() } });
      },
    };
    const value = await work(recorder);
    const [written] = await Promise.all([
      returnTimeline ? insertRows(tx, updates, timeline, { returning: true }) : insertRows(tx, updates, timeline).then(() => []),
      appendAudit(tx, ...audits),
      insertRows(tx, outbox, messages),
    ]);
    return { value, timeline: written };
  });
  await deps.events.publishMany(pending);
  return result;
}
