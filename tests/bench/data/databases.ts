import postgres from 'postgres';
import { GENERATOR_VERSION, generateCity, planCity, type GenerateReport } from './generate.ts';

/**
 * The bench databases: one per data set, kept between runs. A small marker table says which set a database holds
 * and whether its load finished, so a database is made again only when it holds another set, an older generator's
 * data or a load that died half-way — and a database the bench did not make is never touched.
 */

const MARKER = 'bench_meta';

export interface CityMarker {
  generatorVersion: number;
  proposals: number;
  status: 'loading' | 'ready';
  generatedAt?: string;
  seconds?: number;
  /** When the bench last vacuumed it, so its first measurements do not meet autovacuum's first pass over the load. */
  vacuumedAt?: string;
  counts?: Record<string, number>;
}

/** dsd_bench_10k, dsd_bench_1m, dsd_bench_<n> */
export function benchDatabaseName(proposals: number): string {
  if (proposals % 1_000_000 === 0) return `dsd_bench_${proposals / 1_000_000}m`;
  if (proposals % 1000 === 0) return `dsd_bench_${proposals / 1000}k`;
  return `dsd_bench_${proposals}`;
}

/** A database on the bench's PostgreSQL server (BENCH_POSTGRES_URL, set by `npm run bench`, else the local one). */
export function benchServerUrl(database: string): string {
  const url = new URL(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const maintenanceUrl = (url: string) => {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
};
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

type State = { kind: 'missing' } | { kind: 'empty' } | { kind: 'ours'; marker: CityMarker | null } | { kind: 'foreign' };

async function inspect(url: string): Promise<State> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await sql<{ marker: boolean; users: boolean }[]>`
      select to_regclass(${`public.${MARKER}`}) is not null as marker, to_regclass('public.users') is not null as users`;
    if (row!.marker) {
      const [m] = await sql<{ value: CityMarker }[]>`select value from ${sql(MARKER)} where key = 'city'`;
      return { kind: 'ours', marker: m?.value ?? null };
    }
    if (!row!.users) return { kind: 'empty' };
    const [used] = await sql<{ any: boolean }[]>`select exists (select 1 from users) or exists (select 1 from meetings) as any`;
    return used!.any ? { kind: 'foreign' } : { kind: 'empty' };
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') return { kind: 'missing' };
    throw err;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function maintenance(url: string, statements: string[]) {
  const sql = postgres(maintenanceUrl(url), { max: 1, onnotice: () => {} });
  try {
    for (const s of statements) await sql.unsafe(s);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function writeMarker(url: string, marker: CityMarker) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create table if not exists ${MARKER} (key text primary key, value jsonb not null)`);
    await sql`insert into ${sql(MARKER)} (key, value) values ('city', ${sql.json(marker as unknown as postgres.JSONValue)})
      on conflict (key) do update set value = excluded.value`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export interface EnsureResult {
  generated: boolean;
  marker: CityMarker;
  report?: GenerateReport;
}

/**
 * Makes sure the database at `url` holds the city of `proposals` proposals: keeps it when it does, otherwise
 * creates (or drops and creates, when the bench made it) the database and generates the city.
 */
export async function ensureCity(
  url: string,
  proposals: number,
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<EnsureResult> {
  const log = options.log ?? console.log;
  const plan = planCity(proposals);
  const name = databaseOf(url);
  const state = await inspect(url);
  if (
    state.kind === 'ours' &&
    state.marker?.status === 'ready' &&
    state.marker.generatorVersion === GENERATOR_VERSION &&
    state.marker.proposals === proposals &&
    !options.force
  ) {
    return { generated: false, marker: state.marker };
  }
  if (state.kind === 'foreign') {
    throw new Error(`database ${name} already holds records the bench did not make; give an empty database (or none: it is created)`);
  }
  if (state.kind === 'missing') {
    log(`creating database ${name}`);
    await maintenance(url, [`create database ${quoteIdent(name)}`]);
  } else if (state.kind === 'ours') {
    log(
      `database ${name} holds ${state.marker ? `${state.marker.status === 'ready' ? 'another' : 'an unfinished'} data set` : 'an unfinished data set'}: making it again`,
    );
    await maintenance(url, [`drop database if exists ${quoteIdent(name)} with (force)`, `create database ${quoteIdent(name)}`]);
  }
  await writeMarker(url, { generatorVersion: GENERATOR_VERSION, proposals, status: 'loading' });
  log(`generating a city of ${plan.proposals.toLocaleString('en')} proposals in ${name}`);
  const report = await generateCity(url, plan, log);
  const marker: CityMarker = {
    generatorVersion: GENERATOR_VERSION,
    proposals,
    status: 'ready',
    generatedAt: new Date().toISOString(),
    seconds: Math.round(report.seconds * 10) / 10,
    counts: report.counts,
  };
  await writeMarker(url, marker);
  return { generated: true, marker, report };
}

/** Vacuums and analyzes a freshly generated bench database once (the bench does, before measuring); returns the marker. */
export async function settleCity(url: string, marker: CityMarker, log: (line: string) => void = console.log): Promise<CityMarker> {
  if (marker.vacuumedAt) return marker;
  log(`vacuum (analyze) of ${databaseOf(url)}, once after its load`);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe('vacuum (analyze)');
  } finally {
    await sql.end({ timeout: 5 });
  }
  const settled = { ...marker, vacuumedAt: new Date().toISOString() };
  await writeMarker(url, settled);
  return settled;
}
