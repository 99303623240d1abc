import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_MODEL_RULES_VERSION, rebuildProjections } from '@dsd/db/projections';
import { prepareDatabase } from '@dsd/db/setup';
import { assignments, decisions, outbox } from '@dsd/db/schema/index';
import { liveChannelName } from '@dsd/server/lib/events';
import { relayOnce } from '@dsd/server/modules/queue/relay';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { freshCount } from '../support/dashboard-oracle.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
let worker: WorkerHandle;
beforeAll(async () => {
  t = await createTestApp({ OVERDUE_SWEEP_INTERVAL_MS: '200', PROJECTION_FOLD_INTERVAL_MS: '100' });
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

async function served() {
  const body = (await t.request({ method: 'GET', url: '/api/v1/dashboard' })).json();
  return Object.fromEntries(
    body.districts.map((d: { slug: string; name: unknown }) => {
      const { slug, name: _name, ...rest } = d;
      return [slug, rest];
    }),
  );
}

const pendingDeltas = async () => Number((await t.db.sql`select count(*)::int as n from stat_deltas`)[0]!.n);

describe('read models', () => {
  it('the dashboard equals a fresh count after concurrent writes of every kind, before and after the fold', async () => {
    const [coordinator, resident, chair, inspector] = await Promise.all(
      ['coordinator@demo.kz', 'resident@demo.kz', 'chair@demo.kz', 'inspector@demo.kz'].map((e) => t.login(e)),
    );
    const districts = ['auezov', 'almaly', 'turksib', 'medeu'];
    const created = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        t.request({
          method: 'POST',
          url: '/api/v1/proposals',
          cookie: i % 4 === 0 ? chair : resident,
          payload: {
            districtSlug: districts[i % 4],
            category: ['cameras', 'lighting', 'youth', 'drugs'][i % 4],
            title: `Предложение ${i}`,
            body: 'Текст',
          },
        }),
      ),
    );
    const ids = created.map((r) => {
      expect(r.statusCode).toBe(201);
      return r.json().id as string;
    });
    await Promise.all([
      ...ids
        .slice(0, 4)
        .map((id) =>
          t.request({ method: 'POST', url: `/api/v1/proposals/${id}/transition`, cookie: coordinator, payload: { to: 'under_review', version: 1 } }),
        ),
      t.request({
        method: 'POST',
        url: `/api/v1/proposals/${ids[5]}/moderation`,
        cookie: coordinator,
        payload: { hidden: true, reason: 'личные данные' },
      }),
    ]);
    const meeting = await heldMeeting(t, coordinator);
    const [a, b] = await Promise.all([
      createDecision(t, coordinator, meeting.id, {
        kind: 'decision',
        category: 'cameras',
        title: 'Камеры',
        target: { value: 10, unit: 'cameras' },
        services: ['district_inspectors', 'video_surveillance'],
      }),
      createDecision(t, coordinator, meeting.id, {
        kind: 'instruction',
        category: 'drugs',
        title: 'Рейды',
        services: ['counter_narcotics'],
        dueAt: '2020-01-01T00:00:00Z',
      }),
    ]);
    expect(b.assignments).toHaveLength(1);
    const inspectorWork = a.assignments.find((x: { serviceCode: string }) => x.serviceCode === 'district_inspectors');
    await waitFor(
      async () =>
        (await t.db.db.select({ s: assignments.status }).from(assignments).where(eq(assignments.id, inspectorWork.id)))[0]?.s === 'dispatched',
      { what: 'dispatch' },
    );
    let version = 2;
    for (const to of ['accepted', 'in_progress']) {
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/assignments/${inspectorWork.id}/transition`,
        cookie: inspector,
        payload: { to, version },
      });
      expect(res.statusCode).toBe(200);
      version = res.json().version;
    }
    const report = await t.request({
      method: 'POST',
      url: `/api/v1/assignments/${inspectorWork.id}/updates`,
      cookie: inspector,
      payload: { note: 'Установлено 4 камеры', contribution: 4, progress: 40, visibility: 'public', version },
    });
    expect(report.statusCode).toBe(201);

    // Exact at once: the unfolded deltas count, whether or not the worker has folded them yet.
    expect(await served()).toEqual(await freshCount(t.db.db));
    const decision = (await t.request({ method: 'GET', url: `/api/v1/decisions/${a.id}` })).json();
    expect(decision).toMatchObject({ progress: 40, achieved: 4, status: 'in_progress' });

    await waitFor(async () => (await pendingDeltas()) === 0, { what: 'the fold' });
    expect(await served()).toEqual(await freshCount(t.db.db));
  });

  it('counts work as overdue once its due time passes, with nobody writing, within a sweep', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator, 'nauryzbay');
    const before = (await served()).nauryzbay.assignments.overdue;
    const dueAt = new Date(Date.now() + 1500).toISOString();
    await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'youth',
      title: 'Скоро срок',
      services: ['juvenile', 'patrol'],
      dueAt,
    });
    expect((await served()).nauryzbay.assignments.overdue).toBe(before);
    await waitFor(async () => (await served()).nauryzbay.assignments.overdue === before + 2, { timeoutMs: 10_000, what: 'the overdue sweep' });
    expect(await served()).toEqual(await freshCount(t.db.db));
  });

  it('a rebuild finds drifted counters and decisions, says how much, and fixes them', async () => {
    await waitFor(async () => (await pendingDeltas()) === 0, { what: 'the fold' });
    await t.db.sql`update stat_counters set n = n + 5 where metric = 'proposals.status' and district_slug = 'auezov' and key = 'submitted'`;
    await t.db.sql`delete from stat_counters where metric = 'meetings' and district_slug = 'almaly'`;
    const [drifted] = await t.db.db.select({ id: decisions.id }).from(decisions).where(eq(decisions.districtSlug, 'auezov')).limit(1);
    await t.db.sql`update decisions set progress = 77 where id = ${drifted!.id}`;
    expect(await served()).not.toEqual(await freshCount(t.db.db));

    const report = await rebuildProjections(t.db.db);
    expect(report.decisionsDrifted).toBe(1);
    expect(report.drift).toContainEqual(
      expect.objectContaining({ metric: 'proposals.status', districtSlug: 'auezov', key: 'submitted', found: expect.any(Number) }),
    );
    const submitted = report.drift.find((d) => d.metric === 'proposals.status' && d.districtSlug === 'auezov')!;
    expect(submitted.found - submitted.expected).toBe(5);
    expect(report.drift.some((d) => d.metric === 'meetings' && d.districtSlug === 'almaly' && d.found === 0)).toBe(true);
    expect(await served()).toEqual(await freshCount(t.db.db));

    const again = await rebuildProjections(t.db.db);
    expect(again).toMatchObject({ decisionsDrifted: 0, drift: [] });
  });

  it('read models built by older rules are rebuilt once at start-up', async () => {
    const [decision] = await t.db.db.select({ id: decisions.id, progress: decisions.progress }).from(decisions).limit(1);
    await t.db.sql`update decisions set progress = ${decision!.progress === 55 ? 56 : 55} where id = ${decision!.id}`;
    await t.db.sql`update read_model_state set rules_version = ${READ_MODEL_RULES_VERSION - 1}`;
    await prepareDatabase(t.databaseUrl, { demo: false });
    const [after] = await t.db.db.select({ progress: decisions.progress }).from(decisions).where(eq(decisions.id, decision!.id));
    expect(after!.progress).toBe(decision!.progress);
    expect((await t.db.sql`select rules_version from read_model_state`)[0]!.rules_version).toBe(READ_MODEL_RULES_VERSION);
  });
});

describe('the public read cache', () => {
  it('answers a repeated public URL from memory, never a signed-in caller’s, and still shows a change within 2 seconds', async () => {
    // Long enough that the repeat still finds the entry on a loaded machine, short enough to show a change within 2 s.
    const cachedApp = await createTestApp({ PUBLIC_READ_CACHE_MS: '600' }, t.databaseUrl);
    try {
      const get = (url: string, cookie?: string) => cachedApp.request({ method: 'GET', url, cookie });
      const [first, ...rest] = await Promise.all(Array.from({ length: 20 }, () => get('/api/v1/dashboard')));
      for (const other of rest) expect(other.json()).toEqual(first!.json());
      expect((await get('/api/v1/dashboard')).headers['x-cache']).toBe('hit');

      const list = '/api/v1/proposals?district=alatau&limit=5';
      await get(list);
      expect((await get(list)).headers['x-cache']).toBe('hit');
      const resident = await cachedApp.login('resident@demo.kz');
      const mine = await get(list, resident);
      expect(mine.headers['x-cache']).toBeUndefined();
      expect(mine.headers['cache-control']).toBe('no-store');

      const created = await cachedApp.request({
        method: 'POST',
        url: '/api/v1/proposals',
        cookie: resident,
        payload: { districtSlug: 'alatau', category: 'youth', title: 'Кружки для подростков', body: 'Нужны' },
      });
      expect(created.statusCode).toBe(201);
      const total = (d: { districts: Array<{ slug: string; proposals: { total: number } }> }) =>
        d.districts.find((x) => x.slug === 'alatau')!.proposals.total;
      const before = total(first!.json());
      await waitFor(async () => total((await get('/api/v1/dashboard')).json()) === before + 1, {
        timeoutMs: 2000,
        intervalMs: 100,
        what: 'the dashboard within 2 s',
      });
      await waitFor(async () => (await get(list)).json().items.some((p: { id: string }) => p.id === created.json().id), {
        timeoutMs: 2000,
        intervalMs: 100,
        what: 'the list within 2 s',
      });
    } finally {
      await cachedApp.close();
    }
  });
});

describe('the outbox and the dispatcher', () => {
  it('the relay refuses a queue or job no worker knows, keeps the row for inspection, and still publishes the rest', async () => {
    await worker.close();
    try {
      const [bogus, unknownJob] = await t.db.db
        .insert(outbox)
        .values([
          { queue: 'bogus', name: 'notify', payload: {} },
          { queue: 'notifications', name: 'format-disk', payload: {} },
        ])
        .returning();
      const [good] = await t.db.db
        .insert(outbox)
        .values({ queue: 'notifications', name: 'notify', payload: { event: 'test.event' } })
        .returning();
      while ((await relayOnce(t.db.db, t.app.queues)) > 0);
      const rows = await t.db.db.select().from(outbox).where(sql`${outbox.id} in (${bogus!.id}, ${unknownJob!.id}, ${good!.id})`);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of [bogus!.id, unknownJob!.id])
        expect(byId.get(id)).toMatchObject({ publishedAt: null, refusedAt: expect.any(Date), lastError: 'unknown queue or job' });
      expect(byId.get(good!.id)!.publishedAt).toBeInstanceOf(Date);
      expect(await t.app.queues.notifications.getJob(`ob-${good!.id}`)).toBeTruthy();
      expect(await t.app.queues.notifications.getJob(`ob-${bogus!.id}`)).toBeFalsy();
    } finally {
      worker = await startTestWorker(t);
    }
  });

  it('a burst of decisions is dispatched in a few merged jobs, every assignment exactly once', async () => {
    await worker.close();
    try {
      const coordinator = await t.login('coordinator@demo.kz');
      const meeting = await heldMeeting(t, coordinator, 'medeu');
      const decisionsMade = [];
      for (let i = 0; i < 30; i++)
        decisionsMade.push(
          await createDecision(t, coordinator, meeting.id, {
            kind: 'instruction',
            category: 'drugs',
            title: `Рейд ${i + 1}`,
            services: ['district_inspectors', 'patrol', 'counter_narcotics', 'juvenile'],
          }),
        );
      const ids: string[] = decisionsMade.flatMap((d) => d.assignments.map((a: { id: string }) => a.id));
      expect(ids).toHaveLength(120);
      const waitingBefore = await t.app.queues.assignments.getWaitingCount();
      // Published twice, as after a crash between the add and the mark: the merged jobs are still harmless.
      while ((await relayOnce(t.db.db, t.app.queues)) > 0);
      await t.db.db.execute(sql`update outbox set published_at = null where name = 'dispatch' and published_at > now() - interval '1 minute'`);
      while ((await relayOnce(t.db.db, t.app.queues)) > 0);
      const jobs = (await t.app.queues.assignments.getWaitingCount()) - waitingBefore;
      expect(jobs).toBeGreaterThan(0);
      expect(jobs).toBeLessThanOrEqual(4);
    } finally {
      worker = await startTestWorker(t);
    }
    await waitFor(
      async () => {
        const [row] = await t.db.sql<Array<{ queued: number }>>`select count(*)::int as queued from assignments where status = 'queued'`;
        return row!.queued === 0;
      },
      { timeoutMs: 10_000, what: 'every assignment dispatched' },
    );
    const [twice] = await t.db.sql<Array<{ n: number }>>`
      select count(*)::int as n from (select assignment_id from updates where to_status = 'dispatched' group by assignment_id having count(*) > 1) x`;
    expect(twice!.n).toBe(0);
  });

  it('a burst of proposals is told in merged notification jobs: each coordinator hears of each proposal once, even published twice', async () => {
    await worker.close();
    const links: string[] = [];
    try {
      const resident = await t.login('resident@demo.kz');
      for (let i = 0; i < 12; i++) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/proposals',
          cookie: resident,
          payload: { districtSlug: 'almaly', category: 'lighting', title: `Фонарь ${i + 1}`, body: 'Темно у подъезда' },
        });
        expect(res.statusCode).toBe(201);
        links.push(`/proposals/${res.json().id}`);
      }
      const waitingBefore = await t.app.queues.notifications.getWaitingCount();
      while ((await relayOnce(t.db.db, t.app.queues)) > 0);
      const ids = links.map((l) => l.slice('/proposals/'.length));
      await t.db.sql`update outbox set published_at = null where name = 'notify' and payload->>'proposalId' = any(${ids})`;
      while ((await relayOnce(t.db.db, t.app.queues)) > 0);
      const jobs = (await t.app.queues.notifications.getWaitingCount()) - waitingBefore;
      expect(jobs).toBeGreaterThan(0);
      expect(jobs).toBeLessThanOrEqual(2);
    } finally {
      worker = await startTestWorker(t);
    }
    const coordinators = await t.db.sql<Array<{ id: string }>>`
      select distinct u.id from users u join role_grants g on g.user_id = u.id
      where u.role = 'coordinator' and g.district_slug = 'almaly' and g.service_code is null and g.organization_id is null`;
    expect(coordinators.length).toBeGreaterThan(0);
    const told = await waitFor(
      async () => {
        const rows = await t.db.sql<Array<{ user_id: string; link: string; n: number }>>`
          select user_id, link, count(*)::int as n from notifications where link = any(${links}) group by 1, 2`;
        return rows.length === links.length * coordinators.length ? rows : null;
      },
      { timeoutMs: 10_000, what: 'every coordinator told of every proposal' },
    );
    expect(told.every((r) => r.n === 1)).toBe(true);
  });

  it('dispatch announces the same live events as every other assignment change: each assignment on its meeting and district, and the decision', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator, 'bostandyk');
    const listener = new Redis(t.config.redisUrl);
    const seen: Array<{ channels: string[]; event: { kind: string; id: string; status?: string } }> = [];
    // A job's events arrive together, as one array.
    listener.on('message', (_channel, message) => seen.push(...[JSON.parse(message)].flat()));
    await listener.subscribe(liveChannelName(t.config.redisPrefix));
    try {
      const decision = await createDecision(t, coordinator, meeting.id, {
        kind: 'instruction',
        category: 'traffic',
        title: 'Патрули у школ',
        services: ['patrol', 'juvenile', 'district_inspectors'],
      });
      const ids: string[] = decision.assignments.map((x: { id: string }) => x.id);
      await waitFor(
        async () =>
          ids.every((id) => seen.some((m) => m.event.kind === 'assignment.updated' && m.event.id === id && m.event.status === 'dispatched')),
        {
          what: 'dispatch events',
        },
      );
      for (const id of ids) {
        const message = seen.find((m) => m.event.id === id && m.event.status === 'dispatched')!;
        expect(message.channels.sort()).toEqual(
          [`assignment:${id}`, `decision:${decision.id}`, 'district:bostandyk', `meeting:${meeting.id}`].sort(),
        );
      }
      expect(seen.some((m) => m.event.kind === 'decision.updated' && m.event.id === decision.id)).toBe(true);
      // The public feed tells residents each service received the task, without the machine's 'queued' step.
      const feed = (await t.request({ method: 'GET', url: '/api/v1/updates?district=bostandyk&limit=50' }))
        .json()
        .items.filter((u: { decisionId: string }) => u.decisionId === decision.id);
      expect(
        feed
          .filter((u: { toStatus: string }) => u.toStatus === 'dispatched')
          .map((u: { serviceCode: string }) => u.serviceCode)
          .sort(),
      ).toEqual(['district_inspectors', 'juvenile', 'patrol']);
      expect(feed.some((u: { toStatus: string }) => u.toStatus === 'queued')).toBe(false);
      // One transaction for the three: one dispatch job, dispatched together.
      const dispatched = await t.db.db.select({ at: assignments.dispatchedAt }).from(assignments).where(eq(assignments.decisionId, decision.id));
      expect(new Set(dispatched.map((r) => r.at?.getTime())).size).toBe(1);
    } finally {
      listener.disconnect();
    }
  });
});

describe('faults in the read models', () => {
  it('a failing fold is retried and shows in the admin queue view; once the fault clears the numbers catch up, nothing lost', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const admin = await t.login('admin@demo.kz');
    await waitFor(async () => (await pendingDeltas()) === 0, { what: 'the fold' });
    // The fold's target goes away under the running worker (a broken deploy, a bad manual change).
    await t.db.sql`alter table stat_counters rename to stat_counters_away`;
    try {
      for (let i = 0; i < 3; i++) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/meetings',
          cookie: coordinator,
          payload: { districtSlug: 'zhetysu', title: `Во время сбоя ${i}`, startsAt: '2026-12-22T10:00:00+05:00', format: 'online', place: 'Zoom' },
        });
        expect(res.statusCode).toBe(201);
      }
      const failed = await waitFor(
        async () => {
          const jobs = await t.app.queues.maintenance.getFailed();
          const folds = jobs.filter((j) => j.name === 'fold-projections');
          return folds.length > 0 && folds;
        },
        { timeoutMs: 15_000, what: 'a failed fold job' },
      );
      expect(failed[0]!.attemptsMade).toBeGreaterThanOrEqual(2);
      expect(failed[0]!.failedReason).toMatch(/stat_counters/);
      // The admin's queue view lists the failed job.
      const view = await t.request({ method: 'GET', url: '/admin/queues/api/queues?activeQueue=maintenance&status=failed&page=1', cookie: admin });
      expect(view.statusCode).toBe(200);
      expect(view.body).toContain('fold-projections');
      expect(await pendingDeltas()).toBeGreaterThan(0);
    } finally {
      await t.db.sql`alter table stat_counters_away rename to stat_counters`;
    }
    await waitFor(async () => (await pendingDeltas()) === 0, { timeoutMs: 15_000, what: 'the fold after the fault' });
    expect(await served()).toEqual(await freshCount(t.db.db));
  });
});
