import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { DECISION_KINDS, TARGET_UNITS, type TargetUnit } from '@dsd/shared/enums';
import { ASSIGNMENT_STATUSES, DECISION_STATUSES } from '@dsd/shared/status-machines';
import { CONFIRMATIONS } from '@dsd/shared/assignments';
import { REGISTRY_METRICS, type RegistryMetric } from '@dsd/shared/registries';
import { meetings } from './meetings.ts';
import { proposals } from './proposals.ts';
import { categories, districts, services } from './reference.ts';
import { users } from './users.ts';

export const decisionKind = pgEnum('decision_kind', DECISION_KINDS);
export const assignmentStatus = pgEnum('assignment_status', ASSIGNMENT_STATUSES);
export const confirmation = pgEnum('confirmation', CONFIRMATIONS);
export const decisionStatus = pgEnum('decision_status', DECISION_STATUSES);

export const decisions = pgTable(
  'decisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    kind: decisionKind().notNull(),
    category: text()
      .notNull()
      .references(() => categories.code),
    title: text().notNull(),
    description: text(),
    targetValue: doublePrecision(),
    /** One of TARGET_UNITS; a trigger maps legacy free text ("камер") on the way in, see migration 0007. */
    targetUnit: text().$type<TargetUnit>(),
    /** The target is measured from a registry (cameras, helpers, chats) instead of the assignments' contributions. */
    targetMetric: text().$type<RegistryMetric>(),
    dueAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Derived from the assignments (deriveDecisionProgress) in the transaction that changes them: a read model. */
    status: decisionStatus().notNull().default('open'),
    progress: integer().notNull().default(0),
    achieved: doublePrecision(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.meetingId),
    index().on(t.districtSlug, t.createdAt),
    index('decisions_metric_idx').on(t.districtSlug, t.targetMetric).where(sql`target_metric is not null`),
    check('decisions_target_metric_check', sql.raw(`target_metric in (${REGISTRY_METRICS.map((m) => `'${m}'`).join(', ')})`)),
    // Promises a district still owes, by deadline: the carried list of its next meeting reads one range. (Named by
    // what they are not: a value added to the enum in the same migration run may not appear in a predicate.)
    index('decisions_open_by_due_idx').on(t.districtSlug, t.dueAt).where(sql`status not in ('done','cancelled')`),
    check('decisions_target_unit_check', sql.raw(`target_unit in (${TARGET_UNITS.map((u) => `'${u}'`).join(', ')})`)),
  ],
);

export const decisionProposals = pgTable(
  'decision_proposals',
  {
    decisionId: uuid()
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.proposalId] }), index().on(t.proposalId)],
);

export const assignments = pgTable(
  'assignments',
  {
    id: uuid().primaryKey().defaultRandom(),
    decisionId: uuid()
      .notNull()
      .references(() => decisions.id),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    serviceCode: text()
      .notNull()
      .references(() => services.code),
    officerId: uuid().references(() => users.id),
    status: assignmentStatus().notNull().default('queued'),
    dueAt: timestamp({ withTimezone: true, precision: 3 }),
    progress: integer().notNull().default(0),
    /** This assignment's share of the decision's measurable target (e.g. 12 of 40 cameras). */
    contribution: doublePrecision(),
    blockedReason: text(),
    confirmation: confirmation(),
    /**
     * Past due and still open. Derived from due_at and status: a trigger sets it on every write and the worker's
     * sweep flips it when the clock passes due_at, so counting overdue work never scans the table.
     */
    overdue: boolean().notNull().default(false),
    /** First time a chair disputed the result; a dispute counts once per assignment. */
    disputedAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * The due time the officers were last reminded of, and the one escalated: the worker's deadline sweep sends a
     * notice when these differ from due_at (a moved deadline is reminded and escalated afresh).
     */
    remindedFor: timestamp({ withTimezone: true, precision: 3 }),
    escalatedFor: timestamp({ withTimezone: true, precision: 3 }),
    version: integer().notNull().default(1),
    dispatchedAt: timestamp({ withTimezone: true, precision: 3 }),
    doneAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.decisionId),
    // Work lists filter by service or district and status, newest first.
    index().on(t.serviceCode, t.status, t.createdAt, t.id),
    index().on(t.districtSlug, t.status, t.createdAt, t.id),
    index().on(t.officerId),
    index().on(t.status, t.dueAt),
    index().on(t.createdAt, t.id),
    // Work finished in a district, by when: "done since the last meeting".
    index('assignments_done_by_district_idx').on(t.districtSlug, t.doneAt).where(sql`status = 'done'`),
    index('assignments_overdue_sweep_idx')
      .on(t.dueAt)
      .where(sql`overdue = false and status in ('queued','dispatched','accepted','in_progress','blocked','reopened')`),
    // The deadline sweep's two questions, answered from the few open rows not yet told about their due time.
    index('assignments_reminder_sweep_idx')
      .on(t.dueAt)
      .where(sql`reminded_for is distinct from due_at and status in ('queued','dispatched','accepted','in_progress','blocked','reopened')`),
    index('assignments_escalation_sweep_idx')
      .on(t.dueAt)
      .where(sql`escalated_for is distinct from due_at and status in ('queued','dispatched','accepted','in_progress','blocked','reopened')`),
  ],
);
