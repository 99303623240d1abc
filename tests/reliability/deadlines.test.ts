import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting, userId } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
let worker: WorkerHandle;
// Reminders 2 s before the deadline: real delayed BullMQ jobs on real Redis, no fake timers.
beforeAll(async () => {
  t = await createTestApp({ REMINDER_LEAD_MINUTES: String(2 / 60), RELAY_INTERVAL_MS: '50' });
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

describe('deadlines', () => {
  it('reminds the officer before due_at and escalates to the service head and coordinators at due_at', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const dueAt = new Date(Date.now() + 4000);
    const created = Date.now();
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'lighting',
      title: 'Срочно: освещение',
      services: ['district_inspectors'],
      dueAt: dueAt.toISOString(),
    });
    const link = `/assignments/${decision.assignments[0].id}`;
    const inspector = await userId(t.db, 'inspector@demo.kz');
    const head = await userId(t.db, 'head@demo.kz');
    const coord = await userId(t.db, 'coordinator@demo.kz');

    const [reminder] = await waitFor(
      async () => {
        const rows = await noticesFor(inspector, 'assignment.reminder', link);
        return rows.length > 0 ? rows : null;
      },
      { timeoutMs: 8000, what: 'reminder' },
    );
    const reminderAt = reminder!.createdAt.getTime();
    expect(reminderAt).toBeGreaterThanOrEqual(dueAt.getTime() - 2000 - 100);
    expect(reminderAt).toBeLessThan(dueAt.getTime());
    expect(reminderAt - created).toBeGreaterThan(1000);

    const [escalation] = await waitFor(
      async () => {
        const rows = await noticesFor(head, 'assignment.escalation', link);
        return rows.length > 0 ? rows : null;
      },
      { timeoutMs: 8000, what: 'escalation' },
    );
    expect(escalation!.createdAt.getTime()).toBeGreaterThanOrEqual(dueAt.getTime() - 50);
    expect(escalation!.createdAt.getTime()).toBeLessThan(dueAt.getTime() + 2500);
    expect(await noticesFor(coord, 'assignment.escalation', link)).toHaveLength(1);
    const overdue = (await t.request({ method: 'GET', url: '/api/v1/assignments?overdue=true&limit=100' })).json().items;
    expect(overdue.map((a: { id: string }) => a.id)).toContain(decision.assignments[0].id);
  });

  it('a moved deadline reschedules; done work is never escalated', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const inspectorCookie = await t.login('inspector@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'lighting',
      title: 'Перенос срока',
      services: ['district_inspectors'],
      dueAt: new Date(Date.now() + 3000).toISOString(),
    });
    const id = decision.assignments[0].id;
    const link = `/assignments/${id}`;
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

    const second = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'lighting',
      title: 'Выполнено до срока',
      services: ['district_inspectors'],
      dueAt: new Date(Date.now() + 3000).toISOString(),
    });
    const sid = second.assignments[0].id;
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
});
