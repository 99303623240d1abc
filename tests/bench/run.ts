// `npm run bench`: the platform as in production against the bench databases (10k and 1M proposals, generated once
// and kept), driven by autocannon and `ws` clients. Every figure is printed and written (bench/results/latest.json,
// latest.md) as a ratio to a baseline measured in the same run. Timings are never asserted by `npm test`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { loadConfig } from '@dsd/server/config/env';
import { QUEUE_NAMES } from '@dsd/server/modules/queue/queues';
import { benchDatabaseName, benchServerUrl, ensureCity, settleCity, type CityMarker } from './data/databases.ts';
import { BENCH_ACCOUNTS, BENCH_PASSWORD } from './data/generate.ts';
import { type DispatchRound, dispatchPipeline, measureBareDispatch, measureRawQueue, type RateResult } from './lib/dispatch.ts';
import { api, expectOk, load, sampleLatency, signIn } from './lib/http.ts';
import { measureBroadcast, subscribe } from './lib/live.ts';
import { atLeast, atMost, figure, printTable, updateReadme, writeResults, type Figure, type RunInfo } from './lib/report.ts';
import { ROOT, freePort, spawnNode, startServer, waitForHttp, type ServerHandle } from './lib/server.ts';
import { BENCH_PROPOSAL, measureBareCreates } from './lib/writes.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    subscribers: { type: 'string', default: '5000' },
    only: { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const SUBSCRIBERS = Number(args.subscribers);
const ONLY = args.only ? new Set(args.only.split(',').map((s) => s.trim().toUpperCase())) : null;
const wants = (id: string) => !ONLY || ONLY.has(id);
const CONNECTIONS = 10;
// P3: decisions of five services each, recorded four at a time; the untimed warm-up is as long as a timed round.
const P3_WARMUP_DECISIONS = 300;
const P3_DECISIONS = 300;

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `dsdbench${process.pid}x${Date.now().toString(36)}`;
const RAW_PREFIX = `${PREFIX}-raw`;
const SETS = { '10k': 10_000, '1M': 1_000_000 } as const;
// The last run's server logs stay here for a look after the numbers; each run starts it afresh.
const logDir = join(tmpdir(), 'dsd-bench-last');
rmSync(logDir, { recursive: true, force: true });
mkdirSync(logDir, { recursive: true });
const say = (line: string) => console.log(`[bench] ${line}`);

const figures: Figure[] = [];
const notes: string[] = [];
const cleanups: Array<() => Promise<unknown> | unknown> = [];

async function main() {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0]!;

  const dataSets: RunInfo['dataSets'] = {};
  const urls = {} as Record<keyof typeof SETS, string>;
  for (const [name, proposals] of Object.entries(SETS) as Array<[keyof typeof SETS, number]>) {
    const database = benchDatabaseName(proposals);
    urls[name] = benchServerUrl(database);
    say(`data set ${name}: ${database}`);
    const { marker, generated } = await ensureCity(urls[name], proposals, { log: (l) => say(l) });
    if (!generated) say(`  kept (generated ${marker.generatedAt} in ${marker.seconds} s)`);
    dataSets[name] = describe(database, await settleCity(urls[name], marker, (l) => say(l)));
  }

  // P2's divisor: the dashboard's latency on the small set, with the same server, one request at a time.
  let dashboardSmall: { p50Ms: number } | null = null;
  if (wants('P2')) {
    const server = await serve(urls['10k'], 'server-10k.log');
    try {
      dashboardSmall = await sampleLatency(`${server.url}/api/v1/dashboard`, { count: 400, warmup: 100 });
      say(`dashboard at 10k: p50 ${dashboardSmall.p50Ms.toFixed(2)} ms`);
    } finally {
      await server.stop();
    }
  }

  const server = await serve(urls['1M'], 'server-1m.log');
  const db = postgres(urls['1M'], { max: 2, onnotice: () => {} });
  cleanups.push(() => db.end({ timeout: 5 }));
  try {
    const coordinator = await signIn(server.url, BENCH_ACCOUNTS.coordinator, BENCH_PASSWORD);
    const resident = await signIn(server.url, BENCH_ACCOUNTS.resident(1), BENCH_PASSWORD);

    if (wants('P1') || wants('P6')) {
      const read = (path: string) => load(`${server.url}${path}`, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 2 });
      const health = await read('/api/v1/health');
      say(`health: ${health.requestsPerSecond.toFixed(0)} req/s (p50 ${health.p50Ms} ms)`);
      const baseline = { what: '/api/v1/health', value: health.requestsPerSecond, unit: 'req/s' };
      const reads: Array<[string, string, string, number]> = [];
      if (wants('P1')) reads.push(['P1', 'dashboard req/s at 1M proposals', '/api/v1/dashboard', 0.5]);
      if (wants('P6')) {
        reads.push(['P6a', 'updates feed req/s at 1M (`/updates?district=auezov`)', '/api/v1/updates?district=auezov', 0.3]);
        reads.push(['P6b', 'proposal list req/s at 1M (`/proposals?district=auezov`)', '/api/v1/proposals?district=auezov', 0.3]);
      }
      for (const [id, measure, path, goal] of reads) {
        const r = await read(path);
        say(`${path}: ${r.requestsPerSecond.toFixed(0)} req/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''})`);
        if (r.non2xx || r.errors) notes.push(`${id}: ${r.non2xx} non-2xx responses and ${r.errors} errors during the run (not counted)`);
        figures.push(figure({ id, measure, value: r.requestsPerSecond, unit: 'req/s', baseline, goal: atLeast(goal), details: { ...r, path } }));
      }
    }

    if (wants('P2') && dashboardSmall) {
      const large = await sampleLatency(`${server.url}/api/v1/dashboard`, { count: 400, warmup: 100 });
      say(`dashboard at 1M: p50 ${large.p50Ms.toFixed(2)} ms`);
      figures.push(
        figure({
          id: 'P2',
          measure: 'dashboard p50 at 1M ÷ p50 at 10k (one request at a time)',
          value: large.p50Ms,
          unit: 'ms',
          baseline: { what: 'p50 at 10k', value: dashboardSmall.p50Ms, unit: 'ms' },
          goal: atMost(1.5),
          details: { large, small: dashboardSmall },
        }),
      );
    }

    if (wants('P5')) {
      const r = await load(`${server.url}/api/v1/proposals`, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmupSeconds: 2,
        method: 'POST',
        headers: { cookie: resident, 'content-type': 'application/json' },
        body: JSON.stringify(BENCH_PROPOSAL),
      });
      say(`POST /api/v1/proposals: ${r.requestsPerSecond.toFixed(0)} req/s (p50 ${r.p50Ms} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''})`);
      if (r.non2xx || r.errors) notes.push(`P5: ${r.non2xx} non-2xx responses and ${r.errors} errors during the run (not counted)`);
      await waitForIdle(db);
      const me = await expectOk(api(server.url, 'GET', '/api/v1/auth/me', { cookie: resident }), 'who am I');
      const bare = await measureBareCreates(urls['1M'], me.user.id, { concurrency: CONNECTIONS, seconds: SECONDS, warmupSeconds: 2 });
      say(`bare postgres.js creates: ${bare.perSecond.toFixed(0)} tx/s`);
      figures.push(
        figure({
          id: 'P5',
          measure: `proposal create req/s (\`POST /proposals\`, ${CONNECTIONS} at a time)`,
          value: r.requestsPerSecond,
          unit: 'req/s',
          baseline: { what: `the same INSERTs, bare postgres.js, ${CONNECTIONS} at a time`, value: bare.perSecond, unit: 'tx/s' },
          goal: atLeast(0.5),
          details: { api: r, bare },
        }),
      );
      await waitForIdle(db);
    }

    if (wants('P4')) figures.push(await liveFigure(server, resident));

    if (wants('P3')) {
      // Both sides in three interleaved rounds, each figure the median of its three: the two share the machine's
      // moments, and one disturbed second moves neither. The pipeline is warmed first (see dispatchPipeline).
      await waitForIdle(db);
      const pipeline = await dispatchPipeline(server.url, coordinator, db, { concurrency: 4, timeoutMs: 120_000 });
      await pipeline.warmUp(P3_WARMUP_DECISIONS);
      const rounds: Array<{ raw: RateResult; pipeline: DispatchRound }> = [];
      for (let round = 1; round <= 3; round++) {
        // The baseline on an idle worker: the pipeline's notification fan-out outlasts its own measurement.
        await waitForIdle(db);
        const raw = await measureRawQueue(REDIS_URL, `${RAW_PREFIX}${round}`, {
          jobs: 3000,
          concurrency: loadConfig({}).workerConcurrency,
          batch: 200,
        });
        await waitForIdle(db);
        const run = await pipeline.measure(P3_DECISIONS);
        say(
          `round ${round}: raw BullMQ no-op ${raw.perSecond.toFixed(0)} jobs/s; dispatched end to end ${run.dispatched} of ${run.items} assignments in ${run.seconds.toFixed(2)} s = ${run.perSecond.toFixed(0)}/s (the API calls took ${run.apiSeconds.toFixed(2)} s of it)`,
        );
        if (run.dispatched < run.items)
          notes.push(`P3 round ${round}: only ${run.dispatched} of ${run.items} assignments were dispatched within 120 s`);
        rounds.push({ raw, pipeline: run });
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      await waitForIdle(db);
      const bare = await measureBareDispatch(urls['1M'], { warmupDecisions: P3_WARMUP_DECISIONS, decisions: P3_DECISIONS, concurrency: 4 });
      const pipelineMedian = median(rounds.map((r) => r.pipeline.perSecond));
      say(
        `for reading P3: the same rows from bare postgres.js, 4 at a time: ${bare.perSecond.toFixed(0)} assignments/s; the pipeline reaches ${((pipelineMedian / bare.perSecond) * 100).toFixed(0)}% of it`,
      );
      notes.push(
        `P3 for reading: the rows of a recorded and dispatched decision written by bare postgres.js (no HTTP, queue, sealing or folding) reach ${bare.perSecond.toFixed(0)} assignments/s on this machine, ${(bare.perSecond / median(rounds.map((r) => r.raw.perSecond))).toFixed(2)} of the raw BullMQ baseline; the pipeline reaches ${((pipelineMedian / bare.perSecond) * 100).toFixed(0)}% of that ceiling`,
      );
      figures.push(
        figure({
          id: 'P3',
          measure: 'assignments dispatched end to end per s (API → outbox → BullMQ → worker → DB)',
          value: pipelineMedian,
          unit: '/s',
          baseline: { what: 'raw BullMQ no-op add+process', value: median(rounds.map((r) => r.raw.perSecond)), unit: 'jobs/s' },
          goal: atLeast(0.15),
          details: { warmupDecisions: P3_WARMUP_DECISIONS, rounds, bareSql: bare },
        }),
      );
    }
  } finally {
    await server.stop();
  }

  figures.sort((a, b) => a.id.localeCompare(b.id));
  const info: RunInfo = {
    startedAt,
    seconds: (performance.now() - started) / 1000,
    machine: { ...(await machine()), loadAverage: { atStart: loadAtStart, atEnd: loadavg()[0]! } },
    commit: git(['rev-parse', '--short', 'HEAD']) + (git(['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : ''),
    dataSets,
    notes,
  };
  console.log(`\n${printTable(figures)}\n`);
  if (!ONLY) {
    const written = writeResults(join(ROOT, 'bench', 'results'), info, figures);
    say(`written: ${written.json.replace(ROOT, '')}, ${written.md.replace(ROOT, '')}`);
    if (updateReadme(join(ROOT, 'README.md'), info, figures)) say('README.md: Performance table updated');
    // The tables are written plainly; the project's formatter aligns them, so `npm test`'s format check stays green.
    execFileSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', join(ROOT, 'README.md'), written.md], { stdio: 'ignore' });
  } else say('--only given: results not written');
  say(`${figures.filter((f) => f.pass).length} of ${figures.length} figures meet their goal (informational: the bench never fails a build)`);
}

/** P4: receive time − request send time at each of SUBSCRIBERS sockets on district:auezov, the platform against a bare `ws` server. */
async function liveFigure(server: ServerHandle, resident: string): Promise<Figure> {
  const events = 20;
  const subs = await subscribe(`ws://127.0.0.1:${server.port}/api/v1/live`, 'district:auezov', SUBSCRIBERS);
  let platform: Awaited<ReturnType<typeof measureBroadcast>>;
  try {
    say(`${SUBSCRIBERS} WebSocket subscribers on district:auezov`);
    platform = await measureBroadcast(
      subs,
      () => expectOk(api(server.url, 'POST', '/api/v1/proposals', { cookie: resident, body: BENCH_PROPOSAL }), 'create a proposal'),
      {
        events,
        warmup: 2,
      },
    );
  } finally {
    subs.close();
  }
  say(`live update through the platform: p50 ${platform.p50Ms.toFixed(1)} ms, p99 ${platform.p99Ms.toFixed(1)} ms, ${platform.missed} missed`);

  const port = await freePort();
  const bare = spawnNode('tests/bench/lib/bare-ws-server.ts', { PORT: String(port) }, join(logDir, 'bare-ws.log'));
  let baseline: Awaited<ReturnType<typeof measureBroadcast>>;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health`, bare, 30_000);
    const bareSubs = await subscribe(`ws://127.0.0.1:${port}/api/v1/live`, 'district:auezov', SUBSCRIBERS);
    try {
      baseline = await measureBroadcast(
        bareSubs,
        () =>
          fetch(`http://127.0.0.1:${port}/trigger?channel=district:auezov`, { method: 'POST', body: JSON.stringify(BENCH_PROPOSAL) }).then((r) =>
            r.text(),
          ),
        { events, warmup: 2 },
      );
    } finally {
      bareSubs.close();
    }
  } finally {
    await bare.stop();
  }
  say(`bare ws broadcast: p50 ${baseline.p50Ms.toFixed(1)} ms, p99 ${baseline.p99Ms.toFixed(1)} ms`);
  if (platform.missed) notes.push(`P4: ${platform.missed} of ${platform.missed + platform.samples} deliveries did not arrive within 10 s`);
  return figure({
    id: 'P4',
    measure: `live update to ${SUBSCRIBERS.toLocaleString('en')} WebSocket subscribers of one district, p99 (API write → event received)`,
    value: platform.p99Ms,
    unit: 'ms',
    baseline: { what: `bare \`ws\` broadcast to ${SUBSCRIBERS.toLocaleString('en')}`, value: baseline.p99Ms, unit: 'ms' },
    goal: atMost(2, '×'),
    details: { platform, baseline },
  });
}

async function serve(databaseUrl: string, log: string): Promise<ServerHandle> {
  say(`starting the server (NODE_ENV=production) on ${new URL(databaseUrl).pathname.slice(1)}`);
  const t = performance.now();
  const server = await startServer({ databaseUrl, redisUrl: REDIS_URL, redisPrefix: PREFIX, logFile: join(logDir, log) });
  say(`  up at ${server.url} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return server;
}

/** Waits until the outbox is relayed and no queue has jobs waiting or running, so one measurement's tail does not load the next. */
async function waitForIdle(db: postgres.Sql, timeoutMs = 180_000) {
  const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection: { url: REDIS_URL }, prefix: PREFIX }));
  try {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const [row] = await db<Array<{ n: number }>>`select count(*)::int as n from outbox where published_at is null and refused_at is null`;
      let busy = row!.n;
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized');
        busy += (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0);
      }
      if (busy === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    notes.push('the worker was still busy after 180 s between two measurements');
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

function describe(database: string, marker: CityMarker): RunInfo['dataSets'][string] {
  return { database, proposals: marker.proposals, generatedAt: marker.generatedAt, generationSeconds: marker.seconds, counts: marker.counts };
}

function git(argv: string[]): string {
  try {
    return execFileSync('git', argv, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function machine(): Promise<Omit<RunInfo['machine'], 'loadAverage'>> {
  const sql = postgres(benchServerUrl('postgres'), { max: 1, onnotice: () => {} });
  const redis = new Redis(REDIS_URL);
  try {
    const [pg] = await sql<Array<{ v: string }>>`select current_setting('server_version') as v`;
    const info = await redis.info('server');
    return {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.versions.node,
      postgres: pg!.v.split(' ')[0]!,
      redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    };
  } finally {
    await sql.end({ timeout: 5 });
    redis.disconnect();
  }
}

/** Removes every Redis key of this run's prefixes (queues, rate limits). */
async function cleanRedis() {
  const redis = new Redis(REDIS_URL);
  try {
    for (const match of [`${PREFIX}:*`, `${RAW_PREFIX}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  await cleanRedis().catch((err) => console.error(`[bench] Redis clean-up: ${err}`));
  say(`server logs: ${logDir}`);
}
process.exit(failed ? 1 : 0);
