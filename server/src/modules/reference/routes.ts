import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { categories, categoryRoutes, categoryServices, districts, organizations, services } from '@dsd/db/schema/index';
import { listOf } from '@dsd/shared/pagination';
import { CategoryInfo, District, Organization, OrganizationsQuery, Service } from '@dsd/shared/reference';
import { NotFound } from '../../lib/errors.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

export default async function referenceRoutes(app: App) {
  const toDistrict = (d: typeof districts.$inferSelect) => ({
    slug: d.slug,
    city: d.city,
    name: { ru: d.nameRu, kk: d.nameKk, en: d.nameEn },
    timeZone: d.timeZone,
  });

  app.get(
    '/districts',
    { config: { access: 'public' }, schema: { tags: ['reference'], summary: 'Districts of the city', response: { 200: listOf(District) } } },
    async () => ({
      items: (await app.db.select().from(districts).orderBy(asc(districts.sortOrder))).map(toDistrict),
    }),
  );

  app.get(
    '/districts/:slug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reference'],
        params: z.object({ slug: z.string().max(64) }),
        response: { 200: District, ...errorResponses },
      },
    },
    async (request) => {
      const [row] = await app.db.select().from(districts).where(eq(districts.slug, request.params.slug));
      if (!row) throw new NotFound('District');
      return toDistrict(row);
    },
  );

  app.get(
    '/services',
    {
      config: { access: 'public' },
      schema: { tags: ['reference'], summary: 'Police services that receive assignments', response: { 200: listOf(Service) } },
    },
    async () => ({
      items: (await app.db.select().from(services).orderBy(asc(services.code))).map((s) => ({
        code: s.code,
        name: { ru: s.nameRu, kk: s.nameKk, en: s.nameEn },
        active: s.active,
      })),
    }),
  );

  app.get(
    '/categories',
    {
      config: { access: 'public' },
      schema: { tags: ['reference'], summary: 'Proposal categories and their routing to services', response: { 200: listOf(CategoryInfo) } },
    },
    async () => {
      const [rows, citywide, overrides] = await Promise.all([
        app.db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.code)),
        app.db.select().from(categoryServices).orderBy(asc(categoryServices.serviceCode)),
        app.db.select().from(categoryRoutes).orderBy(asc(categoryRoutes.districtSlug), asc(categoryRoutes.serviceCode)),
      ]);
      return {
        items: rows.map((c) => ({
          code: c.code,
          name: { ru: c.nameRu, kk: c.nameKk, en: c.nameEn },
          defaultService: c.defaultServiceCode,
          services: servicesOf(c, citywide),
          sensitive: c.sensitive,
          active: c.active,
          overrides: overrides.filter((o) => o.categoryCode === c.code).map((o) => ({ districtSlug: o.districtSlug, service: o.serviceCode })),
        })),
      };
    },
  );

  app.get(
    '/organizations',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'Housing associations (KSK, OSI, PKSK)',
        querystring: OrganizationsQuery,
        response: { 200: listOf(Organization), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await app.db
        .select()
        .from(organizations)
        .where(request.query.district ? eq(organizations.districtSlug, request.query.district) : undefined)
        .orderBy(asc(organizations.districtSlug), asc(organizations.name));
      return {
        items: rows.map((o) => ({ id: o.id, type: o.type, name: o.name, districtSlug: o.districtSlug, address: o.address, buildings: o.buildings })),
      };
    },
  );
}

/** A category's city-wide services: its rows in category_services, else its default service alone. */
export function servicesOf(
  category: { code: string; defaultServiceCode: string },
  rows: ReadonlyArray<{ categoryCode: string; serviceCode: string }>,
): string[] {
  const listed = rows.filter((r) => r.categoryCode === category.code).map((r) => r.serviceCode);
  return listed.length ? listed : [category.defaultServiceCode];
}
