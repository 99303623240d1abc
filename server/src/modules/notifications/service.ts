import { insertRows, inList } from '@dsd/db/bulk';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '@dsd/db/client';
import { follows, notificationDeliveries, notificationPreferences, notifications, users } from '@dsd/db/schema/index';
import { DEFAULT_NOTIFICATION_PREFERENCES, type NotificationPreferences, UNMUTABLE_EVENTS, type NotificationEvent } from '@dsd/shared/notifications';
import type { Actor } from '../../lib/access.ts';
import type { EventPublisher } from '../../lib/events.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';
import { cursorCondition, toPage } from '../../lib/pagination.ts';
import { notificationTitle } from './messages.ts';
import type { Mailer } from './mailer.ts';

type Locale = 'ru' | 'kk' | 'en';
export type Localized = Record<Locale, string>;

export interface Delivery {
  event: string;
  /** Same key on a retry: one delivery row per (key, user), so a retried job notifies nobody twice. */
  dedupeKey: string;
  /** What it is about (a decision's or proposal's title). */
  body: string;
  link: string | null;
  userIds: string[];
  /** What changed, said for the recipient ("Video surveillance took the task on"); put before the title. */
  change?: Localized | null;
  /** Who changed it: a service, an organization, a coordinator. */
  actor?: Localized | null;
  /** A title of its own (several decisions told at once), instead of the event's. */
  title?: Localized | null;
  /**
   * Told in the very transaction that makes the change happen once (dispatch's queued → dispatched, the deadline
   * sweep's mark): a retry finds nothing to tell, so the ledger of delivered keys is not needed to keep it single.
   */
  once?: boolean;
}

export interface Delivered {
  id: string;
  userId: string;
  /** Send by email now (email on, no digest, and not already part of an emailed group). */
  emailNow: boolean;
}

/** A burst of the same event on the same thing within this window, while unread, becomes one notification. */
export const GROUP_WINDOW_MS = 15 * 60_000;

export async function preferencesOf(db: Executor, userId: string): Promise<NotificationPreferences> {
  const [row] = await db
    .select({ prefs: notificationPreferences, locale: users.locale })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(eq(users.id, userId));
  const prefs = row?.prefs;
  return {
    ...(prefs
      ? { mutedEvents: prefs.mutedEvents as NotificationEvent[], inApp: prefs.inApp, email: prefs.email, digest: prefs.digest }
      : { ...DEFAULT_NOTIFICATION_PREFERENCES, mutedEvents: [] }),
    locale: row?.locale ?? 'ru',
  };
}

/**
 * Notifies each recipient in their language, as their preferences ask: muted events are skipped, an unread
 * notification of the same event on the same thing from the last minutes is updated (its count goes up) instead of
 * a new one, and email-only readers get the row already read. Returns what is new or changed.
 */
export async function deliver(tx: Executor, delivery: Delivery): Promise<Delivered[]> {
  return deliverMany(tx, [delivery]);
}

/**
 * Several deliveries in one go, with the same rules as one (a dispatch of a hundred assignments notifies each
 * service's officers about each): five statements however many deliveries and readers, not five per delivery.
 */
export async function deliverMany(tx: Executor, deliveries: ReadonlyArray<Delivery>): Promise<Delivered[]> {
  const items = deliveries.map((d) => ({ ...d, userIds: [...new Set(d.userIds)] })).filter((d) => d.userIds.length > 0);
  if (items.length === 0) return [];
  const everyone = [...new Set(items.flatMap((d) => d.userIds))];
  const recipientRows = await tx
    .select({
      id: users.id,
      locale: users.locale,
      muted: notificationPreferences.mutedEvents,
      inApp: notificationPreferences.inApp,
      email: notificationPreferences.email,
      digest: notificationPreferences.digest,
    })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(inList(users.id, everyone));
  type Recipient = (typeof recipientRows)[number];
  const byId = new Map(recipientRows.map((r) => [r.id, r]));
  const wanted = items.map((d) => {
    const unmutable = (UNMUTABLE_EVENTS as readonly string[]).includes(d.event);
    const readers = d.userIds
      .map((id) => byId.get(id))
      .filter((r): r is Recipient => !!r && (unmutable || (!(r.muted ?? []).includes(d.event) && (r.inApp !== false || r.email !== false))));
    return { delivery: d, unmutable, readers };
  });
  const pairs = wanted.filter((w) => !w.delivery.once).flatMap((w) => w.readers.map((r) => ({ dedupeKey: w.delivery.dedupeKey, userId: r.id })));
  const fresh = await insertRows(tx, notificationDeliveries, pairs, { onConflictDoNothing: true, returning: true });
  const isFresh = new Set(fresh.map((f) => `${f.dedupeKey}|${f.userId}`));
  const now = new Date();
  const targets = wanted.flatMap(({ delivery, unmutable, readers }) =>
    readers
      .filter((r) => delivery.once || isFresh.has(`${delivery.dedupeKey}|${r.id}`))
      .map((r) => ({
        delivery,
        reader: r,
        body: delivery.change ? `${delivery.change[r.locale]} — ${delivery.body}` : delivery.body,
        actor: delivery.actor?.[r.locale] ?? null,
        emailNow: unmutable || (r.email !== false && r.digest !== true),
        readAt: r.inApp === false && !unmutable ? now : null,
      })),
  );
  if (targets.length === 0) return [];
  const keyOf = (t: { delivery: Delivery; reader: { id: string } }) => `${t.delivery.event}|${t.delivery.link}|${t.reader.id}`;
  // A burst delivered in one go (a merged job) groups like a burst delivered job by job: one row per reader, counted.
  const collapsed: Array<(typeof targets)[number] & { count: number }> = [];
  const slot = new Map<string, number>();
  for (const t of targets) {
    const at = t.delivery.link ? slot.get(keyOf(t)) : undefined;
    if (at === undefined) {
      if (t.delivery.link) slot.set(keyOf(t), collapsed.length);
      collapsed.push({ ...t, count: 1 });
    } else {
      const earlier = collapsed[at]!;
      collapsed[at] = { ...t, count: earlier.count + 1, emailNow: earlier.emailNow || t.emailNow };
    }
  }
  const out: Delivered[] = [];
  let rest = collapsed;
  const linked = collapsed.filter((t) => t.delivery.link);
  if (linked.length) {
    // Two jobs of one burst (same event on the same thing) run at once on different workers: one at a time, so the
    // second finds the first's rows and counts into them instead of both inserting. The locks in one order (no
    // deadlock between two jobs), one statement for all of them, and one update however many readers.
    const keys = [...new Set(linked.map((t) => `${t.delivery.event}|${t.delivery.link}`))].sort();
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(k)) from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) with ordinality as t(k, n) order by n`,
    );
    // Each reader's open group (the newest) is found through the unread index, one lookup per target: a lateral with a
    // limit is not flattened into a join the planner is free to order, which walked every unread notification (30,000
    // of them on the bench data: 30 ms per dispatch).
    const grouped = await tx.execute<{ id: string; user_id: string; kind: string; link: string; emailed_at: Date | null }>(sql`
      with target as (
        select m.id, v.body, v.actor, v.count
        from jsonb_to_recordset(${JSON.stringify(
          linked.map((t) => ({ user_id: t.reader.id, kind: t.delivery.event, link: t.delivery.link, body: t.body, actor: t.actor, count: t.count })),
        )}::jsonb) as v(user_id uuid, kind text, link text, body text, actor text, count int)
        cross join lateral (
          select id from notifications m
          where m.user_id = v.user_id and m.kind = v.kind and m.link = v.link and m.read_at is null
            and m.created_at > ${new Date(now.getTime() - GROUP_WINDOW_MS).toISOString()}::timestamptz
          order by m.created_at desc
          limit 1
        ) m
      )
      update notifications n set body = t.body, actor = t.actor, group_count = n.group_count + t.count, created_at = ${now.toISOString()}::timestamptz
      from target t
      where n.id = t.id
      returning n.id, n.user_id, n.kind, n.link, n.emailed_at`);
    const groupedBy = new Map(grouped.map((g) => [`${g.kind}|${g.link}|${g.user_id}`, g]));
    for (const t of linked) {
      const g = groupedBy.get(keyOf(t));
      // One email per burst: a group that was emailed is not emailed again for each change.
      if (g) out.push({ id: g.id, userId: t.reader.id, emailNow: t.emailNow && !g.emailed_at });
    }
    rest = collapsed.filter((t) => !t.delivery.link || !groupedBy.has(keyOf(t)));
  }
  if (rest.length) {
    const created = await insertRows(
      tx,
      notifications,
      rest.map((t) => ({
        userId: t.reader.id,
        dedupeKey: t.delivery.dedupeKey,
        kind: t.delivery.event,
        title: t.delivery.title?.[t.reader.locale] ?? notificationTitle(t.delivery.event, t.reader.locale),
        body: t.body,
        actor: t.actor,
        link: t.delivery.link,
        groupCount: t.count,
        // Email only: kept for the email and the record, but not waiting in the app.
        readAt: t.readAt,
      })),
      { onConflictDoNothing: true, returning: true },
    );
    const byKey = new Map(rest.map((t) => [`${t.delivery.dedupeKey}|${t.reader.id}`, t]));
    for (const c of created) out.push({ id: c.id, userId: c.userId, emailNow: byKey.get(`${c.dedupeKey}|${c.userId}`)!.emailNow });
  }
  return out;
}

/** After commit: tell each recipient's browser, and email those who want it now (the rest wait for the digest). */
export async function announce(deps: { db: Database; events: EventPublisher; mailer: Mailer | null }, created: Delivered[]): Promise<void> {
  const at = new Date().toISOString();
  await deps.events.publishMany(
    created.map((n) => ({ channels: [`user:${n.userId}`], event: { kind: 'notification.created' as const, id: n.id, at } })),
  );
  const now = created.filter((n) => n.emailNow);
  if (deps.mailer && now.length) await deps.mailer.sendPending(now.map((n) => n.id));
}

export function createNotificationService({ db }: { db: Database }) {
  const view = (n: typeof notifications.$inferSelect) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    actor: n.actor,
    count: n.groupCount,
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
    preferences: (actor: Actor) => preferencesOf(db, actor.id),
    async setPreferences(actor: Actor, input: Omit<NotificationPreferences, 'locale'> & { locale?: NotificationPreferences['locale'] }) {
      const { locale, ...rest } = input;
      const values = { ...rest, mutedEvents: [...new Set(rest.mutedEvents)], updatedAt: new Date() };
      await db.transaction(async (tx) => {
        await tx
          .insert(notificationPreferences)
          .values({ userId: actor.id, ...values })
          .onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
        if (locale) await tx.update(users).set({ locale }).where(eq(users.id, actor.id));
      });
      return preferencesOf(db, actor.id);
    },
    async follows(actor: Actor) {
      const rows = await db.select().from(follows).where(eq(follows.userId, actor.id));
      return rows.map((r) => ({ targetType: r.targetType, targetId: r.targetId, createdAt: iso(r.createdAt) }));
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
