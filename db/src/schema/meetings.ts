import { index, integer, pgEnum, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { MEETING_FORMATS } from '@dsd/shared/enums';
import { MEETING_STATUSES } from '@dsd/shared/status-machines';
import { districts, organizations } from './reference.ts';
import { users } from './users.ts';

export const meetingFormat = pgEnum('meeting_format', MEETING_FORMATS);
export const meetingStatus = pgEnum('meeting_status', MEETING_STATUSES);

export const meetings = pgTable(
  'meetings',
  {
    id: uuid().primaryKey().defaultRandom(),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    title: text().notNull(),
    startsAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    format: meetingFormat().notNull(),
    place: text().notNull(),
    agenda: text(),
    minutes: text(),
    status: meetingStatus().notNull().default('planned'),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.districtSlug, t.startsAt), index().on(t.status, t.startsAt)],
);

export const meetingAttendees = pgTable(
  'meeting_attendees',
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    registeredBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.meetingId, t.organizationId)],
);
