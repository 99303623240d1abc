import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
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
    /** Set by an admin: the account no longer signs in and its sessions are gone. */
    deactivatedAt: timestamp({ withTimezone: true, precision: 3 }),
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

/** What an invite grants once accepted: the role and its scope, as the admin chose them. */
export interface InviteGrants {
  districts: string[];
  services: Array<{ service: string; district: string | null }>;
  organizationId: string | null;
}

/**
 * An admin's invitation of a staff member (or chair) by email. Only a hash of the link's token is kept; the link
 * works once (acceptedAt) and until expiresAt.
 */
export const invites = pgTable(
  'invites',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull(),
    email: text().notNull(),
    role: userRole().notNull(),
    /** The language of the email, and of the account it creates. */
    locale: locale().notNull().default('ru'),
    grants: jsonb().$type<InviteGrants>().notNull(),
    invitedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, precision: 3 }),
    userId: uuid().references(() => users.id),
  },
  (t) => [uniqueIndex().on(t.tokenHash), index().on(t.email)],
);

export const chairRequestStatus = pgEnum('chair_request_status', ['pending', 'confirmed', 'rejected']);

/** A registered resident asks to be recognised as the chair of an organization; the district's coordinator decides. */
export const chairRequests = pgTable(
  'chair_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    note: text(),
    status: chairRequestStatus().notNull().default('pending'),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.status), index().on(t.userId)],
);
