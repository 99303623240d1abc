import { asc, eq } from 'drizzle-orm';
import type postgres from 'postgres';
import { categories, districts } from '@dsd/db/schema/index';
import type { Database } from '@dsd/db/client';
import type { Category, Locale } from '@dsd/shared/enums';
import { nearestDistrict } from '@dsd/shared/neighbourhoods';
import { nameIn } from '../../lib/localized.ts';
import { isoText } from '../../lib/sql-text.ts';
import type { ProposalService } from '../proposals/service.ts';
import type { Open311Partner } from './keys.ts';

/** GeoReport v2 says: no dates given, the last 90 days; at most 1000 requests per answer. */
const DEFAULT_WINDOW_MS = 90 * 86_400_000;
const MAX_REQUESTS = 1000;

/** A GeoReport error: the HTTP status and the description the spec's error array carries. */
export class Open311Error extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** One service request as GeoReport v2 names its fields; absent optional fields are left out, not null. */
export type ServiceRequest = Record<string, string | number>;

export interface RequestFilters {
  ids?: string[];
  serviceCodes?: Category[];
  statuses?: Array<'open' | 'closed'>;
  start?: Date;
  end?: Date;
}

/**
 * Open while the police can still act on it; closed when rejected, merged into another or withdrawn, and when it was
 * accepted and every decision it led to is done. The official answer (or the reason for a rejection) is the note.
 */
function statusExpression(sql: postgres.Sql) {
  return sql`case
    when p.status in ('rejected', 'merged', 'withdrawn') then 'closed'
    when p.status = 'accepted'
      and exists (select 1 from decision_proposals dp where dp.proposal_id = p.id)
      and not exists (
        select 1 from decision_proposals dp join decisions d on d.id = dp.decision_id
        where dp.proposal_id = p.id and d.status not in ('done', 'cancelled')
      ) then 'closed'
    else 'open' end`;
}

export function createOpen311Service(deps: { db: Database; sql: postgres.Sql; proposals: ProposalService }) {
  const { db, sql, proposals } = deps;

  async function services(locale: Locale) {
    const rows = await db.select().from(categories).where(eq(categories.active, true)).orderBy(asc(categories.code));
    return rows.map((c) => ({
      service_code: c.code,
      service_name: nameIn(c, locale),
      description: nameIn(c, locale),
      // The district is asked for in the service definition (an attribute), so clients fetch it.
      metadata: true,
      type: 'realtime',
      keywords: [c.nameRu, c.nameKk, c.nameEn].join(', '),
      group: c.sensitive ? 'tips' : 'safety',
    }));
  }

  async function definition(code: Category, locale: Locale) {
    const rows = await db.select().from(districts).orderBy(asc(districts.sortOrder));
    return {
      service_code: code,
      attributes: [
        {
          variable: true,
          code: 'district',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: 'The district; when left out, the one nearest to lat/long',
          order: 1,
          description: locale === 'kk' ? 'Аудан' : locale === 'en' ? 'District' : 'Район',
          values: rows.map((d) => ({ key: d.slug, name: nameIn(d, locale) })),
        },
      ],
    };
  }

  async function requests(filters: RequestFilters, locale: Locale): Promise<ServiceRequest[]> {
    const status = statusExpression(sql);
    const byId = filters.ids && filters.ids.length > 0;
    const end = filters.end ?? new Date();
    const start = filters.start ?? new Date(end.getTime() - DEFAULT_WINDOW_MS);
    const conditions = [
      sql`p.hidden = false`,
      byId ? sql`p.id in ${sql(filters.ids!)}` : sql`p.created_at >= ${start.toISOString()} and p.created_at <= ${end.toISOString()}`,
      filters.serviceCodes?.length ? sql`p.category in ${sql(filters.serviceCodes)}` : null,
      filters.statuses?.length ? sql`(${status}) in ${sql(filters.statuses)}` : null,
    ].filter((c) => c !== null);
    const where = conditions.reduce((acc, c) => sql`${acc} and ${c}`);
    const rows = await sql<
      Array<{
        id: string;
        status: string;
        answer: string | null;
        reason: string | null;
        category: string;
        name_ru: string;
        name_kk: string;
        name_en: string;
        title: string;
        body: string;
        agency_ru: string;
        agency_kk: string;
        agency_en: string;
        requested: string;
        updated: string;
        address: string | null;
        lat: number | null;
        lng: number | null;
      }>
    >`
      select p.id, ${status} as status, p.answer, p.reason, p.category,
        c.name_ru, c.name_kk, c.name_en, p.title, p.body,
        s.name_ru as agency_ru, s.name_kk as agency_kk, s.name_en as agency_en,
        ${isoText(sql, 'p.created_at')} as requested, ${isoText(sql, 'p.updated_at')} as updated,
        p.address, round(p.lat::numeric, 3)::float8 as lat, round(p.lng::numeric, 3)::float8 as lng
      from proposals p
      join categories c on c.code = p.category
      left join category_routes cr on cr.district_slug = p.district_slug and cr.category_code = p.category
      join services s on s.code = coalesce(cr.service_code, c.default_service_code)
      where ${where}
      order by p.created_at desc, p.id desc
      limit ${MAX_REQUESTS}`;
    return rows.map((r) => {
      const request: ServiceRequest = {
        service_request_id: r.id,
        status: r.status,
        service_name: locale === 'kk' ? r.name_kk : locale === 'en' ? r.name_en : r.name_ru,
        service_code: r.category,
        description: r.body.startsWith(r.title) ? r.body : `${r.title}\n\n${r.body}`,
        agency_responsible: locale === 'kk' ? r.agency_kk : locale === 'en' ? r.agency_en : r.agency_ru,
        requested_datetime: r.requested,
        updated_datetime: r.updated,
      };
      const notes = r.answer ?? r.reason;
      if (notes) request.status_notes = notes;
      if (r.address) request.address = r.address;
      // Blurred to about 100 m, as on the public map.
      if (r.lat !== null && r.lng !== null) Object.assign(request, { lat: r.lat, long: r.lng });
      return request;
    });
  }

  /** A partner's report enters as a resident proposal, through the same path (audit, timeline, notifications). */
  async function submit(
    partner: Open311Partner,
    input: { serviceCode: Category; description: string; district?: string; lat?: number; lng?: number; address?: string },
  ) {
    let district = input.district;
    if (!district && input.lat !== undefined && input.lng !== undefined) {
      district = nearestDistrict({ latitude: input.lat, longitude: input.lng }) ?? undefined;
      if (!district) throw new Open311Error(400, 'lat/long is outside the city; give attribute[district]');
    }
    if (!district) throw new Open311Error(400, 'location is missing: give lat and long, or attribute[district]');
    const firstLine = input.description.split('\n')[0]!.trim();
    const title = firstLine.length > 120 ? `${firstLine.slice(0, 119).trimEnd()}…` : firstLine;
    const created = await proposals.create(partner.author, {
      districtSlug: district,
      category: input.serviceCode,
      title: title.length >= 3 ? title : input.serviceCode,
      body: input.description,
      address: input.address,
      lat: input.lat,
      lng: input.lng,
    });
    return created.id;
  }

  /** Categories are data (admins add and retire them): known ones filter requests, active ones take new ones. */
  async function isCategory(code: string, options: { active?: boolean } = {}): Promise<boolean> {
    const [row] = await db.select({ active: categories.active }).from(categories).where(eq(categories.code, code));
    return !!row && (!options.active || row.active);
  }

  return { services, definition, requests, submit, isCategory };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
