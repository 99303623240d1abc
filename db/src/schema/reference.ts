import { boolean, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid, jsonb, index } from 'drizzle-orm/pg-core';
import { CATEGORIES, ORGANIZATION_TYPES } from '@dsd/shared/enums';

export const organizationType = pgEnum('organization_type', ORGANIZATION_TYPES);
export const categoryCode = pgEnum('category_code', CATEGORIES);

export const districts = pgTable('districts', {
  slug: text().primaryKey(),
  city: text().notNull().default('almaty'),
  nameRu: text().notNull(),
  nameKk: text().notNull(),
  nameEn: text().notNull(),
  sortOrder: integer().notNull().default(0),
});

export const services = pgTable('services', {
  code: text().primaryKey(),
  nameRu: text().notNull(),
  nameKk: text().notNull(),
  nameEn: text().notNull(),
  active: boolean().notNull().default(true),
});

export const categories = pgTable('categories', {
  code: categoryCode().primaryKey(),
  nameRu: text().notNull(),
  nameKk: text().notNull(),
  nameEn: text().notNull(),
  defaultServiceCode: text()
    .notNull()
    .references(() => services.code),
  sensitive: boolean().notNull().default(false),
});

/** Per-district override of a category's default service. */
export const categoryRoutes = pgTable(
  'category_routes',
  {
    districtSlug: text()
      .notNull()
      .references(() => districts.slug),
    categoryCode: categoryCode().notNull(),
    serviceCode: text()
      .notNull()
      .references(() => services.code),
  },
  (t) => [primaryKey({ columns: [t.districtSlug, t.categoryCode] })],
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
