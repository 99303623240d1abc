import { Queue, Worker } from 'bullmq';
import type postgres from 'postgres';
import { DEFAULT_JOB_OPTIONS } from '@dsd/server/modules/queue/queues';
import { api, expectOk } from './http.ts';

export interface RateResult {
  items: number;
  seconds: number;
  perSecond: number;
}

const SERVICES = ['district_inspectors', 'patrol', 'migration', 'counter_narcotics', 'juvenile'];

/**
 * P3: decisions recorded through the API, each with one assignment per service, counted when the worker has set
 * them 'dispatched' (API → outbox → relay → BullMQ → worker → database). The clock runs from the first request to
 * the last dispatched_at. A warm-up round goes first, untimed and dispatched before the clock starts: the first
 * decisions after a start pay for compiling the code path and preparing its statements, which a throughput figure
 * should not average in (the baseline's BullMQ is likewise warm from its own start).
 */
export async function measureDispatch(
  base: string,
  cookie: string,
  sql: postgres.Sql,
  options: { warmup: number; decisions: number; concurrency: number; timeoutMs: number },
): Promise<RateResult & { dispatched: number; apiSeconds: number; warmup: number }> {
  const meeting = await expectOk(
    api(base, 'POST', '/api/v1/meetings', {
      cookie,
      body: {
        districtSlug: 'auezov',
        title: 'Бенчмарк: встреча',
        // Begun an hour ago: a meeting is marked held from its own day on.
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        format: 'in_person',
        place: 'Акимат',
      },
    }),
    'plan a meeting',
  );
  await expectOk(
    api(base, 'POST', `/api/v1/meetings/${meeting.id}/transition`, { cookie, body: { to: 'held', version: meeting.version } }),
    'hold the meeting',
  );

  const record = async (count: number, label: string): Promise<string[]> => {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const decision = await expectOk(
            api(base, 'POST', `/api/v1/meetings/${meeting.id}/decisions`, {
              cookie,
              body: {
                kind: 'instruction',
                category: 'drugs',
                title: `Бенчмарк: ${label} ${i + 1}`,
                services: SERVICES,
                dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
              },
            }),
            'record a decision',
          );
          for (const a of decision.assignments as Array<{ id: string }>) ids.push(a.id);
        }
      }),
    );
    return ids;
  };
  const dispatchedOf = async (ids: string[]) => {
    const until = Date.now() + options.timeoutMs;
    let row: { dispatched: number; last: Date | null } = { dispatched: 0, last: null };
    while (Date.now() < until) {
      [row] = await sql<Array<{ dispatched: number; last: Date | null }>>`
        select count(*) filter (where status <> 'queued')::int as dispatched, max(dispatched_at) as last from assignments where id = any(${ids}::uuid[])`;
      if (row.dispatched === ids.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return row;
  };

  const warm = await record(options.warmup, 'разминка');
  await dispatchedOf(warm);

  const started = Date.now();
  const ids = await record(options.decisions, 'поручение');
  const recorded = Date.now();
  const row = await dispatchedOf(ids);
  const seconds = ((row.last?.getTime() ?? Date.now()) - started) / 1000;
  return {
    items: ids.length,
    dispatched: row.dispatched,
    seconds,
    perSecond: row.dispatched / seconds,
    apiSeconds: (recorded - started) / 1000,
    warmup: warm.length,
  };
}

/**
 * P3's baseline: what BullMQ alone does on this machine and Redis — jobs added in batches as the outbox relay adds
 * them (addBulk, up to 200), with the platform's job options, taken by a worker with the platform's concurrency
 * whose processor does nothing.
 */
export async function measureRawQueue(
  redisUrl: string,
  prefix: string,
  options: { jobs: number; concurrency: number; batch: number },
): Promise<RateResult> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('noop', { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  let completed = 0;
  let finishedAt = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const worker = new Worker('noop', async () => {}, { connection, prefix, concurrency: options.concurrency });
  worker.on('completed', () => {
    if (++completed === options.jobs) {
      finishedAt = Date.now();
      allDone();
    }
  });
  try {
    await worker.waitUntilReady();
    await queue.waitUntilReady();
    const started = Date.now();
    for (let i = 0; i < options.jobs; i += options.batch) {
      const n = Math.min(options.batch, options.jobs - i);
      await queue.addBulk(Array.from({ length: n }, (_, j) => ({ name: 'noop', data: { n: i + j }, opts: { jobId: `raw-${i + j}` } })));
    }
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('raw BullMQ: jobs not done within 120 s')), 120_000))]);
    const seconds = (finishedAt - started) / 1000;
    return { items: options.jobs, seconds, perSecond: options.jobs / seconds };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
}
