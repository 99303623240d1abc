import { index, pgEnum, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { LOCALES, ROLES } from '@dsd/shared/enums';
import { districts, organizations, services } from './reference.ts';

export const userRole = pgEnum('user_role', ROLES);
export const locale = pgEnum('locale', LOCALES);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    name: text().notNull(),
    phone: text(),
    role: userRole().notNull().default('resident'),
    locale: locale().notNull().default('ru'),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    passwordChangedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.email)],
);

/** Where a user's role applies: a district, a service, an organization (any combination, one per row). */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    districtSlug: text().references(() => districts.slug),
    serviceCode: text().references(() => services.code),
    organizationId: uuid().references(() => organizations.id),
  },
  (t) => [index().on(t.userId), index().on(t.serviceCode), index().on(t.districtSlug), index().on(t.organizationId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not leak live sessions. */
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.userId), index().on(t.expiresAt)],
);
