import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { VISIBILITIES } from '@dsd/shared/enums';
import { FOLLOW_TARGETS } from '@dsd/shared/notifications';
import { UPDATE_KINDS } from '@dsd/shared/updates';
import { assignments, decisions } from './decisions.ts';
import { meetings } from './meetings.ts';
import { proposals } from './proposals.ts';
import { users } from './users.ts';

export const visibility = pgEnum('visibility', VISIBILITIES);
export const updateKind = pgEnum('update_kind', UPDATE_KINDS);
export const followTarget = pgEnum('follow_target', FOLLOW_TARGETS);

/** Timeline entries. Every status change writes one, in the same transaction. */
export const updates = pgTable(
  'updates',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: updateKind().notNull(),
    meetingId: uuid().references(() => meetings.id, { onDelete: 'cascade' }),
    proposalId: uuid().references(() => proposals.id, { onDelete: 'cascade' }),
    decisionId: uuid().references(() => decisions.id, { onDelete: 'cascade' }),
    assignmentId: uuid().references(() => assignments.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => users.id),
    fromStatus: text(),
    toStatus: text(),
    note: text(),
    progress: integer(),
    evidenceUrl: text(),
    /**
     * The public feed reads one index per district. The busy writers give it (they hold the row); otherwise a trigger
     * fills it in from the decision, proposal or meeting, three lookups per entry.
     */
    districtSlug: text()
      .notNull()
      .$defaultFn(() => sql`null`),
    visibility: visibility().notNull().default('public'),
    /** Hidden by a coordinator (e.g. a note naming a resident): gone from public timelines, kept for the record. */
    hidden: boolean().notNull().default(false),
    hiddenReason: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Each entry belongs to one or two of these: partial indexes keep the NULLs out (smaller, cheaper to write).
    index().on(t.decisionId, t.createdAt).where(sql`decision_id is not null`),
    index().on(t.assignmentId, t.createdAt).where(sql`assignment_id is not null`),
    index().on(t.proposalId, t.createdAt).where(sql`proposal_id is not null`),
    index().on(t.meetingId, t.createdAt).where(sql`meeting_id is not null`),
    // Ascending, read backward: ORDER BY created_at DESC means NULLS FIRST, which a DESC NULLS LAST index cannot give.
    index('updates_public_feed_idx')
      .on(t.districtSlug, t.createdAt, t.id)
      .where(sql`visibility = 'public' and hidden = false and decision_id is not null`),
  ],
);

/**
 * Append-only, hash-chained. Writers insert rows unsealed (seq and hash null) without waiting on each other; the
 * sequencer assigns chain positions and hashes once (see audit-chain.ts). A trigger refuses DELETE, TRUNCATE and any
 * UPDATE but that one fill-in (see the custom migrations).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** Chain position, 1-based, in the order the sequencer saw the rows committed. */
    seq: bigint({ mode: 'number' }),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid(),
    actorRole: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    prevHash: text(),
    hash: text(),
    sealedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    index().on(t.entityType, t.entityId),
    index().on(t.actorId),
    index().on(t.at),
    // Sealed rows only: the sequencer finds the unsealed through the index below. With the NULLs in this one too, the
    // planner took it for `seq is null` as a bitmap scan, which never marks the entries of sealed rows dead: every
    // seal then walked all rows sealed since the last vacuum (50,000 on the bench data, 14 ms a batch).
    uniqueIndex('audit_log_seq_idx').on(t.seq).where(sql`seq is not null`),
    index('audit_log_unsealed_idx').on(t.id).where(sql`seq is null`),
  ],
);

/** Transactional outbox: written with the change it announces, moved to BullMQ by the relay. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    queue: text().notNull(),
    name: text().notNull(),
    payload: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true, precision: 3 }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** Refused by the relay (a queue or job no worker knows): kept for inspection, never retried. */
    refusedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [index('outbox_unpublished_idx').on(t.id).where(sql`published_at is null and refused_at is null`)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Makes a processor retry harmless: one notification per (job, user). */
    dedupeKey: text().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    link: text(),
    /** Who made the change, in the recipient's language: a service, an organization, a coordinator. */
    actor: text(),
    /** A burst of the same event on the same thing, while unread, is one notification counting its changes. */
    groupCount: integer().notNull().default(1),
    readAt: timestamp({ withTimezone: true, precision: 3 }),
    emailedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.dedupeKey, t.userId),
    index().on(t.userId, t.createdAt),
    index('notifications_unread_group_idx').on(t.userId, t.kind, t.link).where(sql`read_at is null`),
  ],
);

/**
 * One row per (job, recipient) a notification job handled, grouped or not: a retried job finds its rows and tells
 * nobody twice, even when its notification merged into an earlier one.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    dedupeKey: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.dedupeKey, t.userId] })],
);

/**
 * A decision its district's followers have yet to hear of, written with the decision. They hear of a meeting's
 * decisions together, once the first has waited the quiet period (FOLLOWER_ANNOUNCE_DELAY_MS): a coordinator who
 * enters the minutes' twelve decisions sends each follower one notification, not twelve, and the worker writes a
 * district's thousand followers once instead of twelve times.
 */
export const followerAnnouncements = pgTable(
  'follower_announcements',
  {
    decisionId: uuid()
      .primaryKey()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.meetingId, t.createdAt)],
);

/** Which events a person hears about, and how: in the app, by email at once, or in one daily digest email. */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  mutedEvents: text().array().notNull().default(sql`'{}'::text[]`),
  inApp: boolean().notNull().default(true),
  email: boolean().notNull().default(true),
  digest: boolean().notNull().default(false),
  digestSentAt: timestamp({ withTimezone: true, precision: 3 }),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const follows = pgTable(
  'follows',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetType: followTarget().notNull(),
    targetId: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.targetType, t.targetId] }), index().on(t.targetType, t.targetId)],
);
