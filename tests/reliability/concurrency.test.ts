import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, updates } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
let worker: WorkerHandle;
beforeAll(async () => {
  t = await createTestApp();
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

describe('optimistic concurrency', () => {
  it('100 concurrent transitions with the same version: exactly one wins, 99 get 409, one timeline entry', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const migration = await t.login('migration@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'migration',
      title: 'Отработка',
      services: ['migration'],
    });
    const id = decision.assignments[0].id;
    await waitFor(async () => (await t.request({ method: 'GET', url: `/api/v1/assignments/${id}` })).json().status === 'dispatched', {
      what: 'dispatch',
    });

    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        t.request({ method: 'POST', url: `/api/v1/assignments/${id}/transition`, cookie: migration, payload: { to: 'accepted', version: 2 } }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('VERSION_CONFLICT');
    const accepted = await t.db.db
      .select()
      .from(updates)
      .where(and(eq(updates.assignmentId, id), eq(updates.toStatus, 'accepted')));
    expect(accepted).toHaveLength(1);
    const audit = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'assignment.accepted')));
    expect(audit).toHaveLength(1);
    const final = (await t.request({ method: 'GET', url: `/api/v1/assignments/${id}` })).json();
    expect(final).toMatchObject({ status: 'accepted', version: 3 });
  });
});
