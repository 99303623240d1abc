import type { Database, Executor } from '@dsd/db/client';
import { appendAudit, type AuditEntry } from '@dsd/db/audit-chain';
import { outbox, updates } from '@dsd/db/schema/index';
import type { LiveEvent } from '@dsd/shared/live';
import type { Actor } from './access.ts';
import type { EventPublisher, LiveMessage } from './events.ts';

export type TimelineInsert = typeof updates.$inferInsert;

export interface OutboxMessage {
  queue: string;
  name: string;
  payload: Record<string, unknown>;
}

/**
 * What one state change writes besides itself, all in its transaction: the audit row, the timeline entry and
 * the outbox rows. Live events are collected and published only after commit.
 */
export interface ChangeRecorder {
  tx: Executor;
  audit(entry: Omit<AuditEntry, 'actorId' | 'actorRole'>): Promise<void>;
  timeline(entry: TimelineInsert): Promise<void>;
  outbox(message: OutboxMessage): Promise<void>;
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
  const pending: LiveMessage[] = [];
  const result = await deps.db.transaction(async (tx) => {
    const recorder: ChangeRecorder = {
      tx,
      audit: (entry) => appendAudit(tx, { ...entry, actorId: actor?.id ?? null, actorRole: actor?.role ?? 'system' }),
      timeline: async (entry) => {
        await tx.insert(updates).values({ authorId: actor?.id ?? null, ...entry });
      },
      outbox: async (message) => {
        await tx.insert(outbox).values(message);
      },
      live: (channels, event) => {
        pending.push({ channels, event: { ...event, at: new Date().toISOString() } });
      },
    };
    return work(recorder);
  });
  for (const message of pending) await deps.events.publish(message);
  return result;
}
