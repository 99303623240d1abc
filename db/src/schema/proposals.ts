import { boolean, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { PROPOSAL_STATUSES } from '@dsd/shared/status-machines';
import { meetings } from './meetings.ts';
import { categories, districts, organizations } from './reference.ts';
import { users } from './users.ts';

export const proposalStatus = pgEnum('proposal_status', PROPOSAL_STATUSES);

export const proposals = pgTable(
  'proposals',
  {
    id: uuid().primaryKey().defaultRandom(),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    category: text()
      .notNull()
      .references(() => categories.code),
    title: text().notNull(),
    body: text().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    organizationId: uuid().references(() => organizations.id),
    meetingId: uuid().references(() => meetings.id),
    address: text(),
    lat: doublePrecision(),
    lng: doublePrecision(),
    confidentialDetails: text(),
    status: proposalStatus().notNull().default('submitted'),
    reason: text(),
    answer: text(),
    mergedIntoId: uuid().references((): AnyPgColumn => proposals.id),
    supportCount: integer().notNull().default(0),
    hidden: boolean().notNull().default(false),
    hiddenReason: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.districtSlug, t.createdAt),
    index().on(t.category, t.createdAt),
    index().on(t.status, t.createdAt),
    index().on(t.meetingId),
    index().on(t.authorId),
    index().on(t.organizationId),
    index().on(t.createdAt, t.id),
    // Public lists filter a district by status or category, newest first: one index range each, even for rare pairs.
    index().on(t.districtSlug, t.status, t.createdAt, t.id),
    index().on(t.districtSlug, t.category, t.createdAt, t.id),
  ],
);

export const supports = pgTable(
  'supports',
  {
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.userId] })],
);
