import { eq } from 'drizzle-orm';
import type { DbHandle } from '@dsd/db/client';
import { meetings, organizations, users } from '@dsd/db/schema/index';
import type { TestApp } from './app.ts';

export async function userId(db: DbHandle, email: string): Promise<string> {
  const [row] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row!.id;
}

export async function organizationId(db: DbHandle, name: string): Promise<string> {
  const [row] = await db.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
  return row!.id;
}

/** Plans a meeting in a district and moves it to held, through the API. */
export async function heldMeeting(t: TestApp, coordinator: string, district = 'auezov'): Promise<{ id: string; version: number }> {
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/meetings',
    cookie: coordinator,
    payload: {
      districtSlug: district,
      title: 'Встреча по безопасности',
      // Held, so its day has come: a meeting cannot be marked held before it.
      startsAt: '2026-11-10T15:00:00+05:00',
      format: 'in_person',
      place: 'Акимат',
    },
  });
  const held = await t.request({
    method: 'POST',
    url: `/api/v1/meetings/${created.json().id}/transition`,
    cookie: coordinator,
    payload: { to: 'held', version: 1 },
  });
  return { id: held.json().id, version: held.json().version };
}

export async function createDecision(t: TestApp, coordinator: string, meetingId: string, body: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: `/api/v1/meetings/${meetingId}/decisions`, cookie: coordinator, payload: body });
  if (res.statusCode !== 201) throw new Error(`decision: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The demo's Auezov meetings: the first of the campaign (closed) and the next one (planned). */
export async function auezovMeetings(db: DbHandle): Promise<{ first: string; second: string }> {
  const rows = await db.db
    .select({ id: meetings.id, status: meetings.status })
    .from(meetings)
    .where(eq(meetings.districtSlug, 'auezov'))
    .orderBy(meetings.startsAt);
  return { first: rows.find((r) => r.status === 'closed')!.id, second: rows.find((r) => r.status === 'planned')!.id };
}

/** Every police service of the seed: one instruction to all of them makes seven assignments at once. */
export const ALL_SERVICES = ['district_inspectors', 'patrol', 'migration', 'counter_narcotics', 'juvenile', 'video_surveillance', 'public_helpers'];

/** Instructions to every service at a held meeting until at least `count` assignments exist; returns their ids. */
export async function queuedAssignments(t: TestApp, coordinator: string, meetingId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const decision = await createDecision(t, coordinator, meetingId, {
      kind: 'instruction',
      category: 'other',
      title: `Поручение ${i}`,
      services: ALL_SERVICES,
    });
    ids.push(...decision.assignments.map((a: { id: string }) => a.id));
  }
  return ids;
}
