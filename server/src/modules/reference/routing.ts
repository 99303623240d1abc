import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { preparedOn } from '@dsd/db/prepared';
import { categories, categoryRoutes, categoryServices } from '@dsd/db/schema/index';
import { FieldError } from '../../lib/errors.ts';

const categoryByCode = preparedOn((db) =>
  db
    .select({ code: categories.code, sensitive: categories.sensitive, active: categories.active })
    .from(categories)
    .where(eq(categories.code, sql.placeholder('code')))
    .prepare('category_by_code'),
);

/** What a category is, as its table says now: admins add categories and change them without a restart. */
export async function categoryRule(db: Database, code: string, path = 'body.category') {
  const [row] = await categoryByCode(db).execute({ code });
  if (!row) throw new FieldError(path, 'unknown category', 'unknown_reference');
  return row;
}

/**
 * The services an instruction of this category goes to in this district: the district's override when it has one,
 * else the category's city-wide services, else its default service. Never empty.
 */
export async function routeCategory(db: Database, district: string, category: string): Promise<string[]> {
  const [overrides, citywide, [row]] = await Promise.all([
    db
      .select({ service: categoryRoutes.serviceCode })
      .from(categoryRoutes)
      .where(and(eq(categoryRoutes.districtSlug, district), eq(categoryRoutes.categoryCode, category))),
    db.select({ service: categoryServices.serviceCode }).from(categoryServices).where(eq(categoryServices.categoryCode, category)),
    db.select({ service: categories.defaultServiceCode }).from(categories).where(eq(categories.code, category)),
  ]);
  if (!row) throw new FieldError('body.category', 'unknown category', 'unknown_reference');
  if (overrides.length) return overrides.map((o) => o.service).sort();
  if (citywide.length) return citywide.map((o) => o.service).sort();
  return [row.service];
}
