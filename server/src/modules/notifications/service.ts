import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database, Executor } from '@dsd/db/client';
import { follows, notifications, users } from '@dsd/db/schema/index';
import type { Actor } from '../../lib/access.ts';
import type { EventPublisher } from '../../lib/events.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';
import { cursorCondition, toPage } from '../../lib/pagination.ts';
import { notificationTitle } from './messages.ts';
import type { Mailer } from './mailer.ts';

export interface Delivery {
  event: string;
  /** Same key on a retry: the (key, user) pair is unique, so a retried job notifies nobody twice. */
  dedupeKey: string;
  body: string;
  link: string | null;
  userIds: string[];
}

/** Inserts notifications in the recipient's language; returns only the ones that are new. */
export async function deliver(tx: Executor, delivery: Delivery): Promise<Array<{ id: string; userId: string }>> {
  const userIds = [...new Set(delivery.userIds)];
  if (userIds.length === 0) return [];
  const recipients = await tx.select({ id: users.id, locale: users.locale }).from(users).where(inArray(users.id, userIds));
  if (recipients.length === 0) return [];
  return tx
    .insert(notifications)
    .values(
      recipients.map((r) => ({
        userId: r.id,
        dedupeKey: delivery.dedupeKey,
        kind: delivery.event,
        title: notificationTitle(delivery.event, r.locale),
        body: delivery.body,
        link: delivery.link,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id, userId: notifications.userId });
}

/** After commit: tell each recipient's browser, and send email where configured. */
export async function announce(
  deps: { db: Database; events: EventPublisher; mailer: Mailer | null },
  created: Array<{ id: string; userId: string }>,
): Promise<void> {
  const at = new Date().toISOString();
  await deps.events.publishMany(
    created.map((n) => ({ channels: [`user:${n.userId}`], event: { kind: 'notification.created' as const, id: n.id, at } })),
  );
  if (deps.mailer && created.length) await deps.mailer.sendPending(created.map((n) => n.id));
}

export function createNotificationService({ db }: { db: Database }) {
  const view = (n: typeof notifications.$inferSelect) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    readAt: isoOrNull(n.readAt),
    createdAt: iso(n.createdAt),
  });
  return {
    async list(actor: Actor, q: { unread?: 'true' | 'false'; limit: number; cursor?: string }) {
      const rows = await db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, actor.id),
            q.unread === 'true' ? isNull(notifications.readAt) : undefined,
            cursorCondition(q.cursor, notifications.createdAt, notifications.id),
          ),
        )
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, view);
    },
    async unreadCount(actor: Actor) {
      const [row] = await db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
      return row?.n ?? 0;
    },
    async markRead(actor: Actor, input: { ids?: string[]; all?: boolean }) {
      const which = input.all ? undefined : inArray(notifications.id, input.ids?.length ? input.ids : ['00000000-0000-0000-0000-000000000000']);
      await db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt), which));
      return this.unreadCount(actor);
    },
    async follow(actor: Actor, targetType: 'district' | 'meeting' | 'proposal' | 'decision', targetId: string, on: boolean) {
      if (on) await db.insert(follows).values({ userId: actor.id, targetType, targetId }).onConflictDoNothing();
      else await db.delete(follows).where(and(eq(follows.userId, actor.id), eq(follows.targetType, targetType), eq(follows.targetId, targetId)));
    },
    async follows(actor: Actor) {
      const rows = await db.select().from(follows).where(eq(follows.userId, actor.id));
      return rows.map((r) => ({ targetType: r.targetType, targetId: r.targetId, createdAt: iso(r.createdAt) }));
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
