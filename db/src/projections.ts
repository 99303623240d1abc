import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { deriveDecisionProgress } from '@dsd/shared/decisions';
import { OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';
import { inList } from './bulk.ts';
import type { Database, Executor } from './client.ts';
import { assignments, decisions } from './schema/decisions.ts';
import { readModelState } from './schema/projections.ts';
import { measureDecisions } from './registry-metrics.ts';

/**
 * Read models behind the public numbers. Writers append counter deltas through triggers (migration 0003), in their
 * own transaction and without touching any shared row; `foldStatDeltas` moves them into `stat_counters`; readers add
 * the two, so every number is exact at once and costs the same however many records there are.
 */

/**
 * The version of the derivation rules the read models are built by. Raise it whenever deriveDecisionProgress or a
 * counter's definition changes: the next start rebuilds every stored number once.
 * 2: disputed work no longer counts toward a decision, and 100% needs every live assignment done and undisputed.
 */
export const READ_MODEL_RULES_VERSION = 2;

export interface StatRow {
  metric: string;
  districtSlug: string;
  key: string;
  n: number;
}

/** The advisory lock that keeps the fold and a rebuild apart (two folds alone would still be correct). */
const FOLD_LOCK = 7340022;

/** Counters plus the deltas not yet folded: the exact numbers as of this statement's snapshot. */
export async function readStatCounters(db: Executor): Promise<StatRow[]> {
  const rows = await db.execute<{ metric: string; district_slug: string; key: string; n: string }>(sql`
    select metric, district_slug, key, sum(n)::bigint as n from (
      select metric, district_slug, key, n from stat_counters
      union all
      select metric, district_slug, key, n from stat_deltas
    ) s group by metric, district_slug, key`);
  return rows.map((r) => ({ metric: r.metric, districtSlug: r.district_slug, key: r.key, n: Number(r.n) }));
}

/** Moves up to `maxRows` deltas into the counters in one transaction; returns how many deltas moved. */
export async function foldStatDeltas(db: Database, maxRows = 20_000): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as locked`);
    if (!lock?.locked) return 0;
    const [moved] = await tx.execute<{ moved: number }>(sql`
      with batch as (
        delete from stat_deltas where id in (select id from stat_deltas order by id limit ${maxRows})
        returning metric, district_slug, key, n
      ), summed as (
        select metric, district_slug, key, sum(n)::bigint as n from batch group by metric, district_slug, key
      ), upserted as (
        insert into stat_counters (metric, district_slug, key, n) select metric, district_slug, key, n from summed
        on conflict (metric, district_slug, key) do update set n = stat_counters.n + excluded.n
        returning 1
      )
      select (select count(*) from batch)::int as moved, (select count(*) from upserted)::int as upserted`);
    return moved?.moved ?? 0;
  });
}

/**
 * Marks open assignments whose due time has passed as overdue (the trigger keeps the flag right on every write; only
 * the clock moving needs this sweep). Returns the assignments that just became overdue.
 */
export async function sweepOverdue(db: Executor, maxRows = 5_000) {
  return db
    .update(assignments)
    .set({ overdue: true })
    .where(
      inArray(
        assignments.id,
        db
          .select({ id: assignments.id })
          .from(assignments)
          .where(and(eq(assignments.overdue, false), inArray(assignments.status, [...OPEN_ASSIGNMENT_STATUSES]), sql`${assignments.dueAt} < now()`))
          .orderBy(asc(assignments.dueAt))
          .limit(maxRows),
      ),
    )
    .returning({ id: assignments.id, districtSlug: assignments.districtSlug, decisionId: assignments.decisionId, status: assignments.status });
}

export interface StoredDecisionProgress {
  id: string;
  targetValue: number | null;
  status: string;
  progress: number;
  achieved: number | null;
}

export type DerivedProgress = ReturnType<typeof deriveDecisionProgress> & { changed: boolean };

/**
 * Re-derives these decisions' progress and status from their assignments (the one rule, deriveDecisionProgress) and
 * stores those that changed, in one statement. Every assignment change and the rebuild go through here.
 */
export async function refreshDecisionProgress(db: Executor, rows: ReadonlyArray<StoredDecisionProgress>): Promise<Map<string, DerivedProgress>> {
  const result = new Map<string, DerivedProgress>();
  if (rows.length === 0) return result;
  const work = await db
    .select({
      decisionId: assignments.decisionId,
      status: assignments.status,
      progress: assignments.progress,
      contribution: assignments.contribution,
      confirmation: assignments.confirmation,
    })
    .from(assignments)
    .where(
      inList(
        assignments.decisionId,
        rows.map((r) => r.id),
      ),
    );
  const byDecision = new Map<string, typeof work>();
  for (const w of work) {
    const list = byDecision.get(w.decisionId);
    if (list) list.push(w);
    else byDecision.set(w.decisionId, [w]);
  }
  // A target measured by a registry (cameras replaced, helpers active, …) takes its value from there.
  const measured = await measureDecisions(
    db,
    rows.map((r) => r.id),
  );
  for (const r of rows) {
    const derived = deriveDecisionProgress(r.targetValue !== null ? { value: r.targetValue } : null, byDecision.get(r.id) ?? [], measured.get(r.id));
    const changed = derived.status !== r.status || derived.progress !== r.progress || derived.achieved !== r.achieved;
    result.set(r.id, { ...derived, changed });
  }
  const changed = [...result].filter(([, d]) => d.changed);
  if (changed.length) {
    await db.execute(sql`
      update decisions d set status = v.status::decision_status, progress = v.progress, achieved = v.achieved
      from jsonb_to_recordset(${JSON.stringify(changed.map(([id, c]) => ({ id, status: c.status, progress: c.progress, achieved: c.achieved })))}::jsonb)
        as v(id uuid, status text, progress int, achieved double precision)
      where d.id = v.id`);
  }
  return result;
}

/** The counters as the records say they should be (the same definitions as the triggers). */
const EXPECTED_COUNTERS = sql`
  select 'meetings' as metric, district_slug, status::text as key, count(*)::bigint as n from meetings group by 2, 3
  union all select 'proposals.status', district_slug, status::text, count(*) from proposals where not hidden group by 2, 3
  union all select 'proposals.category', district_slug, category::text, count(*) from proposals where not hidden group by 2, 3
  union all select 'decisions.status', district_slug, status::text, count(*) from decisions group by 2, 3
  union all select 'decisions.progress', district_slug, 'sum', sum(progress)::bigint from decisions group by 2
  union all select 'assignments', district_slug, service_code || ':' || status, count(*) from assignments group by 2, 3
  union all select 'assignments.overdue', district_slug, service_code, count(*) from assignments where overdue group by 2, 3
  union all select 'assignments.disputed', district_slug, service_code, count(*) from assignments where disputed_at is not null group by 2, 3`;

export interface Drift {
  metric: string;
  districtSlug: string;
  key: string;
  expected: number;
  found: number;
}

export interface RebuildReport {
  decisionsRecomputed: number;
  decisionsDrifted: number;
  overdueFlagsFixed: number;
  counters: number;
  drift: Drift[];
}

/**
 * Recomputes every read model from the records and reports what had drifted: each decision's derived progress and
 * status, the overdue flags, and the counters. Safe while the platform runs: the counters are replaced in one
 * repeatable-read transaction, so deltas committed meanwhile stay and still count.
 */
export async function rebuildProjections(db: Database, options: { batchSize?: number } = {}): Promise<RebuildReport> {
  const batchSize = options.batchSize ?? 5_000;
  let decisionsRecomputed = 0;
  let decisionsDrifted = 0;
  let afterId: string | null = null;
  for (;;) {
    const rows: StoredDecisionProgress[] = await db
      .select({
        id: decisions.id,
        targetValue: decisions.targetValue,
        status: decisions.status,
        progress: decisions.progress,
        achieved: decisions.achieved,
      })
      .from(decisions)
      .where(afterId ? gt(decisions.id, afterId) : undefined)
      .orderBy(asc(decisions.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]!.id;
    const derived = await refreshDecisionProgress(db, rows);
    decisionsRecomputed += rows.length;
    decisionsDrifted += [...derived.values()].filter((d) => d.changed).length;
  }

  const fixed = await db.execute(sql`
    update assignments set overdue = not overdue
    where overdue <> (due_at is not null and due_at < now() and status in ('queued','dispatched','accepted','in_progress','blocked','reopened'))`);

  for (let attempt = 0; ; attempt++) {
    try {
      const result = await db.transaction(
        async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${FOLD_LOCK})`);
          const expected = await tx.execute<{ metric: string; district_slug: string; key: string; n: string }>(EXPECTED_COUNTERS);
          const found = await readStatCounters(tx);
          const keyOf = (r: { metric: string; districtSlug: string; key: string }) => `${r.metric}\u0000${r.districtSlug}\u0000${r.key}`;
          const want = new Map<string, StatRow>();
          for (const r of expected)
            if (Number(r.n) !== 0)
              want.set(keyOf({ metric: r.metric, districtSlug: r.district_slug, key: r.key }), {
                metric: r.metric,
                districtSlug: r.district_slug,
                key: r.key,
                n: Number(r.n),
              });
          const have = new Map(found.map((r) => [keyOf(r), r]));
          const drift: Drift[] = [];
          for (const [k, w] of want)
            if ((have.get(k)?.n ?? 0) !== w.n)
              drift.push({ metric: w.metric, districtSlug: w.districtSlug, key: w.key, expected: w.n, found: have.get(k)?.n ?? 0 });
          for (const [k, h] of have)
            if (!want.has(k) && h.n !== 0) drift.push({ metric: h.metric, districtSlug: h.districtSlug, key: h.key, expected: 0, found: h.n });
          await tx.execute(sql`delete from stat_deltas`);
          await tx.execute(sql`delete from stat_counters`);
          const rows = [...want.values()];
          for (let i = 0; i < rows.length; i += 1000) {
            await tx.execute(
              sql`insert into stat_counters (metric, district_slug, key, n) values ${sql.join(
                rows.slice(i, i + 1000).map((r) => sql`(${r.metric}, ${r.districtSlug}, ${r.key}, ${r.n})`),
                sql`, `,
              )}`,
            );
          }
          return { counters: rows.length, drift };
        },
        { isolationLevel: 'repeatable read' },
      );
      await db
        .insert(readModelState)
        .values({ name: 'projections', rulesVersion: READ_MODEL_RULES_VERSION })
        .onConflictDoUpdate({ target: readModelState.name, set: { rulesVersion: READ_MODEL_RULES_VERSION, rebuiltAt: sql`now()` } });
      return { decisionsRecomputed, decisionsDrifted, overdueFlagsFixed: fixed.count ?? 0, ...result };
    } catch (err) {
      // A fold or writer touched the same rows after this snapshot was taken: take a new one.
      if (attempt < 10 && isSerializationFailure(err)) continue;
      throw err;
    }
  }
}

/** Postgres' 40001, possibly wrapped by the query builder's own error. */
function isSerializationFailure(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '40001') return true;
  return false;
}

/**
 * True when the stored read models cannot be trusted as they are: records exist but no counter does (a database from
 * before the read models, or a bulk load), or they were built by older rules than this code's.
 */
/** Counter deltas the fold has not taken yet and the oldest one's time: the read models' lag (GET /metrics). */
export async function projectionBacklog(db: Executor): Promise<{ pending: number; oldestAt: string | null }> {
  // Capped: past 100,000 the number only says "far behind", and counting further would cost what the fold costs.
  const [row] = await db.execute<{ pending: number; oldest: Date | string | null }>(sql`
    select
      (select count(*)::int from (select 1 from stat_deltas limit 100000) d) as pending,
      (select created_at from stat_deltas order by id limit 1) as oldest`);
  return { pending: row?.pending ?? 0, oldestAt: row?.oldest ? new Date(row.oldest).toISOString() : null };
}

export async function projectionsStale(db: Executor): Promise<boolean> {
  const [row] = await db.execute<{ missing: boolean; version: number | null }>(sql`
    select not exists (select 1 from stat_counters) and not exists (select 1 from stat_deltas)
      and (exists (select 1 from meetings) or exists (select 1 from proposals)) as missing,
      (select rules_version from read_model_state where name = 'projections') as version`);
  return !!row?.missing || (row?.version ?? 0) < READ_MODEL_RULES_VERSION;
}
