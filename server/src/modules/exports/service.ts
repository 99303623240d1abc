import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { eq } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Redis } from 'ioredis';
import { districts } from '@dsd/db/schema/index';
import type { Database } from '@dsd/db/client';
import { DEFAULT_TIME_ZONE, timeZoneOfCity, zonedInputToIso } from '@dsd/shared/dates';
import { EXPORT_COLUMNS, type ExportKind } from '@dsd/shared/exports';
import { FieldError } from '../../lib/errors.ts';
import { isoText } from '../../lib/sql-text.ts';

/** Rows fetched per round trip: a few MiB in memory whatever the table's size, few enough round trips to be quick. */
const BATCH = 2000;

export interface ExportFilters {
  district?: string;
  status?: string;
  from?: string;
  to?: string;
}

/** A day is the district's day: "to=2026-11-26" runs to the end of that day in Almaty, not in UTC. */
function bound(value: string, timeZone: string, end: boolean): Date {
  if (value.includes('T')) return new Date(value);
  const start = new Date(zonedInputToIso(`${value}T00:00`, timeZone)!);
  return end ? new Date(start.getTime() + 86_400_000) : start;
}

/** The same rule for any date filter with from/to: checked, in the district's zone, as a half-open window. */
export async function resolveWindow(db: Database, filters: { district?: string; from?: string; to?: string }) {
  let timeZone = DEFAULT_TIME_ZONE;
  if (filters.district) {
    const [district] = await db.select({ city: districts.city }).from(districts).where(eq(districts.slug, filters.district));
    if (!district) throw new FieldError('querystring.district', 'no such district', 'unknown_reference');
    timeZone = timeZoneOfCity(district.city);
  }
  const from = filters.from ? bound(filters.from, timeZone, false) : undefined;
  // An instant given as `to` is included; a day runs to the start of the next one (exclusive).
  const to = filters.to ? (filters.to.includes('T') ? new Date(new Date(filters.to).getTime() + 1) : bound(filters.to, timeZone, true)) : undefined;
  if (from && to && from >= to) throw new FieldError('querystring.to', '`to` must come after `from`', 'invalid');
  return { from, to };
}

/**
 * Each export's query: the public projection of the record (as the anonymous list shows it), newest first by the
 * lists' own index. Hidden proposals stay out; coordinates are blurred as on the public map; officers stay unnamed.
 */
function exportQuery(sql: postgres.Sql, kind: ExportKind, f: ExportFilters, from?: Date, to?: Date) {
  const at = (column: string) => isoText(sql, column);
  const where = (alias: string) => {
    const col = (name: string) => sql(`${alias}.${name}`);
    const conditions = [
      f.district ? sql`${col('district_slug')} = ${f.district}` : null,
      f.status ? sql`${col('status')} = ${f.status}` : null,
      from ? sql`${col('created_at')} >= ${from.toISOString()}` : null,
      to ? sql`${col('created_at')} < ${to.toISOString()}` : null,
      kind === 'proposals' ? sql`p.hidden = false` : null,
    ].filter((c) => c !== null);
    return conditions.reduce((acc, c) => sql`${acc} and ${c}`, sql`true`);
  };
  switch (kind) {
    case 'proposals':
      return sql`
        select p.id, p.district_slug as district, p.category, p.title, p.body, p.status,
          case when o.id is not null then 'organization' when u.role = 'resident' then 'resident' else 'police' end as author_kind,
          o.name as organization, p.meeting_id, p.address,
          round(p.lat::numeric, 3)::float8 as lat, round(p.lng::numeric, 3)::float8 as lng,
          p.support_count, p.reason, p.answer, p.merged_into_id as merged_into, ${at('p.created_at')} as created_at, ${at('p.updated_at')} as updated_at
        from proposals p
        left join organizations o on o.id = p.organization_id
        join users u on u.id = p.author_id
        where ${where('p')}
        order by p.created_at desc, p.id desc`;
    case 'decisions':
      return sql`
        select d.id, d.meeting_id, d.district_slug as district, d.kind, d.category, d.title, d.description,
          d.target_value, d.target_unit, d.achieved, ${at('d.due_at')} as due_at,
          exists (select 1 from assignments a where a.decision_id = d.id and a.overdue) as overdue,
          d.status, d.progress,
          array_to_string(array(select distinct a.service_code from assignments a where a.decision_id = d.id order by 1), ' ') as services,
          ${at('d.created_at')} as created_at
        from decisions d
        where ${where('d')}
        order by d.created_at desc, d.id desc`;
    case 'assignments':
      return sql`
        select a.id, a.decision_id, d.title as decision_title, d.kind as decision_kind, d.category,
          a.district_slug as district, a.service_code as service, a.status, ${at('a.due_at')} as due_at,
          (a.due_at is not null and a.due_at < now() and a.status in ('queued','dispatched','accepted','in_progress','blocked','reopened')) as overdue,
          a.progress, a.contribution, a.blocked_reason, a.confirmation, ${at('a.created_at')} as created_at, ${at('a.updated_at')} as updated_at
        from assignments a
        join decisions d on d.id = a.decision_id
        where ${where('a')}
        order by a.created_at desc, a.id desc`;
  }
}

/**
 * RFC 4180 CSV (CRLF, quoted where needed) with a UTF-8 byte order mark so spreadsheet programs read Cyrillic
 * and Kazakh letters, ISO 8601 instants in UTC. Rows stream from a server-side cursor straight to the client.
 */
export function streamExport(sql: postgres.Sql, kind: ExportKind, filters: ExportFilters, window: { from?: Date; to?: Date }): Readable {
  const columns = EXPORT_COLUMNS[kind];
  async function* rows() {
    for await (const batch of exportQuery(sql, kind, filters, window.from, window.to).cursor(BATCH)) {
      for (const row of batch) yield row;
    }
  }
  const csv = stringify({
    header: true,
    columns: columns.map((key) => ({ key })),
    bom: true,
    record_delimiter: 'windows',
    cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') },
  });
  const source = Readable.from(rows());
  source.on('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}

/**
 * At most `cap` exports in flight per caller (user, else address), counted in Redis so the cap holds across API
 * instances. The slot's key expires on its own if an instance dies mid-export. Without Redis the export is served.
 */
export function createExportSlots(redis: Redis, prefix: string, cap: number, ttlSeconds = 900) {
  return {
    async acquire(who: string): Promise<{ release(): Promise<void> } | null> {
      const key = `${prefix}:exports:${who}`;
      let count: number;
      try {
        count = await redis.incr(key);
        await redis.expire(key, ttlSeconds);
      } catch {
        return { release: async () => {} };
      }
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        await redis.decr(key).catch(() => {});
      };
      if (count > cap) {
        await release();
        return null;
      }
      return { release };
    },
  };
}
