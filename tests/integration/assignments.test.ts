import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, notifications, updates } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting, userId } from '../support/fixtures.ts';
import { addAccount } from '../security/access-world.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
let worker: WorkerHandle;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  // District followers hear of new decisions after a quiet period; a short one here.
  t = await createTestApp({ FOLLOWER_ANNOUNCE_DELAY_MS: '300' });
  worker = await startTestWorker(t);
  for (const who of ['coordinator', 'chair', 'resident', 'inspector', 'migration', 'head', 'admin']) cookies[who] = await t.login(`${who}@demo.kz`);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const get = (url: string, who?: string) => t.request({ method: 'GET', url, cookie: who ? cookies[who] : undefined });
const post = (url: string, payload: unknown, who?: string) =>
  t.request({ method: 'POST', url, payload: payload as object, cookie: who ? cookies[who] : undefined });
const move = (id: string, who: string, body: Record<string, unknown>) => post(`/api/v1/assignments/${id}/transition`, body, who);

async function dispatchedAssignment(body: Record<string, unknown>) {
  const meeting = await heldMeeting(t, cookies.coordinator!);
  const chairProposal = (
    await post(
      '/api/v1/proposals',
      { districtSlug: 'auezov', category: body.category, title: 'Предложение ПКСК', body: 'Текст', meetingId: meeting.id },
      'chair',
    )
  ).json();
  const decision = await createDecision(t, cookies.coordinator!, meeting.id, { proposalIds: [chairProposal.id], ...body });
  const ids: string[] = decision.assignments.map((a: { id: string }) => a.id);
  await waitFor(
    async () => {
      const rows = await Promise.all(ids.map(async (id) => (await get(`/api/v1/assignments/${id}`)).json()));
      return rows.every((r) => r.status === 'dispatched') && rows;
    },
    { what: 'dispatch' },
  );
  return { decision, ids, proposalId: chairProposal.id as string };
}

describe('dispatch through the queue', () => {
  it('moves a new assignment to dispatched within seconds and notifies the service’s officers only', async () => {
    const { ids } = await dispatchedAssignment({ kind: 'instruction', category: 'migration', title: 'Целевая отработка', services: ['migration'] });
    const mine = (await get('/api/v1/assignments?mine=true&limit=100', 'migration')).json();
    expect(mine.items.map((a: { id: string }) => a.id)).toContain(ids[0]);
    const notMine = (await get('/api/v1/assignments?mine=true&limit=100', 'inspector')).json();
    expect(notMine.items.map((a: { id: string }) => a.id)).not.toContain(ids[0]);
    const migrationOfficer = await userId(t.db, 'migration@demo.kz');
    const inspector = await userId(t.db, 'inspector@demo.kz');
    await waitFor(async () => (await t.db.db.select().from(notifications).where(eq(notifications.userId, migrationOfficer))).length > 0, {
      what: 'notification',
    });
    const toInspector = await t.db.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, inspector), eq(notifications.kind, 'assignment.dispatched')));
    expect(toInspector).toHaveLength(0);
    const timeline = await t.db.db
      .select()
      .from(updates)
      .where(and(eq(updates.assignmentId, ids[0]!), eq(updates.toStatus, 'dispatched')));
    expect(timeline).toHaveLength(1);
  });

  it('refuses a hand-made dispatch', async () => {
    const { ids } = await dispatchedAssignment({ kind: 'decision', category: 'migration', title: 'Ручная отправка', services: ['migration'] });
    expect((await move(ids[0]!, 'coordinator', { to: 'dispatched', version: 2 })).statusCode).toBe(403);
  });
});

describe('officer work', () => {
  it('the officer accepts, starts, reports progress toward the target, blocks with a reason and finishes', async () => {
    const { decision, ids } = await dispatchedAssignment({
      kind: 'decision',
      category: 'foot_patrol',
      title: 'Пешие патрули',
      target: { value: 20, unit: 'patrols' },
      services: ['district_inspectors'],
    });
    const id = ids[0]!;
    let a = (await move(id, 'inspector', { to: 'accepted', version: 2 })).json();
    expect(a).toMatchObject({ status: 'accepted', version: 3 });
    a = (await move(id, 'inspector', { to: 'in_progress', version: 3 })).json();
    const progress = await post(
      `/api/v1/assignments/${id}/updates`,
      { note: 'Обошли 5 дворов', progress: 25, contribution: 5, visibility: 'public', version: 4 },
      'inspector',
    );
    expect(progress.statusCode).toBe(201);
    expect(progress.json()).toMatchObject({ progress: 25, contribution: 5, version: 5 });
    let d = (await get(`/api/v1/decisions/${decision.id}`)).json();
    expect(d).toMatchObject({ achieved: 5, progress: 25, status: 'in_progress' });
    const internal = await post(
      `/api/v1/assignments/${id}/updates`,
      { note: 'Внутренняя заметка: контакт участкового', visibility: 'internal' },
      'inspector',
    );
    expect(internal.statusCode).toBe(201);
    expect((await get(`/api/v1/assignments/${id}`)).body).not.toContain('Внутренняя заметка');
    expect((await get(`/api/v1/assignments/${id}`, 'inspector')).body).toContain('Внутренняя заметка');
    expect((await move(id, 'inspector', { to: 'blocked', version: 5 })).statusCode).toBe(400);
    expect((await move(id, 'inspector', { to: 'blocked', reason: 'Нет доступа во двор', version: 5 })).json()).toMatchObject({
      status: 'blocked',
      blockedReason: 'Нет доступа во двор',
    });
    await move(id, 'inspector', { to: 'in_progress', version: 6 });
    const done = (await move(id, 'inspector', { to: 'done', contribution: 20, version: 7 })).json();
    expect(done).toMatchObject({ status: 'done', progress: 100, contribution: 20 });
    d = (await get(`/api/v1/decisions/${decision.id}`)).json();
    expect(d).toMatchObject({ status: 'done', progress: 100, achieved: 20 });
  });

  it('another service’s officer gets 403 and a stale version gets 409', async () => {
    const { ids } = await dispatchedAssignment({ kind: 'instruction', category: 'migration', title: 'Отработка', services: ['migration'] });
    const wrong = await move(ids[0]!, 'inspector', { to: 'accepted', version: 2 });
    expect(wrong.statusCode).toBe(403);
    expect((await move(ids[0]!, 'resident', { to: 'accepted', version: 2 })).statusCode).toBe(403);
    expect((await move(ids[0]!, 'migration', { to: 'accepted', version: 2 })).statusCode).toBe(200);
    const stale = await move(ids[0]!, 'migration', { to: 'in_progress', version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const invalid = await move(ids[0]!, 'migration', { to: 'done', version: 3 });
    expect(invalid.statusCode).toBe(409);
    expect(invalid.json().error.code).toBe('INVALID_TRANSITION');
  });

  it('the service head assigns an officer of the service, not an outsider', async () => {
    const { ids } = await dispatchedAssignment({ kind: 'decision', category: 'lighting', title: 'Освещение', services: ['district_inspectors'] });
    const inspector = await userId(t.db, 'inspector@demo.kz');
    const outsider = await userId(t.db, 'migration@demo.kz');
    expect((await post(`/api/v1/assignments/${ids[0]}/officer`, { officerId: outsider, version: 2 }, 'head')).statusCode).toBe(400);
    expect((await post(`/api/v1/assignments/${ids[0]}/officer`, { officerId: inspector, version: 2 }, 'inspector')).statusCode).toBe(403);
    const assigned = await post(`/api/v1/assignments/${ids[0]}/officer`, { officerId: inspector, version: 2 }, 'head');
    expect(assigned.json().officer).toMatchObject({ id: inspector });
    expect((await get(`/api/v1/assignments/${ids[0]}`)).json().officer).toBeNull();
    await waitFor(
      async () =>
        (
          await t.db.db
            .select()
            .from(notifications)
            .where(and(eq(notifications.userId, inspector), eq(notifications.kind, 'assignment.officer_assigned')))
        ).length,
      { what: 'officer notification' },
    );
  });
});

describe('staffing stays in the district', () => {
  it('a city-wide head cannot give an Auezov assignment to the service’s officer in another district; one covering it, or the city, can', async () => {
    const { ids } = await dispatchedAssignment({
      kind: 'decision',
      category: 'foot_patrol',
      title: 'Обходы дворов',
      services: ['district_inspectors'],
    });
    const elsewhere = await addAccount(t.db, {
      email: 'inspector.almaly@matrix.test',
      name: 'Участковый Алмалинского района',
      role: 'officer',
      grants: [{ serviceCode: 'district_inspectors', districtSlug: 'almaly' }],
    });
    const citywide = await addAccount(t.db, {
      email: 'inspector.city@matrix.test',
      name: 'Участковый городского резерва',
      role: 'officer',
      grants: [{ serviceCode: 'district_inspectors', districtSlug: null }],
    });
    const refused = await post(`/api/v1/assignments/${ids[0]}/officer`, { officerId: elsewhere, version: 2 }, 'head');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe('body.officerId');
    const [row] = await t.db.db.select().from(assignments).where(eq(assignments.id, ids[0]!));
    expect(row).toMatchObject({ officerId: null, version: 2 });
    const toCity = await post(`/api/v1/assignments/${ids[0]}/officer`, { officerId: citywide, version: 2 }, 'head');
    expect(toCity.statusCode).toBe(200);
    const inspector = await userId(t.db, 'inspector@demo.kz');
    expect((await post(`/api/v1/assignments/${ids[0]}/officer`, { officerId: inspector, version: 3 }, 'head')).statusCode).toBe(200);
  });
});

describe('two-sided closure', () => {
  it('the chair behind the decision disputes done work, which reopens it; the dashboard counts the dispute', async () => {
    const { ids } = await dispatchedAssignment({ kind: 'decision', category: 'lighting', title: 'Фонари', services: ['district_inspectors'] });
    const id = ids[0]!;
    await move(id, 'inspector', { to: 'accepted', version: 2 });
    await move(id, 'inspector', { to: 'in_progress', version: 3 });
    await move(id, 'inspector', { to: 'done', version: 4 });
    expect((await get(`/api/v1/assignments/${id}`, 'chair')).json().canConfirm).toBe(true);
    expect(
      (await post(`/api/v1/assignments/${id}/confirmation`, { verdict: 'disputed', comment: 'Фонари не горят', version: 5 }, 'resident')).statusCode,
    ).toBe(403);
    expect((await post(`/api/v1/assignments/${id}/confirmation`, { verdict: 'disputed', version: 5 }, 'chair')).statusCode).toBe(400);
    const before = (await get('/api/v1/dashboard')).json().services.find((s: { code: string }) => s.code === 'district_inspectors').disputed;
    const disputed = await post(`/api/v1/assignments/${id}/confirmation`, { verdict: 'disputed', comment: 'Фонари не горят', version: 5 }, 'chair');
    expect(disputed.json()).toMatchObject({ status: 'reopened', confirmation: 'disputed' });
    const after = (await get('/api/v1/dashboard')).json();
    expect(after.services.find((s: { code: string }) => s.code === 'district_inspectors').disputed).toBe(before + 1);
    expect(after.districts.find((d: { slug: string }) => d.slug === 'auezov').assignments.disputed).toBeGreaterThanOrEqual(1);
    await move(id, 'inspector', { to: 'in_progress', version: 6 });
    await move(id, 'inspector', { to: 'done', version: 7 });
    const confirmed = await post(`/api/v1/assignments/${id}/confirmation`, { verdict: 'confirmed', comment: 'Теперь горят', version: 8 }, 'chair');
    expect(confirmed.json()).toMatchObject({ status: 'done', confirmation: 'confirmed' });
    expect((await post(`/api/v1/assignments/${id}/confirmation`, { verdict: 'confirmed', version: 8 }, 'chair')).statusCode).toBe(409);
  });
});

describe('progress that never overstates a promise', () => {
  it('10 of 10 cameras on disputed work, a second service at 0%: not fulfilled, status disputed, until redone and the other is done', async () => {
    const { decision, ids } = await dispatchedAssignment({
      kind: 'decision',
      category: 'cameras',
      title: 'Камеры во дворах',
      target: { value: 10, unit: 'cameras' },
      services: ['district_inspectors', 'patrol'],
    });
    const [inspectorWork] = (await Promise.all(ids.map(async (id) => (await get(`/api/v1/assignments/${id}`)).json()))).filter(
      (a: { serviceCode: string }) => a.serviceCode === 'district_inspectors',
    );
    const id = inspectorWork.id as string;
    await move(id, 'inspector', { to: 'accepted', version: 2 });
    await move(id, 'inspector', { to: 'in_progress', version: 3 });
    expect(
      (await post(`/api/v1/assignments/${id}/updates`, { note: '10 камер', contribution: 10, visibility: 'public', version: 4 }, 'inspector'))
        .statusCode,
    ).toBe(201);
    await move(id, 'inspector', { to: 'done', version: 5 });
    const decisionNow = async () => (await get(`/api/v1/decisions/${decision.id}`)).json();
    // The target is reached but the patrol's share is untouched: never 100% before every service is done.
    expect(await decisionNow()).toMatchObject({ achieved: 10, progress: 99, status: 'in_progress' });

    await post(`/api/v1/assignments/${id}/confirmation`, { verdict: 'disputed', comment: 'Камеры не работают', version: 6 }, 'chair');
    const disputed = await decisionNow();
    expect(disputed).toMatchObject({ achieved: null, status: 'disputed' });
    expect(disputed.progress).toBeLessThan(99);
    // The district's list and dashboard read the same stored numbers.
    const listed = (await get(`/api/v1/decisions?meetingId=${decision.meetingId}`)).json().items.find((d: { id: string }) => d.id === decision.id);
    expect(listed).toMatchObject({ achieved: null, status: 'disputed', progress: disputed.progress });
  });
});

describe('listing and deadlines', () => {
  it('filters overdue work and counts it on the dashboard', async () => {
    const overdue = (await get('/api/v1/assignments?overdue=true&limit=100')).json().items;
    expect(overdue.length).toBeGreaterThan(0);
    for (const a of overdue) expect(a.overdue).toBe(true);
    const dash = (await get('/api/v1/dashboard')).json();
    const total = dash.districts.reduce((n: number, d: { assignments: { overdue: number } }) => n + d.assignments.overdue, 0);
    const [{ n }] = await t.db.db.select({ n: count() }).from(assignments);
    expect(total).toBeLessThanOrEqual(n);
    expect(total).toBe((await get('/api/v1/assignments?overdue=true&limit=100')).json().items.length);
  });

  it('mine=true needs a session', async () => {
    expect((await get('/api/v1/assignments?mine=true')).statusCode).toBe(401);
  });

  it('hides officer names and internal notes from the public', async () => {
    const list = (await get('/api/v1/assignments?district=auezov&limit=100')).json().items;
    expect(list.every((a: { officer: unknown }) => a.officer === null)).toBe(true);
    const staff = (await get('/api/v1/assignments?district=auezov&limit=100', 'coordinator')).json().items;
    expect(staff.some((a: { officer: unknown }) => a.officer !== null)).toBe(true);
  });
});

describe('notifications and follows', () => {
  it('lists, counts and marks notifications read', async () => {
    const migrationOfficer = await userId(t.db, 'migration@demo.kz');
    await waitFor(async () => (await t.db.db.select().from(notifications).where(eq(notifications.userId, migrationOfficer))).length > 0);
    const count1 = (await get('/api/v1/notifications/unread-count', 'migration')).json().unread;
    expect(count1).toBeGreaterThan(0);
    const list = (await get('/api/v1/notifications?limit=5', 'migration')).json();
    expect(list.items[0]).toMatchObject({ kind: expect.any(String), title: expect.any(String), readAt: null });
    const after = await post('/api/v1/notifications/read', { ids: [list.items[0].id] }, 'migration');
    expect(after.json().unread).toBe(count1 - 1);
    expect((await post('/api/v1/notifications/read', { all: true }, 'migration')).json().unread).toBe(0);
    expect((await get('/api/v1/notifications')).statusCode).toBe(401);
  });

  it('a resident follows a district and hears about its decisions once the meeting’s quiet period passes', async () => {
    const residentId = await userId(t.db, 'resident@demo.kz');
    await t.request({ method: 'DELETE', url: '/api/v1/follows', cookie: cookies.resident, payload: { targetType: 'district', targetId: 'medeu' } });
    const followed = await post('/api/v1/follows', { targetType: 'district', targetId: 'medeu' }, 'resident');
    expect(followed.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ targetType: 'district', targetId: 'medeu' })]));
    const meeting = await heldMeeting(t, cookies.coordinator!, 'medeu');
    const decision = await createDecision(t, cookies.coordinator!, meeting.id, { kind: 'decision', category: 'traffic', title: 'Светофор у школы' });
    await waitFor(
      async () =>
        (
          await t.db.db
            .select()
            .from(notifications)
            .where(and(eq(notifications.userId, residentId), eq(notifications.link, `/decisions/${decision.id}`)))
        ).length,
      { what: 'follower notification' },
    );
  });
});

describe('admin queue view', () => {
  it('is for admins only', async () => {
    expect((await get('/admin/queues')).statusCode).toBe(401);
    expect((await get('/admin/queues', 'coordinator')).statusCode).toBe(403);
    const page = await get('/admin/queues', 'admin');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<');
  });

  it('fails a bad job payload as unrecoverable, visible as failed', async () => {
    const job = await t.app.queues.assignments.add('dispatch', { assignmentId: 'not-a-uuid' });
    await waitFor(async () => (await job.getState()) === 'failed', { what: 'failed job' });
    const failed = await t.app.queues.assignments.getJob(job.id!);
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toContain('bad payload');
    const api = await get('/admin/queues/api/queues', 'admin');
    expect(api.statusCode).toBe(200);
  });
});
