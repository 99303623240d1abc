import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { inList } from './bulk.ts';
import type { RegistryMetric } from '@dsd/shared/registries';
import type { Executor } from './client.ts';
import { decisions } from './schema/decisions.ts';

/**
 * The registry numbers a decision's target can be measured by, in one district, since the decision was made.
 * Each is one count over an index on (district, …): cheap enough to run in the transaction of every registry change.
 */
export async function measureRegistryMetric(db: Executor, metric: RegistryMetric, district: string, sinceDate: Date): Promise<number> {
  const since = sinceDate.toISOString();
  const query = {
    cameras_installed: sql`select count(*)::int as n from cameras
      where district_slug = ${district} and created_at >= ${since}::timestamptz and replaces_id is null
        and install_year >= extract(year from ${since}::timestamptz)::int and status <> 'removed'`,
    cameras_modernized: sql`select count(*)::int as n from cameras where district_slug = ${district} and replaced_at >= ${since}::timestamptz`,
    helpers_active: sql`select count(*)::int as n from helpers where district_slug = ${district} and status = 'active'`,
    patrol_shifts: sql`select count(*)::int as n from helper_shifts where district_slug = ${district} and date >= (${since}::timestamptz at time zone 'Asia/Almaty')::date`,
    chat_coverage_percent: sql`select coalesce(round(100.0 * count(*) filter (where chat_joined) / nullif(count(*), 0)), 0)::int as n
      from buildings where district_slug = ${district}`,
  }[metric];
  const [row] = await db.execute<{ n: number }>(query);
  return Number(row?.n ?? 0);
}

/** The measured value of each of these decisions that has a registry metric (others are absent from the map). */
export async function measureDecisions(db: Executor, ids: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (ids.length === 0) return result;
  const rows = await db
    .select({ id: decisions.id, metric: decisions.targetMetric, district: decisions.districtSlug, createdAt: decisions.createdAt })
    .from(decisions)
    .where(and(inList(decisions.id, [...ids]), isNotNull(decisions.targetMetric)));
  for (const r of rows) result.set(r.id, await measureRegistryMetric(db, r.metric!, r.district, r.createdAt));
  return result;
}

/** Decisions of a district measured by any of these metrics: the ones a registry change there can move. */
export async function decisionsMeasuredBy(db: Executor, district: string, metrics: readonly RegistryMetric[]) {
  return db
    .select({
      id: decisions.id,
      meetingId: decisions.meetingId,
      districtSlug: decisions.districtSlug,
      targetValue: decisions.targetValue,
      status: decisions.status,
      progress: decisions.progress,
      achieved: decisions.achieved,
    })
    .from(decisions)
    .where(and(eq(decisions.districtSlug, district), inArray(decisions.targetMetric, [...metrics])));
}
