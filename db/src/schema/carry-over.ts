import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CARRY_STATUSES } from '@dsd/shared/carry-over';
import { decisions } from './decisions.ts';
import { meetings } from './meetings.ts';
import { districts } from './reference.ts';
import { users } from './users.ts';

export const carryStatus = pgEnum('carry_status', CARRY_STATUSES);

/**
 * What a meeting decided about a promise carried to it from an earlier meeting of the district: kept, extended
 * (with the new deadline and the one it replaced) or dropped, with the reason. One row per meeting and decision;
 * the carried list itself is computed from the decisions, never stored.
 */
export const carryOvers = pgTable(
  'carry_overs',
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    decisionId: uuid()
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    status: carryStatus().notNull(),
    reason: text(),
    newDueAt: timestamp({ withTimezone: true, precision: 3 }),
    previousDueAt: timestamp({ withTimezone: true, precision: 3 }),
    recordedBy: uuid().references(() => users.id),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.meetingId, t.decisionId), index().on(t.decisionId)],
);
