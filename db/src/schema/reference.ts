import { boolean, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid, jsonb, index } from 'drizzle-orm/pg-core';
import { ORGANIZATION_TYPES } from '@dsd/shared/enums';

export const organizationType = pgEnum('organization_type', ORGANIZATION_TYPES);

export const districts = pgTable('districts', {
  slug: text().primaryKey(),
  city: text().notNull().default('almaty'),
  nameRu: text().notNull(),
  nameKk: text().notNull(),
  nameEn: text().notNull(),
  sortOrder: integer().notNull().default(0),
  /** IANA zone every time of the district is entered and shown in. */
  timeZone: text().notNull().default('Asia/Almaty'),
});

export const services = pgTable('services', {
  code: text().primaryKey(),
  nameRu: text().notNull(),
  nameKk: text().notNull(),
  nameEn: text().notNull(),
  active: boolean().notNull().default(true),
});

/** Categories are data (admins add them); codes stay stable, names change. */
export const categories = pgTable('categories', {
  code: text().primaryKey(),
  nameRu: text().notNull(),
  nameKk: text().notNull(),
  nameEn: text().notNull(),
  /** The first of the category's services: routing is never empty. */
  defaultServiceCode: text()
    .notNull()
    .references(() => services.code),
  sensitive: boolean().notNull().default(false),
  /** Retired categories stay for the records that carry them but take no new proposals. */
  active: boolean().notNull().default(true),
  sortOrder: integer().notNull().default(0),
});

/**
 * City-wide routing of a category: every service an instruction goes to. When a category has no rows here its
 * default service alone receives it (the seed writes only the default).
 */
export const categoryServices = pgTable(
  'category_services',
  {
    categoryCode: text()
      .notNull()
      .references(() => categories.code, { onDelete: 'cascade' }),
    serviceCode: text()
      .notNull()
      .references(() => services.code),
  },
  (t) => [primaryKey({ columns: [t.categoryCode, t.serviceCode] }), index().on(t.serviceCode)],
);

/** Per-district override of a category's routing: the services listed here for the district replace the city-wide ones. */
export const categoryRoutes = pgTable(
  'category_routes',
  {
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    categoryCode: text()
      .notNull()
      .references(() => categories.code, { onDelete: 'cascade' }),
    serviceCode: text()
      .notNull()
      .references(() => services.code),
  },
  (t) => [primaryKey({ columns: [t.districtSlug, t.categoryCode, t.serviceCode] }), index().on(t.serviceCode)],
);

export const organizations = pgTable(
  'organizations',
  {
    id: uuid().primaryKey().defaultRandom(),
    type: organizationType().notNull(),
    name: text().notNull(),
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    address: text(),
    buildings: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index().on(t.districtSlug)],
);
