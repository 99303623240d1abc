import { Queue, Worker } from 'bullmq';
import postgres from 'postgres';
import { DEFAULT_JOB_OPTIONS } from '@dsd/server/modules/queue/queues';
import { api, expectOk, lightApi } from './http.ts';

export interface RateResult {
  items: number;
  seconds: number;
  perSecond: number;
}

const SERVICES = ['district_inspectors', 'patrol', 'migration', 'counter_narcotics', 'juvenile'];

export interface DispatchRound extends RateResult {
  dispatched: number;
  apiSeconds: number;
}

/**
 * P3: decisions recorded through the API, each with one assignment per service, counted when the worker has set
 * them 'dispatched' (API → outbox → relay → BullMQ → worker → database). A round's clock runs from its first request
 * to its last dispatched_at. `warmUp` records decisions untimed and waits for their dispatch: after a start the API's
 * and the worker's connections, statements and compiled code are cold, and a production instance runs warm.
 */
export async function dispatchPipeline(
  base: string,
  cookie: string,
  sql: postgres.Sql,
  options: { concurrency: number; timeoutMs: number },
): Promise<{ warmUp(decisions: number): Promise<void>; measure(decisions: number): Promise<DispatchRound> }> {
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
  let recordedSoFar = 0;

  const record = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const decision = await expectOk(
            lightApi(base, 'POST', `/api/v1/meetings/${meeting.id}/decisions`, {
              cookie,
              body: {
                kind: 'instruction',
                category: 'drugs',
                title: `Бенчмарк: поручение ${++recordedSoFar}`,
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

  return {
    async warmUp(decisions) {
      await dispatchedOf(await record(decisions));
    },
    async measure(decisions) {
      const started = Date.now();
      const ids = await record(decisions);
      const recorded = Date.now();
      const row = await dispatchedOf(ids);
      const seconds = ((row.last?.getTime() ?? Date.now()) - started) / 1000;
      return { items: ids.length, dispatched: row.dispatched, seconds, perSecond: row.dispatched / seconds, apiSeconds: (recorded - started) / 1000 };
    },
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

/**
 * Beside P3, for reading it: the rows a recorded and dispatched decision writes, from a bare postgres.js pool with
 * nothing else in the way — the decision, its assignments, their timeline, audit and outbox rows, the followers'
 * note; then the dispatch: the status change, its timeline and audit rows, a notification per officer. No HTTP,
 * validation, queue, sealing or folding: what PostgreSQL alone allows on this machine, the ceiling of any pipeline.
 */
export async function measureBareDispatch(
  databaseUrl: string,
  options: { warmupDecisions: number; decisions: number; concurrency: number },
): Promise<RateResult> {
  const sql = postgres(databaseUrl, { max: options.concurrency, onnotice: () => {} });
  try {
    const [meeting] = await sql<Array<{ id: string }>>`
      select id from meetings where district_slug = 'auezov' and status = 'held' order by created_at desc limit 1`;
    const [coordinator] = await sql<Array<{ id: string }>>`select id from users where role = 'coordinator' order by email limit 1`;
    if (!meeting || !coordinator) throw new Error('the bench city has no held meeting in auezov or no coordinator');
    const officers = new Map<string, string[]>();
    for (const service of SERVICES) {
      const rows = await sql<Array<{ id: string }>>`
        select distinct u.id from role_grants g join users u on u.id = g.user_id
        where u.role = 'officer' and g.service_code = ${service} and (g.district_slug = 'auezov' or g.district_slug is null)`;
      officers.set(
        service,
        rows.map((r) => r.id),
      );
    }
    const actor = coordinator.id;
    const one = async (n: number) => {
      const { decision, assignments } = await sql.begin(async (tx) => {
        const [decision] = await tx`
          insert into decisions (meeting_id, district_slug, kind, category, title, due_at, created_by)
          values (${meeting.id}, 'auezov', 'instruction', 'drugs', ${`Бенчмарк: без приложения ${n}`}, now() + interval '30 days', ${actor})
          returning *`;
        const assignments = await tx`
          insert into assignments ${tx(SERVICES.map((service_code) => ({ decision_id: decision!.id, district_slug: 'auezov', service_code, due_at: decision!.due_at })))}
          returning *`;
        await tx`insert into updates ${tx([
          { author_id: actor, kind: 'status', decision_id: decision!.id, assignment_id: null, to_status: 'open', district_slug: 'auezov' },
          ...assignments.map((a) => ({
            author_id: actor,
            kind: 'status',
            decision_id: decision!.id,
            assignment_id: a.id,
            to_status: 'queued',
            district_slug: 'auezov',
          })),
        ])}`;
        await tx`insert into audit_log ${tx(
          [decision!, ...assignments].map((row) => ({
            at: new Date(),
            actor_id: actor,
            actor_role: 'coordinator',
            action: row === decision ? 'decision.created' : 'assignment.created',
            entity_type: row === decision ? 'decision' : 'assignment',
            entity_id: row.id,
            after: JSON.parse(JSON.stringify(row)),
          })),
        )}`;
        // Written as already published: the running platform's relay must leave these to the bare dispatch below.
        await tx`insert into outbox ${tx([
          { queue: 'assignments', name: 'dispatch', payload: { assignmentIds: assignments.map((a) => a.id) }, published_at: new Date() },
          { queue: 'notifications', name: 'notify', payload: { event: 'decision.created', decisionId: decision!.id }, published_at: new Date() },
        ])}`;
        await tx`insert into follower_announcements (decision_id, meeting_id) values (${decision!.id}, ${meeting.id})`;
        return { decision: decision!, assignments };
      });
      await sql.begin(async (tx) => {
        const rows = await tx`
          update assignments set status = 'dispatched', dispatched_at = now(), version = version + 1, updated_at = now()
          where id = any(${assignments.map((a) => a.id)}::uuid[]) and status = 'queued' returning *`;
        if (rows.length === 0) throw new Error('bare dispatch: the assignments were no longer queued');
        // The followers' note is taken away again, as the platform's announcement does (it would tell them otherwise).
        await tx`delete from follower_announcements where decision_id = ${decision.id}`;
        await tx`insert into updates ${tx(
          rows.map((a) => ({
            kind: 'status',
            decision_id: a.decision_id,
            assignment_id: a.id,
            from_status: 'queued',
            to_status: 'dispatched',
            district_slug: 'auezov',
          })),
        )}`;
        await tx`insert into audit_log ${tx(
          rows.map((a) => ({
            at: new Date(),
            actor_id: null,
            actor_role: null,
            action: 'assignment.dispatched',
            entity_type: 'assignment',
            entity_id: a.id,
            after: { status: 'dispatched' },
          })),
        )}`;
        const notices = rows.flatMap((a) =>
          (officers.get(a.service_code) ?? []).map((user_id) => ({
            user_id,
            dedupe_key: `bare-dispatch-${a.id}`,
            kind: 'assignment.dispatched',
            title: 'Новое поручение',
            body: decision.title,
            link: `/assignments/${a.id}`,
          })),
        );
        if (notices.length) await tx`insert into notifications ${tx(notices)}`;
      });
    };
    const drive = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          for (let i = next++; i < count; i = next++) await one(i);
        }),
      );
    };
    await drive(options.warmupDecisions);
    const started = Date.now();
    await drive(options.decisions);
    const seconds = (Date.now() - started) / 1000;
    const items = options.decisions * SERVICES.length;
    return { items, seconds, perSecond: items / seconds };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
