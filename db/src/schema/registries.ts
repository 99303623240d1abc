import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  CAMERA_KINDS,
  CAMERA_LOCATIONS,
  CAMERA_OWNERS,
  CAMERA_STATUSES,
  FEEDBACK_KINDS,
  FEEDBACK_STATUSES,
  HELPER_STATUSES,
} from '@dsd/shared/registries';
import { districts, organizations } from './reference.ts';
import { users } from './users.ts';

export const cameraLocation = pgEnum('camera_location', CAMERA_LOCATIONS);
export const cameraOwner = pgEnum('camera_owner', CAMERA_OWNERS);
export const cameraKind = pgEnum('camera_kind', CAMERA_KINDS);
export const cameraStatus = pgEnum('camera_status', CAMERA_STATUSES);
export const helperStatus = pgEnum('helper_status', HELPER_STATUSES);
export const feedbackKind = pgEnum('inspector_feedback_kind', FEEDBACK_KINDS);
export const feedbackStatus = pgEnum('inspector_feedback_status', FEEDBACK_STATUSES);
export const importJobStatus = pgEnum('import_job_status', ['queued', 'running', 'done', 'failed']);

const ts = () => timestamp({ withTimezone: true, precision: 3 });

/** A district inspector's public card; `userId` links it to the officer's account when there is one. */
export const inspectorProfiles = pgTable(
  'inspector_profiles',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().references(() => users.id),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    name: text().notNull(),
    rank: text().notNull(),
    photoUrl: text(),
    precinctAddress: text().notNull(),
    receptionHours: text().notNull(),
    /** The official duty phone: public by design, unlike a helper's. */
    phone: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.districtSlug), index().on(t.userId)],
);

export const buildings = pgTable(
  'buildings',
  {
    id: uuid().primaryKey().defaultRandom(),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    address: text().notNull(),
    /** The address as a natural key: lower case, single spaces (re-imports find the same building). */
    addressKey: text().notNull(),
    lat: doublePrecision(),
    lng: doublePrecision(),
    entrances: integer(),
    flats: integer(),
    /** The inspector whose area the building is in. */
    inspectorId: uuid().references(() => inspectorProfiles.id),
    chatJoined: boolean().notNull().default(false),
    chatJoinedAt: ts(),
    version: integer().notNull().default(1),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.organizationId, t.addressKey),
    index().on(t.districtSlug, t.createdAt, t.id),
    index().on(t.organizationId, t.createdAt, t.id),
    index().on(t.inspectorId),
  ],
);

export const cameras = pgTable(
  'cameras',
  {
    id: uuid().primaryKey().defaultRandom(),
    buildingId: uuid()
      .notNull()
      .references(() => buildings.id),
    /** The building's district, kept on the camera so district counts read one index. */
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    location: cameraLocation().notNull(),
    installYear: integer().notNull(),
    owner: cameraOwner().notNull(),
    kind: cameraKind().notNull(),
    status: cameraStatus().notNull().default('working'),
    lastCheckedAt: ts(),
    replacedAt: ts(),
    /** The camera this one replaced: a replacement is modernization, not a new installation. */
    replacesId: uuid(),
    /** A chair's report stands unconfirmed until a video-surveillance officer confirms it (police entries are confirmed). */
    confirmedAt: ts(),
    confirmedBy: uuid().references(() => users.id),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    // The natural key of a camera on the wall (re-imports update it instead of adding a second one).
    uniqueIndex('cameras_natural_key_idx').on(t.buildingId, t.location, t.installYear).where(sql`status in ('working','faulty','outdated')`),
    index().on(t.buildingId),
    index().on(t.districtSlug, t.status, t.installYear),
    index().on(t.districtSlug, t.replacedAt).where(sql`replaced_at is not null`),
    index().on(t.districtSlug, t.createdAt, t.id),
  ],
);

/** Public police helpers: names and phones are police-only; the public sees counts. */
export const helpers = pgTable(
  'helpers',
  {
    id: uuid().primaryKey().defaultRandom(),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    name: text().notNull(),
    phone: text().notNull(),
    status: helperStatus().notNull().default('candidate'),
    /** The akimat's approval: its date and document number, both needed to activate. */
    approvedAt: date(),
    documentNumber: text(),
    registeredBy: uuid().references(() => users.id),
    version: integer().notNull().default(1),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.districtSlug, t.status), index().on(t.districtSlug, t.createdAt, t.id)],
);

export const helperShifts = pgTable(
  'helper_shifts',
  {
    id: uuid().primaryKey().defaultRandom(),
    helperId: uuid()
      .notNull()
      .references(() => helpers.id),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    date: date().notNull(),
    hours: doublePrecision().notNull(),
    area: text().notNull(),
    inspectorId: uuid().references(() => inspectorProfiles.id),
    createdBy: uuid().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.districtSlug, t.date), index().on(t.helperId, t.date)],
);

/** Chairs' feedback and commendations on their inspector, shown once a coordinator approves them. */
export const inspectorFeedback = pgTable(
  'inspector_feedback',
  {
    id: uuid().primaryKey().defaultRandom(),
    inspectorId: uuid()
      .notNull()
      .references(() => inspectorProfiles.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    authorId: uuid().references(() => users.id),
    kind: feedbackKind().notNull(),
    body: text().notNull(),
    status: feedbackStatus().notNull().default('pending'),
    moderatedBy: uuid().references(() => users.id),
    moderatedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.inspectorId, t.status, t.createdAt)],
);

/** Timeline of registry records (cameras, buildings, helpers): one entry per change, written with it. */
export const registryTimeline = pgTable(
  'registry_timeline',
  {
    id: uuid().primaryKey().defaultRandom(),
    districtSlug: text().notNull(),
    entityType: text().notNull(),
    entityId: uuid().notNull(),
    kind: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    note: text(),
    authorId: uuid().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.entityType, t.entityId, t.createdAt)],
);

/** Small audited settings (key → JSON value), e.g. the cameras' age rule. */
export const registrySettings = pgTable('registry_settings', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: uuid().references(() => users.id),
  updatedAt: ts().notNull().defaultNow(),
});

/** Background imports (CSV of buildings, cameras, …): the upload, its progress and its report. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    status: importJobStatus().notNull().default('queued'),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    /** The uploaded file, kept until the job is done. */
    input: text(),
    report: jsonb(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
  },
  (t) => [index().on(t.userId, t.createdAt)],
);
