import { performance } from 'node:perf_hooks';
import { hash } from '@node-rs/argon2';
import postgres from 'postgres';
import { createDb } from '@dsd/db/client';
import { deriveDecisionProgress } from '@dsd/shared/decisions';
import { rebuildProjections } from '@dsd/db/projections';
import { prepareDatabase } from '@dsd/db/setup';
import {
  ACCEPTED_BLOCK,
  ASSIGNMENT_MIX,
  ASSIGNMENT_PATHS,
  CATEGORY_MIX,
  DECIDED_MEETINGS_PER_BLOCK,
  DECISION_TITLES,
  DISTRICT_WEIGHTS,
  FIRST_NAMES,
  LAST_NAMES,
  MEETING_PATHS,
  MEETING_STATUS_BLOCKS,
  PROGRESS_NOTES,
  PROPOSAL_BODIES,
  PROPOSAL_PATHS,
  PROPOSAL_STATUS_BLOCKS,
  PROPOSAL_TITLES,
  SERVICE_CODES,
  spread,
} from './city.ts';
import { bucketCase, hmod, lit, pick, textArray, timelineId, uid, uidOf, valuesTable } from './sql.ts';

/** Bump when the generated data changes shape: bench databases made by an older generator are made again. */
export const GENERATOR_VERSION = 4;

/** Every generated and bench account signs in with this password (bench databases only, never a real one). */
export const BENCH_PASSWORD = 'bench12345';

export const BENCH_ACCOUNTS = {
  admin: 'bench.admin@bench.local',
  coordinator: 'bench.coordinator@bench.local',
  chair: 'bench.chair@bench.local',
  head: 'bench.head@bench.local',
  resident: (i: number) => `bench.resident${i}@bench.local`,
  officer: (service: string) => `bench.${service}@bench.local`,
} as const;
export const BENCH_RESIDENTS = 10;

/** The sizes of one generated city. */
export interface CityPlan {
  proposals: number;
  residents: number;
  organizations: number[];
  meetings: number[];
  proposalsByDistrict: number[];
  decisions: number[];
}

export function planCity(proposals: number): CityPlan {
  if (!Number.isInteger(proposals) || proposals < 1000) throw new Error('--proposals must be a whole number of at least 1000');
  const scale = proposals / 1_000_000;
  return {
    proposals: sum(spread(proposals, 100)),
    residents: Math.max(500, Math.round(100_000 * scale)),
    organizations: spread(Math.max(24, Math.round(5_000 * scale)), 3),
    meetings: spread(Math.max(80, Math.round(10_000 * scale)), 4),
    proposalsByDistrict: spread(proposals, 100),
    decisions: spread(Math.max(80, Math.round(50_000 * scale)), 4),
  };
}

const offsets = (counts: number[]) => counts.map((_, i) => counts.slice(0, i).reduce((a, b) => a + b, 0));
const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

export interface GenerateReport {
  seconds: number;
  steps: Array<{ step: string; seconds: number }>;
  counts: Record<string, number>;
}

/**
 * Fills a migrated, empty database with a city of `plan.proposals` proposals. Loads with triggers and foreign-key
 * checks off (session_replication_role = replica) and the indexes no foreign key needs dropped, so it does by hand
 * what the triggers would have: each timeline entry's district, each disputed assignment's disputed_at, the overdue
 * flags and each decision's derived progress; then rebuilds the read models the way the platform does.
 */
export async function generateCity(url: string, plan: CityPlan, log: (line: string) => void = console.log): Promise<GenerateReport> {
  const started = performance.now();
  const steps: GenerateReport['steps'] = [];
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    const seconds = (performance.now() - t) / 1000;
    steps.push({ step, seconds });
    log(`  ${step.padEnd(44)} ${seconds.toFixed(1).padStart(6)} s`);
    return result;
  };

  await timed('migrate and reference data', () => prepareDatabase(url, { demo: false }));
  const passwordHash = await hash(BENCH_PASSWORD);
  await warnOfUnknownTriggers(url, log);

  // One session per core: the load is CPU-bound on the server.
  const sql = postgres(url, { max: SESSIONS, onnotice: () => {}, connection: { application_name: 'dsd-bench-data' } });
  const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => sql.reserve()));
  try {
    for (const conn of sessions) {
      await conn.unsafe(`set session_replication_role = replica`);
      await conn.unsafe(`set synchronous_commit = off`);
      await conn.unsafe(`set maintenance_work_mem = '512MB'`);
      await conn.unsafe(`set work_mem = '64MB'`);
      // Each statement runs once: compiling it costs more than it saves.
      await conn.unsafe(`set jit = off`);
      // Two sessions already keep both cores busy; parallel index builds would only contend with each other.
      await conn.unsafe(`set max_parallel_maintenance_workers = 0`);
      // Less WAL for the full-page images a bulk load writes after each checkpoint; refused to a non-superuser.
      await conn.unsafe(`set wal_compression = on`).catch(() => {});
    }
    const dropped = await timed('drop indexes no foreign key needs', () => dropIndexes(sessions[0]!, LOADED_TABLES, ['updates_pkey']));
    const g = new CityGenerator(plan, passwordHash);
    const spent = await timed('load records', () => runTasks(sessions, g.tasks()));
    for (const [kind, seconds] of spent) log(`    ${kind.padEnd(42)} ${seconds.toFixed(1).padStart(6)} s`);
    await timed("derive decisions' progress", () => deriveDecisions(sessions[0]!));
    const builds = await timed('recreate indexes', () => recreateIndexes(sessions, dropped));
    for (const [name, seconds] of builds.sort((x, y) => y[1] - x[1]).slice(0, 6)) log(`    ${name.padEnd(52)} ${seconds.toFixed(1).padStart(6)} s`);
    await timed('analyze', () =>
      Promise.all(sessions.map((conn, i) => conn.unsafe(`analyze ${LOADED_TABLES.filter((_, j) => j % sessions.length === i).join(', ')}`))),
    );
  } finally {
    for (const conn of sessions) conn.release();
    await sql.end({ timeout: 5 });
  }

  const handle = createDb(url, { max: 2 });
  try {
    const report = await timed('rebuild read models (rebuildProjections)', () => rebuildProjections(handle.db));
    log(
      `  read models: ${report.counters} counters; ${report.decisionsDrifted} of ${report.decisionsRecomputed} decisions and ${report.overdueFlagsFixed} overdue flags corrected`,
    );
    const counts = await countRecords(handle.sql);
    return { seconds: (performance.now() - started) / 1000, steps, counts };
  } finally {
    await handle.close();
  }
}

const SESSIONS = 2;
/** Columns of `updates` whose text values need a cast on the way in. */
const ENUM_COLUMNS: Record<string, string> = { kind: 'update_kind', visibility: 'visibility' };
/**
 * Supports of proposal n: most proposals have none, one in fifty has ten or more (floor(100·u^100) with u uniform),
 * about one per proposal on average.
 */
const SUPPORTS = `floor(100 * power(greatest(0.5, ${hmod('n', 17, 1_000_000)}::float8 / 1e6::float8), 100))::int`;
const LOADED_TABLES = [
  'users',
  'organizations',
  'role_grants',
  'follows',
  'meetings',
  'meeting_attendees',
  'proposals',
  'supports',
  'decisions',
  'decision_proposals',
  'assignments',
  'updates',
];

/**
 * What the load does by hand for each trigger it bypasses: the stats triggers are replaced by the rebuild, the rest by
 * the generated values themselves.
 */
const BYPASSED_TRIGGERS: Record<string, string> = {
  meetings_stats: 'counters: rebuildProjections',
  proposals_stats: 'counters: rebuildProjections',
  decisions_stats: 'counters: rebuildProjections',
  assignments_stats_insert: 'counters: rebuildProjections',
  assignments_stats_update: 'counters: rebuildProjections',
  assignments_stats_delete: 'counters: rebuildProjections',
  assignments_derive: 'overdue and disputed_at generated with each assignment',
  updates_district: 'district_slug generated with each timeline entry',
  decisions_target_unit_code: 'target units generated as codes',
};

/** A trigger added to the schema after this generator was written would be skipped silently by the load: say so. */
async function warnOfUnknownTriggers(url: string, log: (line: string) => void) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<Array<{ table: string; name: string }>>`
      select c.relname as "table", t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where not t.tgisinternal and c.relname in ${sql(LOADED_TABLES)}`;
    for (const r of rows.filter((r) => !(r.name in BYPASSED_TRIGGERS))) {
      log(`  WARNING: trigger ${r.name} on ${r.table} is new to this generator: the bulk load skips it; make the generator do its work`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A unit of the load: its statements run in order on one session once the tasks it names are done. */
export interface LoadTask {
  name: string;
  /** Time is reported per kind (the name up to its first colon). */
  after: string[];
  statements: string[];
  /** Its joins look up single rows by primary key: the planner, without statistics yet, would scan instead. */
  lookups?: boolean;
}

/** Runs tasks on the sessions, each session taking the first task whose prerequisites are done. Returns time per kind. */
async function runTasks(sessions: postgres.Sql[], tasks: LoadTask[]): Promise<Map<string, number>> {
  const pending = [...tasks];
  const done = new Set<string>();
  const spent = new Map<string, number>();
  let wake: () => void = () => {};
  let failed: unknown;
  let running = 0;
  await Promise.all(
    sessions.map(async (conn) => {
      while (pending.length > 0 && !failed) {
        const i = pending.findIndex((t) => t.after.every((a) => done.has(a)));
        if (i < 0) {
          if (running === 0) {
            failed = new Error(`load tasks wait on tasks that never run: ${pending.map((t) => t.name).join(', ')}`);
            break;
          }
          await new Promise<void>((resolve) => {
            const previous = wake;
            wake = () => {
              previous();
              resolve();
            };
          });
          continue;
        }
        const [task] = pending.splice(i, 1);
        running++;
        const t = performance.now();
        try {
          const setting = (value: string) =>
            Promise.all([conn.unsafe(`set enable_hashjoin = ${value}`), conn.unsafe(`set enable_mergejoin = ${value}`)]);
          if (task!.lookups) await setting('off');
          for (const statement of task!.statements) await conn.unsafe(statement);
          if (task!.lookups) await setting('on');
        } catch (err) {
          failed = err;
        }
        const kind = task!.name.split(':')[0]!;
        spent.set(kind, (spent.get(kind) ?? 0) + (performance.now() - t) / 1000);
        done.add(task!.name);
        running--;
        const w = wake;
        wake = () => {};
        w();
      }
    }),
  );
  if (failed) throw failed;
  return spent;
}

/**
 * Each decision's status, progress and achieved value from its assignments, by the platform's own rule
 * (deriveDecisionProgress), written with triggers off: the rebuild that follows then finds nothing to correct,
 * instead of correcting every decision through the counter triggers.
 */
async function deriveDecisions(conn: postgres.Sql): Promise<void> {
  const rows = await conn<
    Array<{
      decision_id: string;
      target_value: number | null;
      status: string;
      progress: number;
      contribution: number | null;
      confirmation: string | null;
    }>
  >`select a.decision_id, d.target_value, a.status, a.progress, a.contribution, a.confirmation
    from assignments a join decisions d on d.id = a.decision_id order by a.decision_id`;
  const ids: string[] = [];
  const statuses: string[] = [];
  const progress: number[] = [];
  const achieved: Array<number | null> = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.decision_id === rows[i]!.decision_id) j++;
    const work = rows.slice(i, j);
    const target = work[0]!.target_value;
    const derived = deriveDecisionProgress(target === null ? null : { value: target }, work);
    ids.push(rows[i]!.decision_id);
    statuses.push(derived.status);
    progress.push(derived.progress);
    achieved.push(derived.achieved);
    i = j;
  }
  await conn`
    update decisions d set status = v.status::decision_status, progress = v.progress, achieved = v.achieved
    from unnest(${ids}::uuid[], ${statuses}::text[], ${progress}::int[], ${achieved}::float8[]) as v(id, status, progress, achieved)
    where d.id = v.id`;
}

/** One row per step of every status path — (final, from_status, to_status, step, steps) — to join records on. */
function pathTable(paths: Record<string, ReadonlyArray<readonly [string | null, string]>>): string {
  const rows = Object.entries(paths).flatMap(([final, path]) => path.map(([from, to], step) => [final, from, to, step, path.length]));
  return valuesTable('path', ['final', 'from_status', 'to_status', 'step', 'steps'], rows);
}

interface DroppedIndex {
  table: string;
  name: string;
  /** An index, or the definition of the primary-key or unique constraint it backed. */
  definition: string;
  constraint: boolean;
}

/**
 * Indexes are built faster once, after the load, than row by row during it. Kept: the ones a foreign key relies on
 * (the primary keys other tables reference), which the generator's lookups use too.
 */
async function dropIndexes(conn: postgres.Sql, tables: string[], keep: string[]): Promise<DroppedIndex[]> {
  const rows = await conn<DroppedIndex[]>`
    select t.relname as "table", coalesce(c.conname, i.relname) as name, c.conname is not null as constraint,
      coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)) as definition
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    left join pg_constraint c on c.conindid = x.indexrelid and c.contype in ('p', 'u') and c.conrelid = t.oid
    where n.nspname = 'public' and t.relname in ${conn(tables)}
      and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = x.indexrelid)
      and i.relname <> all(${keep})
    order by pg_relation_size(t.oid) desc, i.relname`;
  for (const r of rows) await conn.unsafe(r.constraint ? `alter table ${r.table} drop constraint ${r.name}` : `drop index ${r.name}`);
  return rows;
}

/** Builds the dropped indexes again, the largest tables' first, spread over the sessions. */
async function recreateIndexes(sessions: postgres.Sql[], indexes: DroppedIndex[]): Promise<Array<[string, number]>> {
  const queue = [...indexes];
  const took: Array<[string, number]> = [];
  await Promise.all(
    sessions.map(async (conn) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const t = performance.now();
        await conn.unsafe(next.constraint ? `alter table ${next.table} add constraint ${next.name} ${next.definition}` : next.definition);
        took.push([next.name, (performance.now() - t) / 1000]);
      }
    }),
  );
  return took;
}

export async function countRecords(sql: postgres.Sql): Promise<Record<string, number>> {
  const tables = [
    'users',
    'organizations',
    'meetings',
    'proposals',
    'supports',
    'decisions',
    'decision_proposals',
    'assignments',
    'updates',
    'follows',
  ];
  const [row] = await sql.unsafe(`select ${tables.map((t) => `(select count(*) from ${t})::bigint as ${t}`).join(', ')}`);
  return Object.fromEntries(tables.map((t) => [t, Number(row![t])]));
}

/** The statements that make one city. Each returns SQL run in order on one session. */
export class CityGenerator {
  private timelineStatements = 0;
  private readonly offP: number[];
  private readonly offM: number[];
  private readonly offD: number[];
  private readonly offG: number[];

  constructor(
    private readonly plan: CityPlan,
    private readonly passwordHash: string,
  ) {
    this.offP = offsets(plan.proposalsByDistrict);
    this.offM = offsets(plan.meetings);
    this.offD = offsets(plan.decisions);
    this.offG = offsets(plan.organizations);
  }

  private coordinatorId(i: number) {
    return uidOf('k', i);
  }

  private districtCoordinatorCase(slugExpr: string) {
    return `(case ${DISTRICT_WEIGHTS.map((d, i) => `when ${slugExpr} = ${lit(d.slug)} then ${this.coordinatorId(i)}::uuid`).join(' ')} end)`;
  }

  /** Officer `t` (0 or 1) of a service in a district. */
  private officerNumber(serviceIndex: string, districtIndex: number, t: string) {
    return `((${serviceIndex}) * ${DISTRICT_WEIGHTS.length} + ${districtIndex}) * 2 + (${t}) + 1`;
  }

  private userValues(rows: Array<{ id: string; email: string; name: string; role: string }>) {
    const hashLit = lit(this.passwordHash);
    return `insert into users (id, email, password_hash, name, role, locale, created_at, password_changed_at) values ${rows
      .map(
        (r) =>
          `(${r.id}, ${lit(r.email)}, ${hashLit}, ${lit(r.name)}, ${lit(r.role)}, 'ru', now() - interval '400 days', now() - interval '400 days')`,
      )
      .join(', ')}`;
  }

  people(): string[] {
    const { residents } = this.plan;
    const hashLit = lit(this.passwordHash);
    const name = (n: string) => `${pick(FIRST_NAMES, hmod(n, 1, 1000))} || ' ' || ${pick(LAST_NAMES, hmod(n, 2, 1000))}`;
    const out: string[] = [];
    out.push(`
      insert into users (id, email, password_hash, name, phone, role, locale, created_at, password_changed_at)
      select ${uid('r', 'g')}, 'resident' || g || '@bench.local', ${hashLit}, ${name('g')},
        case when g % 3 = 0 then '+7 701 ' || lpad((g % 10000000)::text, 7, '0') end, 'resident',
        (case when g % 20 < 14 then 'ru' when g % 20 < 19 then 'kk' else 'en' end)::locale, c, c
      from generate_series(1, ${residents}) g, lateral (select now() - (${hmod('g', 3, 900 * 1440)} || ' minutes')::interval as c) t`);

    const orgTypes = ['KSK', 'OSI', 'PKSK'];
    DISTRICT_WEIGHTS.forEach((d, i) => {
      const count = this.plan.organizations[i]!;
      const n = `${this.offG[i]} + j + 1`;
      const micro = pick(d.micro, 'j');
      out.push(`
        insert into organizations (id, type, name, district_slug, address, buildings, created_at)
        select ${uid('g', n)}, (${textArray(orgTypes)})[1 + j % 3]::organization_type,
          (case j % 3 when 0 then 'КСК «' when 1 then 'ОСИ «' else 'ПКСК «' end) || ${micro} || ', ' || (j + 1) || '»', ${lit(d.slug)},
          'мкр. ' || ${micro} || ', ' || (j + 1), jsonb_build_array('мкр. ' || ${micro} || ', ' || (j + 1)), now() - interval '800 days'
        from generate_series(0, ${count - 1}) j`);
      out.push(`
        insert into users (id, email, password_hash, name, role, locale, created_at, password_changed_at)
        select ${uid('c', n)}, 'chair' || (${n}) || '@bench.local', ${hashLit}, ${name(`${n} + 7000000`)}, 'chair', 'ru', now() - interval '700 days', now() - interval '700 days'
        from generate_series(0, ${count - 1}) j`);
      out.push(`
        insert into role_grants (user_id, organization_id, district_slug)
        select ${uid('c', n)}, ${uid('g', n)}, ${lit(d.slug)} from generate_series(0, ${count - 1}) j`);
    });

    // Staff: a coordinator per district, two officers per service and district, a head per service.
    const staff: Array<{ id: string; email: string; name: string; role: string }> = [];
    const grants: Array<{ userId: string; district: string | null; service: string | null; org: string | null }> = [];
    DISTRICT_WEIGHTS.forEach((d, i) => {
      staff.push({ id: uidOf('k', i), email: `coordinator.${d.slug}@bench.local`, name: `Координатор ${d.slug}`, role: 'coordinator' });
      grants.push({ userId: uidOf('k', i), district: d.slug, service: null, org: null });
      SERVICE_CODES.forEach((service, s) => {
        for (let t = 0; t < 2; t++) {
          const id = uidOf('o', (s * DISTRICT_WEIGHTS.length + i) * 2 + t + 1);
          staff.push({
            id,
            email: `officer.${service}.${d.slug}.${t + 1}@bench.local`,
            name: `${FIRST_NAMES[(s + i + t) % FIRST_NAMES.length]} ${LAST_NAMES[(s * 3 + i + t) % LAST_NAMES.length]}`,
            role: 'officer',
          });
          grants.push({ userId: id, district: d.slug, service, org: null });
        }
      });
    });
    SERVICE_CODES.forEach((service, s) => {
      staff.push({ id: uidOf('h', s), email: `head.${service}@bench.local`, name: `Начальник службы ${service}`, role: 'service_head' });
      grants.push({ userId: uidOf('h', s), district: null, service, org: null });
    });

    // Known accounts the bench signs in with.
    const bench = (n: number, email: string, role: string, name: string) => {
      staff.push({ id: uidOf('b', n), email, name, role });
      return uidOf('b', n);
    };
    bench(1, BENCH_ACCOUNTS.admin, 'admin', 'Bench admin');
    const coordinator = bench(2, BENCH_ACCOUNTS.coordinator, 'coordinator', 'Bench coordinator');
    for (const d of DISTRICT_WEIGHTS) grants.push({ userId: coordinator, district: d.slug, service: null, org: null });
    const chair = bench(3, BENCH_ACCOUNTS.chair, 'chair', 'Bench chair');
    grants.push({ userId: chair, district: 'auezov', service: null, org: uidOf('g', this.offG[0]! + 1) });
    const head = bench(4, BENCH_ACCOUNTS.head, 'service_head', 'Bench head');
    grants.push({ userId: head, district: null, service: 'district_inspectors', org: null });
    SERVICE_CODES.forEach((service, s) => {
      const id = bench(10 + s, BENCH_ACCOUNTS.officer(service), 'officer', `Bench officer ${service}`);
      grants.push({ userId: id, district: 'auezov', service, org: null });
    });
    for (let r = 1; r <= BENCH_RESIDENTS; r++) bench(100 + r, BENCH_ACCOUNTS.resident(r), 'resident', `Bench resident ${r}`);

    out.push(this.userValues(staff));
    const cell = (v: string | null) => (v === null ? 'null' : lit(v));
    out.push(
      `insert into role_grants (user_id, district_slug, service_code, organization_id) values ${grants
        .map((gr) => `(${gr.userId}, ${cell(gr.district)}, ${cell(gr.service)}, ${gr.org ?? 'null'})`)
        .join(', ')}`,
    );
    return out;
  }

  /** One resident in twenty follows their district (decision notifications fan out to them). */
  follows(): string[] {
    const { residents } = this.plan;
    const bounds = offsets(spread(residents)).slice(1);
    const district = `(case ${bounds.map((b, i) => `when g <= ${b} then ${lit(DISTRICT_WEIGHTS[i]!.slug)}`).join(' ')} else ${lit(DISTRICT_WEIGHTS[DISTRICT_WEIGHTS.length - 1]!.slug)} end)`;
    return [
      `insert into follows (user_id, target_type, target_id, created_at)
       select ${uid('r', 'g')}, 'district', ${district}, now() - interval '300 days' from generate_series(20, ${residents}, 20) g`,
      `insert into follows (user_id, target_type, target_id) select ${uidOf('b', 101)}, 'district', 'auezov'`,
    ];
  }

  private meetingStatus(m: string) {
    return bucketCase(
      `(${m}) % 20`,
      MEETING_STATUS_BLOCKS.map((s) => [lit(s.status), s.to - s.from] as const),
    );
  }

  meetings(): string[] {
    const out: string[] = [];
    DISTRICT_WEIGHTS.forEach((d, i) => {
      const n = `${this.offM[i]} + m + 1`;
      out.push(`
        insert into meetings (id, district_slug, title, starts_at, format, place, agenda, minutes, status, version, created_by, created_at, updated_at)
        select ${uid('m', n)}, ${lit(d.slug)}, 'Встреча с председателями КСК и ОСИ, ' || ${pick(d.micro, 'm')} || ' (№' || (m + 1) || ')', s.starts_at,
          (case m % 3 when 0 then 'in_person' when 1 then 'hybrid' else 'online' end)::meeting_format,
          'Акимат района, актовый зал', 'Безопасность во дворах, камеры, патрули, профилактика.',
          case when s.status = 'closed' then 'Заслушаны председатели. Приняты решения и даны поручения службам.' end,
          s.status::meeting_status, case s.status when 'planned' then 1 when 'closed' then 3 else 2 end, ${this.coordinatorId(i)}::uuid,
          least(now(), s.starts_at - interval '20 days'),
          least(now(), case s.status when 'closed' then s.starts_at + interval '1 day' when 'held' then s.starts_at + interval '3 hours' else s.starts_at - interval '18 days' end)
        from generate_series(0, ${this.plan.meetings[i]! - 1}) m,
        lateral (select ${this.meetingStatus('m')} as status) st,
        lateral (select st.status, date_trunc('hour', case st.status
            when 'closed' then now() - ((20 + ${hmod(n, 4, 700)}) || ' days')::interval
            when 'held' then now() - ((1 + ${hmod(n, 5, 14)}) || ' days')::interval
            when 'planned' then now() + ((1 + ${hmod(n, 6, 90)}) || ' days')::interval
            else now() + ((${hmod(n, 7, 120)} - 60) || ' days')::interval end) + interval '10 hours' as starts_at) s`);
      const orgs = this.plan.organizations[i]!;
      const org = `${this.offG[i]} + ((m * 3 + t) % ${orgs}) + 1`;
      out.push(`
        insert into meeting_attendees (meeting_id, organization_id, registered_by, created_at)
        select ${uid('m', n)}, ${uid('g', org)}, ${uid('c', org)}, now() - interval '30 days'
        from generate_series(0, ${this.plan.meetings[i]! - 1}) m, generate_series(0, 2) t
        where m % 20 < ${DECIDED_MEETINGS_PER_BLOCK}`);
    });
    out.push(
      this.timeline(
        {
          kind: `'status'`,
          meeting_id: 'mt.id',
          author_id: 'mt.created_by',
          from_status: 'path.from_status',
          to_status: 'path.to_status',
          district_slug: 'mt.district_slug',
          created_at: `case when path.to_status = 'cancelled' then mt.updated_at else mt.starts_at + (path.step * interval '1 day') + interval '2 hours' end`,
        },
        `meetings mt join ${pathTable(MEETING_PATHS)} on path.final = mt.status::text`,
      ),
    );
    return out;
  }

  /**
   * Proposals of each district. None is hidden by a moderator: public numbers leave hidden ones out, and a generated
   * city whose dashboard equals count(*) per district is the easier one to check.
   */
  proposals(): string[] {
    const statusOf = bucketCase(
      'r',
      PROPOSAL_STATUS_BLOCKS.map((s) => [lit(s.status), s.to - s.from] as const),
    );
    const categoryOf = bucketCase(
      'hc',
      CATEGORY_MIX.map((c) => [lit(c.code), c.percent] as const),
    );
    const titleOf = `(case x.category ${CATEGORY_MIX.map((c) => `when ${lit(c.code)} then ${pick(PROPOSAL_TITLES[c.code], 'x.n')}`).join(' ')} end)`;
    const { residents } = this.plan;
    return DISTRICT_WEIGHTS.map((d, i) => {
      const count = this.plan.proposalsByDistrict[i]!;
      const orgs = this.plan.organizations[i]!;
      const meetings = this.plan.meetings[i]!;
      const orgN = `${this.offG[i]} + ((x.k * 7) % ${orgs}) + 1`;
      return `
        insert into proposals (id, district_slug, category, title, body, author_id, organization_id, meeting_id, address, lat, lng,
          confidential_details, status, reason, answer, merged_into_id, support_count, version, created_at, updated_at)
        select ${uid('p', 'x.n')}, ${lit(d.slug)}, x.category, ${titleOf}, ${pick(PROPOSAL_BODIES, `${hmod('x.n', 8, 1000)}`)},
          case when x.by_chair then ${uid('c', orgN)} else ${uid('r', `1 + ${hmod('x.n', 13, residents)}`)} end,
          case when x.by_chair then ${uid('g', orgN)} end,
          case when ${hmod('x.n', 19, 2)} = 0 then ${uid('m', `${this.offM[i]} + (x.k % ${meetings}) + 1`)} end,
          'мкр. ' || ${pick(d.micro, 'x.k')} || ', ' || (1 + x.k % 150), round((${d.lat} + (random() - 0.5) * 0.04) * 1e6) / 1e6, round((${d.lng} + (random() - 0.5) * 0.05) * 1e6) / 1e6,
          case when x.category in ('drugs', 'migration') and x.n % 3 = 0 then 'Подъезд ' || (1 + x.n % 6) || ', чаще после 22:00. Связь через председателя.' end,
          x.status::proposal_status,
          case when x.status = 'rejected' then 'Вопрос вне компетенции полиции: передан в акимат района.' end,
          case when x.status = 'accepted' then 'Принято. Поручение дано ответственной службе.' when x.status = 'rejected' then 'Обращение передано в акимат.' end,
          case when x.status = 'merged' then ${uid('p', `${this.offP[i]} + x.k - x.r + ${ACCEPTED_BLOCK.from} + 1`)} end,
          x.supports,
          case x.status when 'submitted' then 1 when 'under_review' then 2 when 'withdrawn' then 2 else 3 end,
          x.created_at, least(now(), x.created_at + random() * interval '40 days')
        from (
          select k, n, r, ${statusOf} as status, ${categoryOf} as category, n % 10 < 3 as by_chair,
            ${SUPPORTS} as supports,
            now() - random() * interval '730 days' as created_at
          from (select k, ${this.offP[i]} + k + 1 as n, k % 100 as r, ${hmod(`${this.offP[i]} + k + 1`, 11, 100)} as hc from generate_series(0, ${count - 1}) k) y
        ) x`;
    });
  }

  /** Supporters of each proposal: distinct residents, the author never among them; as many as proposals.support_count. */
  supports(part: number, parts: number): string[] {
    const { residents, proposals } = this.plan;
    const support = `${SUPPORTS}`;
    const from = Math.floor((proposals * part) / parts) + 1;
    const to = Math.floor((proposals * (part + 1)) / parts);
    return [
      `insert into supports (proposal_id, user_id, created_at)
       select ${uid('p', 'n')}, ${uid('r', `((${hmod('n', 13, residents)} + 1 + t) % ${residents}) + 1`)}, now() - random() * interval '700 days'
       from generate_series(${from}, ${to}) n, generate_series(0, ${support} - 1) t`,
    ];
  }

  proposalTimelines(slug: string): string[] {
    return [
      this.timeline(
        {
          kind: `'status'`,
          proposal_id: 'p.id',
          author_id: `case when path.to_status = 'withdrawn' then p.author_id else ${this.districtCoordinatorCase('p.district_slug')} end`,
          from_status: 'path.from_status',
          to_status: 'path.to_status',
          note: `case path.to_status when 'accepted' then p.answer when 'rejected' then p.reason end`,
          district_slug: 'p.district_slug',
          created_at: 'p.created_at + (p.updated_at - p.created_at) * (path.step + 1) / path.steps',
        },
        `proposals p join ${pathTable(PROPOSAL_PATHS)} on path.final = p.status::text where p.district_slug = ${lit(slug)}`,
      ),
    ];
  }

  /** Decisions at closed and held meetings, each linked to 1–3 accepted proposals of its district; the first one gives the category. */
  decisions(): string[] {
    const out: string[] = [];
    const titleOf = `(case p.category ${CATEGORY_MIX.map((c) => `when ${lit(c.code)} then ${lit(DECISION_TITLES[c.code])}`).join(' ')} end)`;
    DISTRICT_WEIGHTS.forEach((d, i) => {
      const meetings = this.plan.meetings[i]!;
      const decided = Math.floor(meetings / 20) * DECIDED_MEETINGS_PER_BLOCK + Math.min(meetings % 20, DECIDED_MEETINGS_PER_BLOCK);
      const blocks = Math.floor(this.plan.proposalsByDistrict[i]! / 100);
      const n = `${this.offD[i]} + dd + 1`;
      const meetingOf = `${this.offM[i]} + ((dd % ${decided}) / ${DECIDED_MEETINGS_PER_BLOCK}) * 20 + (dd % ${decided}) % ${DECIDED_MEETINGS_PER_BLOCK} + 1`;
      const proposalOf = (t: string) =>
        `${this.offP[i]} + ${hmod(`(${n}) * 3 + ${t}`, 31, blocks)} * 100 + ${ACCEPTED_BLOCK.from} + ((${n}) + ${t} * 11) % ${ACCEPTED_BLOCK.size} + 1`;
      out.push(`
        insert into decisions (id, meeting_id, district_slug, kind, category, title, description, target_value, target_unit, due_at, created_by, created_at)
        select ${uid('d', n)}, mt.id, ${lit(d.slug)},
          (case when p.category in ('drugs', 'migration', 'youth') or (${n}) % 5 = 0 then 'instruction' else 'decision' end)::decision_kind,
          p.category, ${titleOf}, 'По итогам встречи: ' || p.title,
          case p.category when 'cameras' then 10 + (${n}) % 50 when 'police_helpers' then 5 + (${n}) % 30 end,
          case p.category when 'cameras' then 'cameras' when 'police_helpers' then 'helpers' end,
          mt.starts_at + ((14 + (${n}) % 90) || ' days')::interval, ${this.coordinatorId(i)}::uuid, mt.starts_at + interval '3 hours'
        from generate_series(0, ${this.plan.decisions[i]! - 1}) dd
        join meetings mt on mt.id = ${uid('m', meetingOf)}
        join proposals p on p.id = ${uid('p', proposalOf('0'))}`);
      out.push(`
        insert into decision_proposals (decision_id, proposal_id)
        select ${uid('d', n)}, ${uid('p', proposalOf('t'))}
        from generate_series(0, ${this.plan.decisions[i]! - 1}) dd, generate_series(0, ((${n}) % 3)) t`);
    });
    return out;
  }

  /**
   * One assignment per service a decision names (1–7, four on average); old work mostly done, open work past its date
   * overdue and already escalated.
   */
  assignments(): string[] {
    const mix = (shares: Record<string, number>) =>
      bucketCase(
        'h.u',
        Object.entries(shares).map(([status, percent]) => [lit(status), percent] as const),
      );
    const serviceStart = `(case dc.category ${CATEGORY_MIX.map((c) => `when ${lit(c.code)} then ${SERVICE_CODES.indexOf(c.service)}`).join(' ')} end)`;
    const open = `('queued', 'dispatched', 'accepted', 'in_progress', 'blocked', 'reopened')`;
    return DISTRICT_WEIGHTS.map((d, i) => {
      const n = `${this.offD[i]} + dd + 1`;
      return `
        insert into assignments (id, decision_id, district_slug, service_code, officer_id, status, due_at, progress, contribution, blocked_reason,
          confirmation, overdue, disputed_at, reminded_for, escalated_for, version, dispatched_at, done_at, created_at, updated_at)
        select x.id, x.decision_id, ${lit(d.slug)}, (${textArray(SERVICE_CODES)})[1 + x.service], 
          case when x.status not in ('queued', 'dispatched') and not (x.status = 'cancelled' and x.u % 2 = 0)
            then ${uid('o', this.officerNumber('x.service', i, 'x.n % 2'))} end,
          x.status::assignment_status, x.due_at, x.progress,
          case when x.target is not null and x.status in ('in_progress', 'blocked', 'done', 'reopened') then round(x.target / x.services * x.progress / 100) end,
          case when x.status = 'blocked' then 'Ожидаем согласования с акиматом района' end,
          (case when x.status = 'reopened' then 'disputed' when x.status = 'done' and x.u % 5 < 3 then 'confirmed' end)::confirmation,
          x.due_at < now() and x.status in ${open},
          case when x.status = 'reopened' then x.updated_at when x.status = 'done' and x.u % 25 = 0 then x.updated_at - interval '5 days' end,
          -- Deadlines already passed were reminded and escalated when they came; those ahead are the sweep's to tell.
          case when x.due_at <= now() + interval '1 day' and x.status in ${open} then x.due_at end,
          case when x.due_at <= now() and x.status in ${open} then x.due_at end,
          case x.status when 'queued' then 1 when 'dispatched' then 2 when 'accepted' then 3 when 'in_progress' then 4 when 'blocked' then 5
            when 'done' then 5 when 'reopened' then 6 else 3 end,
          case when x.status <> 'queued' then x.created_at + interval '1 minute' end,
          case when x.status = 'done' then x.updated_at end,
          x.created_at, x.updated_at
        from (
          select w.*, case w.status when 'done' then 100 when 'in_progress' then 10 + w.u % 80 when 'blocked' then 20 + w.u % 50
              when 'reopened' then 60 + w.u % 35 else 0 end as progress
          from (
            select ${uid('a', `(${n}) * 8 + s`)} as id, dc.id as decision_id, (${n}) as n, s, h.u,
              (${serviceStart} + s) % ${SERVICE_CODES.length} as service, 1 + (${n}) % ${SERVICE_CODES.length} as services,
              dc.target_value as target, dc.due_at, dc.created_at,
              least(now(), dc.created_at + (greatest(dc.due_at + interval '10 days', dc.created_at + interval '1 day') - dc.created_at) * (0.3 + 0.7 * random())) as updated_at,
              case when dc.due_at < now() then ${mix(ASSIGNMENT_MIX.pastDue)} else ${mix(ASSIGNMENT_MIX.running)} end as status
            from generate_series(0, ${this.plan.decisions[i]! - 1}) dd
            join decisions dc on dc.id = ${uid('d', n)},
            lateral generate_series(0, (${n}) % ${SERVICE_CODES.length}) s,
            lateral (select ${hmod(`(${n}) * 8 + s`, 37, 100)} as u) h
          ) w
        ) x`;
    });
  }

  /** Each decision's first entry, each assignment's status path, progress reports, disputes and overdue escalations. */
  workTimelines(slug: string): string[] {
    const inDistrict = `a.district_slug = ${lit(slug)}`;
    const evidence = `a.progress >= 50 and ${hmod('a.version * 7 + a.progress', 41, 3)} = 0`;
    return [
      this.timeline(
        {
          kind: `'status'`,
          decision_id: 'd.id',
          author_id: 'd.created_by',
          to_status: `'open'`,
          note: 'd.title',
          district_slug: 'd.district_slug',
          created_at: 'd.created_at',
        },
        `decisions d where d.district_slug = ${lit(slug)}`,
      ),
      this.timeline(
        {
          kind: `'status'`,
          decision_id: 'a.decision_id',
          assignment_id: 'a.id',
          author_id: `case when path.to_status = 'queued' then ${this.districtCoordinatorCase('a.district_slug')} when path.to_status in ('dispatched', 'reopened') then null else a.officer_id end`,
          from_status: 'path.from_status',
          to_status: 'path.to_status',
          progress: `case when path.to_status = 'done' then 100 end`,
          district_slug: 'a.district_slug',
          created_at: 'a.created_at + (a.updated_at - a.created_at) * path.step / greatest(1, path.steps - 1)',
        },
        `assignments a join ${pathTable(ASSIGNMENT_PATHS)} on path.final = a.status::text where ${inDistrict}`,
      ),
      this.timeline(
        {
          kind: `(case when ${evidence} then 'evidence' else 'progress' end)::update_kind`,
          decision_id: 'a.decision_id',
          assignment_id: 'a.id',
          author_id: 'a.officer_id',
          note: pick(PROGRESS_NOTES, 'a.progress'),
          progress: 'a.progress',
          evidence_url: `case when ${evidence} then 'https://evidence.invalid/report/' || a.progress end`,
          visibility: `(case when a.progress % 10 = 3 then 'internal' else 'public' end)::visibility`,
          district_slug: 'a.district_slug',
          created_at: 'a.created_at + (a.updated_at - a.created_at) * 0.8',
        },
        `assignments a where a.status in ('in_progress', 'blocked', 'done', 'reopened') and a.officer_id is not null and ${inDistrict}`,
      ),
      this.timeline(
        {
          kind: `'dispute'`,
          decision_id: 'a.decision_id',
          assignment_id: 'a.id',
          note: lit('Жильцы не подтверждают выполнение: во дворе всё по-прежнему.'),
          district_slug: 'a.district_slug',
          created_at: 'a.disputed_at',
        },
        `assignments a where a.disputed_at is not null and ${inDistrict}`,
      ),
      this.timeline(
        {
          kind: `'note'`,
          decision_id: 'a.decision_id',
          assignment_id: 'a.id',
          note: `'overdue: escalated to the service head and coordinators'`,
          visibility: `'internal'`,
          district_slug: 'a.district_slug',
          created_at: `a.due_at + interval '1 minute'`,
        },
        `assignments a where a.overdue and ${inDistrict}`,
      ),
    ];
  }

  /**
   * Timeline entries, with ids that ascend in the order they are written (UUIDv7, its clock a per-statement counter):
   * the primary key grows at its right edge during the load, where it costs little, instead of being rebuilt after.
   */
  private timeline(columns: Record<string, string>, from: string): string {
    const statement = ++this.timelineStatements;
    const names = Object.keys(columns);
    return `
      insert into updates (id, ${names.join(', ')})
      select ${timelineId(statement, 'q.rn')}, ${names.map((c) => `q.${c}${ENUM_COLUMNS[c] ? `::${ENUM_COLUMNS[c]}` : ''}`).join(', ')}
      from (select ${names.map((c) => `${columns[c]} as ${c}`).join(', ')}, row_number() over () as rn from ${from}) q`;
  }

  /** The whole load as tasks for two sessions: the long chain (proposals → decisions → assignments → timelines) first. */
  tasks(): LoadTask[] {
    const slugs = DISTRICT_WEIGHTS.map((d) => d.slug);
    const proposals = this.proposals();
    const decisions = this.decisions();
    const assignments = this.assignments();
    const tasks: LoadTask[] = [
      { name: 'people', after: [], statements: [...this.people(), ...this.follows()] },
      { name: 'meetings', after: [], statements: this.meetings() },
    ];
    slugs.forEach((slug, i) => {
      tasks.push({ name: `proposals:${slug}`, after: [], statements: [proposals[i]!] });
      tasks.push({
        name: `decisions:${slug}`,
        after: ['meetings', `proposals:${slug}`],
        statements: decisions.slice(2 * i, 2 * i + 2),
        lookups: true,
      });
      tasks.push({ name: `assignments:${slug}`, after: [`decisions:${slug}`], statements: [assignments[i]!], lookups: true });
      tasks.push({ name: `decision and assignment timelines:${slug}`, after: [`assignments:${slug}`], statements: this.workTimelines(slug) });
    });
    for (let part = 0; part < 4; part++) tasks.push({ name: `supports:${part}`, after: [], statements: this.supports(part, 4) });
    for (const slug of slugs)
      tasks.push({ name: `proposal timelines:${slug}`, after: [`proposals:${slug}`], statements: this.proposalTimelines(slug) });
    return tasks;
  }
}
