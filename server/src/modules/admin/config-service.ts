import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '@dsd/db/client';
import {
  assignments,
  categories,
  categoryRoutes,
  categoryServices,
  chairRequests,
  districts,
  meetingAttendees,
  organizations,
  proposals,
  roleGrants,
  services,
} from '@dsd/db/schema/index';
import type {
  AdminCategory,
  CreateCategoryBody,
  CreateDistrictBody,
  CreateOrganizationBody,
  CreateServiceBody,
  UpdateCategoryBody,
  UpdateDistrictBody,
  UpdateOrganizationBody,
  UpdateServiceBody,
} from '@dsd/shared/admin';
import { OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';
import type { Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { Conflict, FieldError, NotFound } from '../../lib/errors.ts';
import { ReferenceInUse } from './errors.ts';

type Body<T extends z.ZodType> = z.output<T>;

const names = (n: { ru: string; kk: string; en: string }) => ({ nameRu: n.ru, nameKk: n.kk, nameEn: n.en });
const localized = (r: { nameRu: string; nameKk: string; nameEn: string }) => ({ ru: r.nameRu, kk: r.nameKk, en: r.nameEn });

/** Every service named exists and takes work; else a 400 naming the field. Order kept, duplicates dropped. */
async function checkServices(db: Executor, codes: readonly string[], path: string): Promise<string[]> {
  const list = [...new Set(codes)];
  if (list.length === 0) return list;
  const found = await db
    .select({ code: services.code })
    .from(services)
    .where(and(inArray(services.code, list), eq(services.active, true)));
  const missing = list.filter((c) => !found.some((f) => f.code === c));
  if (missing.length) throw new FieldError(path, `unknown or inactive service: ${missing.join(', ')}`, 'unknown_reference');
  return list;
}

/**
 * Districts, services, categories with their routing, and organizations, as admins configure them. Every change is
 * audited in its transaction. Nothing keeps these rows in memory; the public-read cache is cleared on every instance.
 */
export function createConfigService(deps: ChangeDeps) {
  const { db } = deps;

  /** A committed change, then every instance's public-read cache dropped: the public lists show it at once. */
  async function record<T>(actor: Actor, work: Parameters<typeof recordChanges<T>>[2]): Promise<T> {
    const result = await recordChanges(deps, actor, work);
    await deps.events.publicCacheCleared();
    return result;
  }

  async function districtRow(slug: string) {
    const [row] = await db.select().from(districts).where(eq(districts.slug, slug));
    if (!row) throw new NotFound('District');
    return row;
  }
  const toDistrict = (d: typeof districts.$inferSelect) => ({
    slug: d.slug,
    city: d.city,
    name: localized(d),
    timeZone: d.timeZone,
    sortOrder: d.sortOrder,
  });

  async function serviceRow(code: string) {
    const [row] = await db.select().from(services).where(eq(services.code, code));
    if (!row) throw new NotFound('Service');
    return row;
  }
  const toService = (s: typeof services.$inferSelect) => ({ code: s.code, name: localized(s), active: s.active });

  async function category(code: string): Promise<AdminCategory> {
    const [found] = await listCategories([code]);
    if (!found) throw new NotFound('Category');
    return found;
  }

  async function listCategories(codes?: string[]): Promise<AdminCategory[]> {
    const where = codes ? inArray(categories.code, codes) : undefined;
    const [rows, citywide, overrides] = await Promise.all([
      db.select().from(categories).where(where).orderBy(asc(categories.sortOrder), asc(categories.code)),
      db
        .select()
        .from(categoryServices)
        .where(codes ? inArray(categoryServices.categoryCode, codes) : undefined),
      db
        .select()
        .from(categoryRoutes)
        .where(codes ? inArray(categoryRoutes.categoryCode, codes) : undefined)
        .orderBy(asc(categoryRoutes.districtSlug), asc(categoryRoutes.serviceCode)),
    ]);
    return rows.map((c) => {
      const listed = citywide.filter((r) => r.categoryCode === c.code).map((r) => r.serviceCode);
      const byDistrict = new Map<string, string[]>();
      for (const o of overrides)
        if (o.categoryCode === c.code) byDistrict.set(o.districtSlug, [...(byDistrict.get(o.districtSlug) ?? []), o.serviceCode]);
      return {
        code: c.code,
        name: localized(c),
        sensitive: c.sensitive,
        active: c.active,
        // The default first: it is the one older clients show.
        services: listed.length ? [c.defaultServiceCode, ...listed.filter((s) => s !== c.defaultServiceCode).sort()] : [c.defaultServiceCode],
        overrides: [...byDistrict].map(([districtSlug, list]) => ({ districtSlug, services: list })),
      };
    });
  }

  async function organizationRow(id: string) {
    const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
    if (!row) throw new NotFound('Organization');
    return row;
  }
  const toOrganization = (o: typeof organizations.$inferSelect) => ({
    id: o.id,
    type: o.type,
    name: o.name,
    districtSlug: o.districtSlug,
    address: o.address,
    buildings: o.buildings,
  });

  async function checkDistrict(slug: string, path: string) {
    const [row] = await db.select({ slug: districts.slug }).from(districts).where(eq(districts.slug, slug));
    if (!row) throw new FieldError(path, 'unknown district', 'unknown_reference');
  }

  return {
    // Districts: a district belongs to a city, has names in three languages and a time zone.

    async createDistrict(actor: Actor, input: Body<typeof CreateDistrictBody>) {
      const [taken] = await db.select({ slug: districts.slug }).from(districts).where(eq(districts.slug, input.slug));
      if (taken) throw new Conflict(`District ${input.slug} already exists`);
      const row = await record(actor, async (changes) => {
        const [max] = await changes.tx.select({ n: sql<number>`coalesce(max(${districts.sortOrder}), -1)::int` }).from(districts);
        const [created] = await changes.tx
          .insert(districts)
          .values({
            slug: input.slug,
            city: input.city,
            ...names(input.name),
            timeZone: input.timeZone,
            sortOrder: input.sortOrder ?? (max?.n ?? -1) + 1,
          })
          .returning();
        changes.audit({ action: 'district.created', entityType: 'district', entityId: input.slug, after: toDistrict(created!) });
        return created!;
      });
      return toDistrict(row);
    },

    async updateDistrict(actor: Actor, slug: string, input: Body<typeof UpdateDistrictBody>) {
      const before = await districtRow(slug);
      const row = await record(actor, async (changes) => {
        const [updated] = await changes.tx
          .update(districts)
          .set({
            ...(input.city ? { city: input.city } : {}),
            ...(input.name ? names(input.name) : {}),
            ...(input.timeZone ? { timeZone: input.timeZone } : {}),
            ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
          })
          .where(eq(districts.slug, slug))
          .returning();
        changes.audit({
          action: 'district.updated',
          entityType: 'district',
          entityId: slug,
          before: toDistrict(before),
          after: toDistrict(updated!),
        });
        return updated!;
      });
      return toDistrict(row);
    },

    // Services

    async createService(actor: Actor, input: Body<typeof CreateServiceBody>) {
      const [taken] = await db.select({ code: services.code }).from(services).where(eq(services.code, input.code));
      if (taken) throw new Conflict(`Service ${input.code} already exists`);
      const row = await record(actor, async (changes) => {
        const [created] = await changes.tx
          .insert(services)
          .values({ code: input.code, ...names(input.name) })
          .returning();
        changes.audit({ action: 'service.created', entityType: 'service', entityId: input.code, after: toService(created!) });
        return created!;
      });
      return toService(row);
    },

    async updateService(actor: Actor, code: string, input: Body<typeof UpdateServiceBody>) {
      const before = await serviceRow(code);
      if (input.active === false && before.active) await this.checkServiceFree(code);
      const row = await record(actor, async (changes) => {
        const [updated] = await changes.tx
          .update(services)
          .set({ ...(input.name ? names(input.name) : {}), ...(input.active !== undefined ? { active: input.active } : {}) })
          .where(eq(services.code, code))
          .returning();
        changes.audit({ action: 'service.updated', entityType: 'service', entityId: code, before: toService(before), after: toService(updated!) });
        return updated!;
      });
      return toService(row);
    },

    /** A service with open work, or one that routing still sends work to, is refused (409) with the reason. */
    async checkServiceFree(code: string, executor: Executor = db) {
      const [[open], routed] = await Promise.all([
        executor
          .select({ n: sql<number>`count(*)::int` })
          .from(assignments)
          .where(and(eq(assignments.serviceCode, code), inArray(assignments.status, [...OPEN_ASSIGNMENT_STATUSES]))),
        executor
          .selectDistinct({ category: categories.code })
          .from(categories)
          .leftJoin(categoryServices, eq(categoryServices.categoryCode, categories.code))
          .leftJoin(categoryRoutes, eq(categoryRoutes.categoryCode, categories.code))
          .where(or(eq(categories.defaultServiceCode, code), eq(categoryServices.serviceCode, code), eq(categoryRoutes.serviceCode, code))),
      ]);
      if (open && open.n > 0) throw new ReferenceInUse(`The service has ${open.n} open assignment(s): finish, cancel or reassign them first`);
      if (routed.length)
        throw new ReferenceInUse(`Categories still route to this service: ${routed.map((r) => r.category).join(', ')}; change their routing first`);
    },

    /**
     * Deletes a service nothing refers to; one with a history (past assignments, staff grants) is retired instead
     * (inactive: it takes no new work and no new staff), so the records keep their meaning.
     */
    async deleteService(actor: Actor, code: string) {
      const before = await serviceRow(code);
      return record(actor, async (changes) => {
        // Serialized with new decisions naming it: the row lock holds until commit.
        await changes.tx.select({ code: services.code }).from(services).where(eq(services.code, code)).for('update');
        await this.checkServiceFree(code, changes.tx);
        const [[history], [grants]] = await Promise.all([
          changes.tx.select({ n: sql<number>`count(*)::int` }).from(assignments).where(eq(assignments.serviceCode, code)),
          changes.tx.select({ n: sql<number>`count(*)::int` }).from(roleGrants).where(eq(roleGrants.serviceCode, code)),
        ]);
        const keep = (history?.n ?? 0) > 0 || (grants?.n ?? 0) > 0;
        if (keep) await changes.tx.update(services).set({ active: false }).where(eq(services.code, code));
        else await changes.tx.delete(services).where(eq(services.code, code));
        changes.audit({ action: keep ? 'service.retired' : 'service.deleted', entityType: 'service', entityId: code, before: toService(before) });
        return { code, outcome: keep ? ('retired' as const) : ('deleted' as const) };
      });
    },

    // Categories and routing

    listCategories: () => listCategories(),

    async createCategory(actor: Actor, input: Body<typeof CreateCategoryBody>) {
      const [taken] = await db.select({ code: categories.code }).from(categories).where(eq(categories.code, input.code));
      if (taken) throw new Conflict(`Category ${input.code} already exists`);
      const list = await checkServices(db, input.services, 'body.services');
      await record(actor, async (changes) => {
        const [max] = await changes.tx.select({ n: sql<number>`coalesce(max(${categories.sortOrder}), 0)::int` }).from(categories);
        await changes.tx.insert(categories).values({
          code: input.code,
          ...names(input.name),
          defaultServiceCode: list[0]!,
          sensitive: input.sensitive ?? false,
          sortOrder: (max?.n ?? 0) + 1,
        });
        await changes.tx.insert(categoryServices).values(list.map((serviceCode) => ({ categoryCode: input.code, serviceCode })));
        changes.audit({
          action: 'category.created',
          entityType: 'category',
          entityId: input.code,
          after: { name: input.name, services: list, sensitive: input.sensitive ?? false },
        });
      });
      return category(input.code);
    },

    async updateCategory(actor: Actor, code: string, input: Body<typeof UpdateCategoryBody>) {
      const before = await category(code);
      const list = input.services ? await checkServices(db, input.services, 'body.services') : undefined;
      await record(actor, async (changes) => {
        await changes.tx
          .update(categories)
          .set({
            ...(input.name ? names(input.name) : {}),
            ...(input.sensitive !== undefined ? { sensitive: input.sensitive } : {}),
            ...(input.active !== undefined ? { active: input.active } : {}),
            ...(list ? { defaultServiceCode: list[0]! } : {}),
          })
          .where(eq(categories.code, code));
        if (list) {
          await changes.tx.delete(categoryServices).where(eq(categoryServices.categoryCode, code));
          await changes.tx.insert(categoryServices).values(list.map((serviceCode) => ({ categoryCode: code, serviceCode })));
        }
        changes.audit({ action: 'category.updated', entityType: 'category', entityId: code, before, after: { ...input, services: list } });
      });
      return category(code);
    },

    /** A district's own services for a category; an empty list removes the override and the city-wide ones apply. */
    async setCategoryRoute(actor: Actor, code: string, district: string, serviceCodes: string[]) {
      const before = await category(code);
      await checkDistrict(district, 'params.district');
      const list = await checkServices(db, serviceCodes, 'body.services');
      await record(actor, async (changes) => {
        await changes.tx.delete(categoryRoutes).where(and(eq(categoryRoutes.categoryCode, code), eq(categoryRoutes.districtSlug, district)));
        if (list.length)
          await changes.tx.insert(categoryRoutes).values(list.map((serviceCode) => ({ categoryCode: code, districtSlug: district, serviceCode })));
        changes.audit({
          action: 'category.route_set',
          entityType: 'category',
          entityId: code,
          before: { district, services: before.overrides.find((o) => o.districtSlug === district)?.services ?? null },
          after: { district, services: list.length ? list : null },
        });
      });
      return category(code);
    },

    // Organizations

    async createOrganization(actor: Actor, input: Body<typeof CreateOrganizationBody>) {
      await checkDistrict(input.districtSlug, 'body.districtSlug');
      const row = await record(actor, async (changes) => {
        const [created] = await changes.tx
          .insert(organizations)
          .values({
            type: input.type,
            name: input.name,
            districtSlug: input.districtSlug,
            address: input.address ?? null,
            buildings: input.buildings ?? [],
          })
          .returning();
        changes.audit({ action: 'organization.created', entityType: 'organization', entityId: created!.id, after: toOrganization(created!) });
        return created!;
      });
      return toOrganization(row);
    },

    async updateOrganization(actor: Actor, id: string, input: Body<typeof UpdateOrganizationBody>) {
      const before = await organizationRow(id);
      if (input.districtSlug) await checkDistrict(input.districtSlug, 'body.districtSlug');
      const row = await record(actor, async (changes) => {
        const [updated] = await changes.tx
          .update(organizations)
          .set({
            ...(input.type ? { type: input.type } : {}),
            ...(input.name ? { name: input.name } : {}),
            ...(input.districtSlug ? { districtSlug: input.districtSlug } : {}),
            ...(input.address !== undefined ? { address: input.address } : {}),
            ...(input.buildings ? { buildings: input.buildings } : {}),
          })
          .where(eq(organizations.id, id))
          .returning();
        changes.audit({
          action: 'organization.updated',
          entityType: 'organization',
          entityId: id,
          before: toOrganization(before),
          after: toOrganization(updated!),
        });
        return updated!;
      });
      return toOrganization(row);
    },

    /** Only an organization nothing refers to (no chair, no proposals, no requests) is deleted; else 409 with why. */
    async deleteOrganization(actor: Actor, id: string) {
      const before = await organizationRow(id);
      const [[grants], [filed], [asked], [attended]] = await Promise.all([
        db.select({ n: sql<number>`count(*)::int` }).from(roleGrants).where(eq(roleGrants.organizationId, id)),
        db.select({ n: sql<number>`count(*)::int` }).from(proposals).where(eq(proposals.organizationId, id)),
        db.select({ n: sql<number>`count(*)::int` }).from(chairRequests).where(eq(chairRequests.organizationId, id)),
        db.select({ n: sql<number>`count(*)::int` }).from(meetingAttendees).where(eq(meetingAttendees.organizationId, id)),
      ]);
      if ((grants?.n ?? 0) > 0) throw new ReferenceInUse('The organization has a chair: change the chair’s role first');
      if ((filed?.n ?? 0) + (asked?.n ?? 0) + (attended?.n ?? 0) > 0) {
        throw new ReferenceInUse('Proposals, meetings or chair requests name this organization; it stays for the record');
      }
      await record(actor, async (changes) => {
        await changes.tx.delete(organizations).where(eq(organizations.id, id));
        changes.audit({ action: 'organization.deleted', entityType: 'organization', entityId: id, before: toOrganization(before) });
      });
    },
  };
}

export type ConfigService = ReturnType<typeof createConfigService>;
