import { bigint, bigserial, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Read model of the public numbers: one row per (metric, district, key), e.g. ('proposals.status', 'auezov',
 * 'accepted') → 120. Only the fold (one writer, in the worker) changes these rows, so writers never wait on them.
 */
export const statCounters = pgTable(
  'stat_counters',
  {
    metric: text().notNull(),
    districtSlug: text().notNull(),
    key: text().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.districtSlug, t.key] })],
);

/**
 * Changes to the counters, appended by statement triggers in the writing transaction (inserts only: no row is
 * shared between writers). Readers add the unfolded deltas to the counters, so the numbers are exact at once;
 * the fold moves them into stat_counters in the background to keep this table small.
 */
export const statDeltas = pgTable(
  'stat_deltas',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    metric: text().notNull(),
    districtSlug: text().notNull(),
    key: text().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
    /** When the writing transaction began: the oldest unfolded row's age is the projection lag (GET /metrics). */
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.metric, t.districtSlug, t.key)],
);

/**
 * Which version of the derivation rules (e.g. deriveDecisionProgress) the stored read models follow. When the code's
 * rules move on, start-up rebuilds them once (setup.ts), so a rule change never leaves old numbers behind.
 */
export const readModelState = pgTable('read_model_state', {
  name: text().primaryKey(),
  rulesVersion: integer().notNull(),
  rebuiltAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
