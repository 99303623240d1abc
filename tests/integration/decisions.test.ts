import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, auditLog, outbox } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';

let t: TestApp;
let coordinator: string;
let chair: string;
let resident: string;

beforeAll(async () => {
  t = await createTestApp();
  [coordinator, chair, resident] = await Promise.all(['coordinator@demo.kz', 'chair@demo.kz', 'resident@demo.kz'].map((e) => t.login(e)));
});
afterAll(async () => t?.close());

describe('decisions', () => {
  it('records an instruction for two services: one queued assignment each, outbox and audit in the same transaction', async () => {
    const meeting = await heldMeeting(t, coordinator);
    const proposal = (
      await t.request({
        method: 'POST',
        url: '/api/v1/proposals',
        cookie: chair,
        payload: { districtSlug: 'auezov', category: 'drugs', title: 'Закладки', body: 'Тайники у подъездов', meetingId: meeting.id },
      })
    ).json();
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'drugs',
      title: 'Усилить профилактику наркопреступлений',
      proposalIds: [proposal.id],
      dueAt: '2027-01-31T18:00:00+05:00',
      services: ['counter_narcotics', 'juvenile'],
    });
    expect(decision).toMatchObject({ kind: 'instruction', status: 'open', progress: 0, proposalIds: [proposal.id] });
    expect(decision.assignments.map((a: { serviceCode: string }) => a.serviceCode).sort()).toEqual(['counter_narcotics', 'juvenile']);
    expect(
      decision.assignments.every((a: { status: string; dueAt: string }) => a.status === 'queued' && a.dueAt === '2027-01-31T13:00:00.000Z'),
    ).toBe(true);
    const rows = await t.db.db.select().from(outbox).where(eq(outbox.name, 'dispatch'));
    const ids = decision.assignments.map((a: { id: string }) => a.id);
    // One dispatch job carries the decision's assignments, so the worker hands them out in one transaction.
    const dispatch = rows.filter((r) => (r.payload as { assignmentIds: string[] }).assignmentIds.some((id) => ids.includes(id)));
    expect(dispatch).toHaveLength(1);
    expect((dispatch[0]!.payload as { assignmentIds: string[] }).assignmentIds.sort()).toEqual([...ids].sort());
    const audit = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'assignment'), eq(auditLog.action, 'assignment.created')));
    expect(audit.filter((a) => ids.includes(a.entityId))).toHaveLength(2);

    const fromProposal = await t.request({ method: 'GET', url: `/api/v1/proposals/${proposal.id}` });
    expect(fromProposal.json().decisions).toEqual([{ id: decision.id, title: decision.title, progress: 0 }]);

    const detail = await t.request({ method: 'GET', url: `/api/v1/decisions/${decision.id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().timeline.length).toBeGreaterThanOrEqual(3);
    // The answer to the create is built from the inserted rows, not read back: it must be what a read gives.
    const asRead = await t.request({ method: 'GET', url: `/api/v1/decisions/${decision.id}`, cookie: coordinator });
    expect(asRead.json()).toEqual(decision);
  });

  it('routes by category when no services are named, with the district override', async () => {
    const meeting = await heldMeeting(t, coordinator);
    const patrol = await createDecision(t, coordinator, meeting.id, { kind: 'decision', category: 'foot_patrol', title: 'Пешие патрули во дворах' });
    expect(patrol.services).toEqual(['district_inspectors']);
    const medeu = await heldMeeting(t, coordinator, 'medeu');
    const elsewhere = await createDecision(t, coordinator, medeu.id, { kind: 'decision', category: 'foot_patrol', title: 'Пешие патрули во дворах' });
    expect(elsewhere.services).toEqual(['patrol']);
  });

  it('refuses decisions at a planned meeting with 409 and from non-coordinators with 403', async () => {
    const planned = (
      await t.request({
        method: 'POST',
        url: '/api/v1/meetings',
        cookie: coordinator,
        payload: { districtSlug: 'auezov', title: 'План', startsAt: '2026-12-20T10:00:00Z', format: 'online', place: 'Zoom' },
      })
    ).json();
    const body = { kind: 'decision', category: 'cameras', title: 'Камеры во дворах', services: ['video_surveillance'] };
    const early = await t.request({ method: 'POST', url: `/api/v1/meetings/${planned.id}/decisions`, cookie: coordinator, payload: body });
    expect(early.statusCode).toBe(409);
    const meeting = await heldMeeting(t, coordinator);
    expect((await t.request({ method: 'POST', url: `/api/v1/meetings/${meeting.id}/decisions`, cookie: chair, payload: body })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/meetings/${meeting.id}/decisions`, cookie: resident, payload: body })).statusCode).toBe(
      403,
    );
    expect((await t.request({ method: 'POST', url: `/api/v1/meetings/${meeting.id}/decisions`, payload: body })).statusCode).toBe(401);
  });

  it('refuses unknown services and proposals from another district with 400, writing nothing', async () => {
    const meeting = await heldMeeting(t, coordinator);
    const before = (await t.db.db.select().from(assignments)).length;
    const unknown = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/decisions`,
      cookie: coordinator,
      payload: { kind: 'decision', category: 'cameras', title: 'Камеры', services: ['space_force'] },
    });
    expect(unknown.statusCode).toBe(400);
    const medeuProposal = (await t.request({ method: 'GET', url: '/api/v1/proposals?district=medeu' })).json().items[0];
    const foreign = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/decisions`,
      cookie: coordinator,
      payload: { kind: 'decision', category: 'cameras', title: 'Камеры', proposalIds: [medeuProposal.id] },
    });
    expect(foreign.statusCode).toBe(400);
    expect((await t.db.db.select().from(assignments)).length).toBe(before);
  });

  it('shows the reference case’s camera decision at 12 of 40 cameras', async () => {
    const list = await t.request({ method: 'GET', url: '/api/v1/decisions?district=auezov&limit=50' });
    const cameras = list.json().items.find((d: { category: string; target: unknown }) => d.category === 'cameras' && d.target);
    expect(cameras).toMatchObject({ target: { value: 40, unit: 'cameras' }, achieved: 12, progress: 30, status: 'in_progress' });
    expect((await t.request({ method: 'GET', url: '/api/v1/decisions/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });
});
