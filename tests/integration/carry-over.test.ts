import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, auditLog, decisions, meetings, updates } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';
import { auezovMeetings } from '../support/fixtures.ts';

let t: TestApp;
let coordinator: string;
let resident: string;
let first: string;
let second: string;

type Carried = {
  decisionId: string;
  title: string;
  status: string;
  overdue: boolean;
  dueAt: string | null;
  services: string[];
  progress: number;
  fromMeeting: { id: string };
  outcome: null | { status: string; reason: string | null; newDueAt: string | null; version: number };
};
const carriedOf = async (meetingId: string): Promise<Carried[]> =>
  (await t.request({ method: 'GET', url: `/api/v1/meetings/${meetingId}` })).json().carried;
const byTitle = (items: Carried[], part: string) => items.find((c) => c.title.includes(part))!;
const rule = (meetingId: string, decisionId: string, payload: Record<string, unknown>, cookie = coordinator) =>
  t.request({ method: 'POST', url: `/api/v1/meetings/${meetingId}/carried/${decisionId}`, cookie, payload });

beforeAll(async () => {
  t = await createTestApp();
  [coordinator, resident] = await Promise.all([t.login('coordinator@demo.kz'), t.login('resident@demo.kz')]);
  ({ first, second } = await auezovMeetings(t.db));
});
afterAll(async () => t?.close());

describe('promise carry-over', () => {
  it("the demo's second Auezov meeting carries every undone promise of the first, the overdue one flagged", async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/meetings/${second}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.carried).toHaveLength(5);
    expect(body.carried.every((c: Carried) => c.fromMeeting.id === first && c.outcome === null)).toBe(true);
    const drugs = byTitle(body.carried, 'наркопреступлений');
    expect(drugs).toMatchObject({ overdue: true, status: 'in_progress' });
    expect(drugs.services.sort()).toEqual(['counter_narcotics', 'juvenile']);
    // Ordered by deadline: the overdue one first.
    expect(body.carried[0].decisionId).toBe(drugs.decisionId);
    // The juvenile police finished its part after the first meeting.
    expect(body.doneSinceLastMeeting).toEqual([expect.objectContaining({ serviceCode: 'juvenile', decisionId: drugs.decisionId })]);
    // The first meeting of the campaign carries nothing.
    const firstBody = (await t.request({ method: 'GET', url: `/api/v1/meetings/${first}` })).json();
    expect(firstBody.carried).toEqual([]);
    expect(firstBody.doneSinceLastMeeting).toEqual([]);
  });

  it('keeps a promise, audited and on its public timeline; a stale version gets 409', async () => {
    const cameras = byTitle(await carriedOf(second), 'камер');
    const kept = await rule(second, cameras.decisionId, { status: 'kept', version: 0 });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().outcome).toMatchObject({ status: 'kept', version: 1, reason: null });
    const stale = await rule(second, cameras.decisionId, { status: 'kept', version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const audit = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, cameras.decisionId), eq(auditLog.action, 'decision.carry_kept')));
    expect(audit).toHaveLength(1);
    const decision = (await t.request({ method: 'GET', url: `/api/v1/decisions/${cameras.decisionId}` })).json();
    expect(decision.carryOvers).toEqual([expect.objectContaining({ meetingId: second, status: 'kept' })]);
    expect(decision.timeline.some((u: { kind: string; toStatus: string }) => u.kind === 'carry_over' && u.toStatus === 'kept')).toBe(true);
  });

  it("extends a promise: the decision's and its open assignments' deadlines move, the overdue flag clears, the reason is public", async () => {
    const drugs = byTitle(await carriedOf(second), 'наркопреступлений');
    const newDue = new Date(Date.now() + 40 * 86_400_000).toISOString();
    const noReason = await rule(second, drugs.decisionId, { status: 'extended', dueAt: newDue, version: 0 });
    expect(noReason.statusCode).toBe(400);
    const past = await rule(second, drugs.decisionId, { status: 'extended', dueAt: '2020-01-01T00:00:00Z', reason: 'Нужно время', version: 0 });
    expect(past.statusCode).toBe(400);
    const res = await rule(second, drugs.decisionId, {
      status: 'extended',
      dueAt: newDue,
      reason: 'Рейды продолжаются до конца квартала',
      version: 0,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ overdue: false, dueAt: newDue, outcome: { status: 'extended', newDueAt: newDue } });
    const [row] = await t.db.db.select({ dueAt: decisions.dueAt }).from(decisions).where(eq(decisions.id, drugs.decisionId));
    expect(row!.dueAt!.toISOString()).toBe(newDue);
    const work = await t.db.db.select().from(assignments).where(eq(assignments.decisionId, drugs.decisionId));
    const open = work.filter((a) => a.status !== 'done');
    expect(open.every((a) => a.dueAt?.toISOString() === newDue && !a.overdue)).toBe(true);
    // Done work keeps the deadline it was done by.
    expect(work.find((a) => a.status === 'done')!.dueAt!.toISOString()).not.toBe(newDue);
    // Anonymous visitors see the reason on the decision page.
    const publicView = (await t.request({ method: 'GET', url: `/api/v1/decisions/${drugs.decisionId}` })).json();
    expect(publicView.carryOvers[0]).toMatchObject({ status: 'extended', reason: 'Рейды продолжаются до конца квартала', newDueAt: newDue });
    expect(publicView.overdue).toBe(false);
  });

  it('drops a promise: its open assignments are cancelled through the state machine and the decision reads cancelled', async () => {
    const migration = byTitle(await carriedOf(second), 'миграционной');
    const noReason = await rule(second, migration.decisionId, { status: 'dropped', version: 0 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('body.reason');
    const res = await rule(second, migration.decisionId, { status: 'dropped', reason: 'Передано в акимат', version: 0 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', outcome: { status: 'dropped', reason: 'Передано в акимат' } });
    const work = await t.db.db.select().from(assignments).where(eq(assignments.decisionId, migration.decisionId));
    expect(work.every((a) => a.status === 'cancelled')).toBe(true);
    const entries = await t.db.db
      .select()
      .from(updates)
      .where(and(eq(updates.decisionId, migration.decisionId), eq(updates.toStatus, 'cancelled')));
    expect(entries.length).toBe(work.length);
    // A dropped promise stays on this meeting's list with its reason; it cannot be revived here.
    const again = await rule(second, migration.decisionId, { status: 'kept', version: 1 });
    expect(again.statusCode).toBe(409);
    expect(byTitle(await carriedOf(second), 'миграционной').outcome).toMatchObject({ status: 'dropped', reason: 'Передано в акимат' });
    // The dashboard's read model follows.
    const dash = (await t.request({ method: 'GET', url: '/api/v1/dashboard' })).json();
    const auezov = dash.districts.find((d: { slug: string }) => d.slug === 'auezov');
    expect(auezov.assignments.byStatus.cancelled).toBeGreaterThanOrEqual(1);
  });

  it('refuses outsiders, unknown promises and closed meetings with clear errors', async () => {
    const patrol = byTitle(await carriedOf(second), 'патрулирование');
    expect((await rule(second, patrol.decisionId, { status: 'kept', version: 0 }, resident)).statusCode).toBe(403);
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/meetings/${second}/carried/${patrol.decisionId}`, payload: { status: 'kept', version: 0 } }))
        .statusCode,
    ).toBe(401);
    // A decision of the first meeting is not carried to the first meeting itself.
    expect((await rule(first, patrol.decisionId, { status: 'kept', version: 0 })).statusCode).toBe(404);
    expect((await rule(second, '00000000-0000-4000-8000-000000000000', { status: 'kept', version: 0 })).statusCode).toBe(404);
    expect((await rule(second, patrol.decisionId, { status: 'postponed', version: 0 })).statusCode).toBe(400);
    expect((await rule(second, patrol.decisionId, { status: 'kept', dueAt: '2030-01-01T00:00:00Z', version: 0 })).statusCode).toBe(400);
    await t.db.db.update(meetings).set({ status: 'closed' }).where(eq(meetings.id, second));
    const closed = await rule(second, patrol.decisionId, { status: 'kept', version: 0 });
    expect(closed.statusCode).toBe(409);
    await t.db.db.update(meetings).set({ status: 'planned' }).where(eq(meetings.id, second));
  });
});
