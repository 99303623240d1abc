import { Queue } from 'bullmq';
import { and, eq, sum } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, notifications, updates } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting, userId } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
let worker: WorkerHandle;
// Reminders 2 s before the deadline, the worker's sweep every 200 ms on the real clock: no fake timers.
beforeAll(async () => {
  t = await createTestApp({ REMINDER_LEAD_MINUTES: String(2 / 60), RELAY_INTERVAL_MS: '50', OVERDUE_SWEEP_INTERVAL_MS: '200' });
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const noticesFor = async (user: string, kind: string, link: string) =>
  t.db.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user), eq(notifications.kind, kind), eq(notifications.link, link)));

/** Waits for a user's first notice of a kind about a link, and returns the notices then present. */
const noticesOnceTold = (user: string, kind: string, link: string, what: string) =>
  waitFor(
    async () => {
      const rows = await noticesFor(user, kind, link);
      return rows.length > 0 ? rows : null;
    },
    { timeoutMs: 8000, what },
  );

/** An instruction to the district inspectors due at `dueAt`: its one assignment and that assignment's link. */
async function instructionDue(coordinator: string, meetingId: string, title: string, dueAt: Date) {
  const decision = await createDecision(t, coordinator, meetingId, {
    kind: 'instruction',
    category: 'lighting',
    title,
    services: ['district_inspectors'],
    dueAt: dueAt.toISOString(),
  });
  const id: string = decision.assignments[0].id;
  return { id, link: `/assignments/${id}` };
}

describe('deadlines', () => {
  it('reminds the officer before due_at and escalates to the service head and coordinators at due_at', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const dueAt = new Date(Date.now() + 4000);
    const created = Date.now();
    const { id, link } = await instructionDue(coordinator, meeting.id, 'Срочно: освещение', dueAt);
    const inspector = await userId(t.db, 'inspector@demo.kz');
    const head = await userId(t.db, 'head@demo.kz');
    const coord = await userId(t.db, 'coordinator@demo.kz');

    const [reminder] = await noticesOnceTold(inspector, 'assignment.reminder', link, 'reminder');
    const reminderAt = reminder!.createdAt.getTime();
    expect(reminderAt).toBeGreaterThanOrEqual(dueAt.getTime() - 2000 - 100);
    expect(reminderAt).toBeLessThan(dueAt.getTime());
    expect(reminderAt - created).toBeGreaterThan(1000);
    expect(reminder!.groupCount).toBe(1);

    const [escalation] = await noticesOnceTold(head, 'assignment.escalation', link, 'escalation');
    expect(escalation!.createdAt.getTime()).toBeGreaterThanOrEqual(dueAt.getTime() - 50);
    expect(escalation!.createdAt.getTime()).toBeLessThan(dueAt.getTime() + 2500);
    expect(await noticesFor(coord, 'assignment.escalation', link)).toHaveLength(1);
    const notes = await t.db.db
      .select()
      .from(updates)
      .where(and(eq(updates.assignmentId, id), eq(updates.note, 'overdue: escalated to the service head and coordinators')));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.visibility).toBe('internal');
    const overdue = (await t.request({ method: 'GET', url: '/api/v1/assignments?overdue=true&limit=100' })).json().items;
    expect(overdue.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('a moved deadline reschedules; done work is never escalated', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const inspectorCookie = await t.login('inspector@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const { id, link } = await instructionDue(coordinator, meeting.id, 'Перенос срока', new Date(Date.now() + 3000));
    await waitFor(
      async () => (await t.request({ method: 'GET', url: link.replace('/assignments', '/api/v1/assignments') })).json().status === 'dispatched',
    );
    const later = new Date(Date.now() + 60 * 60_000).toISOString();
    const moved = await t.request({
      method: 'POST',
      url: `/api/v1/assignments/${id}/due`,
      cookie: coordinator,
      payload: { dueAt: later, version: 2 },
    });
    expect(moved.statusCode).toBe(200);

    const { id: sid } = await instructionDue(coordinator, meeting.id, 'Выполнено до срока', new Date(Date.now() + 3000));
    await waitFor(async () => (await t.request({ method: 'GET', url: `/api/v1/assignments/${sid}` })).json().status === 'dispatched');
    for (const [to, version] of [
      ['accepted', 2],
      ['in_progress', 3],
      ['done', 4],
    ] as const) {
      expect(
        (await t.request({ method: 'POST', url: `/api/v1/assignments/${sid}/transition`, cookie: inspectorCookie, payload: { to, version } }))
          .statusCode,
      ).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 4500));
    const head = await userId(t.db, 'head@demo.kz');
    expect(await noticesFor(head, 'assignment.escalation', link)).toHaveLength(0);
    expect(await noticesFor(head, 'assignment.escalation', `/assignments/${sid}`)).toHaveLength(0);
  });

  it('a deadline moved after its reminder is reminded and escalated again for the new time, each due time once', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const { id, link } = await instructionDue(coordinator, meeting.id, 'Срок сдвинут после напоминания', new Date(Date.now() + 2500));
    const inspector = await userId(t.db, 'inspector@demo.kz');
    const head = await userId(t.db, 'head@demo.kz');
    const remindersTold = async () =>
      Number(
        (
          await t.db.db
            .select({ n: sum(notifications.groupCount) })
            .from(notifications)
            .where(and(eq(notifications.userId, inspector), eq(notifications.kind, 'assignment.reminder'), eq(notifications.link, link)))
        )[0]?.n ?? 0,
      );
    await waitFor(async () => ((await remindersTold()) === 1 ? true : null), { timeoutMs: 8000, what: 'first reminder' });

    const current = (await t.request({ method: 'GET', url: `/api/v1/assignments/${id}`, cookie: coordinator })).json();
    const newDue = new Date(Date.now() + 3000);
    const moved = await t.request({
      method: 'POST',
      url: `/api/v1/assignments/${id}/due`,
      cookie: coordinator,
      payload: { dueAt: newDue.toISOString(), version: current.version },
    });
    expect(moved.statusCode).toBe(200);
    // The new due time is within the lead at once: reminded again (grouped with the first while unread), then escalated.
    await waitFor(async () => ((await remindersTold()) === 2 ? true : null), { timeoutMs: 8000, what: 'second reminder' });
    const [escalation] = await noticesOnceTold(head, 'assignment.escalation', link, 'escalation');
    expect(escalation!.createdAt.getTime()).toBeGreaterThanOrEqual(newDue.getTime() - 50);
    // Sweeps go on; nobody is told twice about the same due time.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await remindersTold()).toBe(2);
    expect((await noticesFor(head, 'assignment.escalation', link)).map((n) => n.groupCount)).toEqual([1]);
    const [marks] = await t.db.db
      .select({ dueAt: assignments.dueAt, remindedFor: assignments.remindedFor, escalatedFor: assignments.escalatedFor })
      .from(assignments)
      .where(eq(assignments.id, id));
    expect(marks!.remindedFor?.getTime()).toBe(newDue.getTime());
    expect(marks!.escalatedFor?.getTime()).toBe(newDue.getTime());
  });

  it('a reminder job delayed in Redis before the sweep took over is still told, under the same key, and marked', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    // Due in an hour: far outside the 2 s lead, so only the old job can remind now.
    const dueAt = new Date(Date.now() + 60 * 60_000);
    const { id, link } = await instructionDue(coordinator, meeting.id, 'Старое напоминание', dueAt);
    const inspector = await userId(t.db, 'inspector@demo.kz');
    const deadlines = new Queue('deadlines', { connection: { url: t.config.redisUrl }, prefix: t.config.redisPrefix });
    try {
      const job = { name: 'reminder', data: { assignmentId: id, dueAt: dueAt.toISOString() } };
      await deadlines.add(job.name, job.data, { jobId: `rem-${id}-${dueAt.getTime()}` });
      // A retry of the same notice (another id, same due time) tells nobody again.
      await deadlines.add(job.name, job.data, { jobId: `rem-${id}-${dueAt.getTime()}-again` });
      const [reminder] = await noticesOnceTold(inspector, 'assignment.reminder', link, 'reminder from the old job');
      await waitFor(async () => ((await deadlines.getJobCounts('completed')).completed >= 2 ? true : null), { what: 'both old jobs done' });
      expect(reminder!.groupCount).toBe(1);
      expect((await noticesFor(inspector, 'assignment.reminder', link)).map((n) => n.groupCount)).toEqual([1]);
      const [marks] = await t.db.db.select({ remindedFor: assignments.remindedFor }).from(assignments).where(eq(assignments.id, id));
      expect(marks!.remindedFor?.getTime()).toBe(dueAt.getTime());
    } finally {
      await deadlines.close();
    }
  });
});
