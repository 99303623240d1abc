import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { decisions, districts, meetingAttendees, meetings, organizations, proposals } from '@dsd/db/schema/index';
import { DEFAULT_TIME_ZONE, zonedDay } from '@dsd/shared/dates';
import type { CreateMeetingBody } from '@dsd/shared/meetings';
import { meetingMachine, type MeetingStatus } from '@dsd/shared/status-machines';
import { chairOf, coordinates, ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { Conflict, FieldError, MeetingNotYetDue, NotFound } from '../../lib/errors.ts';
import { iso } from '../../lib/dates.ts';
import { checkTransition, expectOneRow } from '../../lib/transition.ts';

type MeetingRow = typeof meetings.$inferSelect;

export function createMeetingService(deps: ChangeDeps) {
  const { db } = deps;

  async function getRow(id: string): Promise<MeetingRow> {
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
    if (!row) throw new NotFound('Meeting');
    return row;
  }

  async function counts(ids: string[]) {
    if (ids.length === 0) return new Map<string, { attendees: number; decisions: number; proposals: number }>();
    const [a, d, p] = await Promise.all([
      db
        .select({ id: meetingAttendees.meetingId, n: count() })
        .from(meetingAttendees)
        .where(inArray(meetingAttendees.meetingId, ids))
        .groupBy(meetingAttendees.meetingId),
      db.select({ id: decisions.meetingId, n: count() }).from(decisions).where(inArray(decisions.meetingId, ids)).groupBy(decisions.meetingId),
      db
        .select({ id: proposals.meetingId, n: count() })
        .from(proposals)
        .where(and(inArray(proposals.meetingId, ids), eq(proposals.hidden, false)))
        .groupBy(proposals.meetingId),
    ]);
    const result = new Map(ids.map((id) => [id, { attendees: 0, decisions: 0, proposals: 0 }]));
    for (const r of a) result.get(r.id)!.attendees = r.n;
    for (const r of d) result.get(r.id)!.decisions = r.n;
    for (const r of p) if (r.id) result.get(r.id)!.proposals = r.n;
    return result;
  }

  function toSummary(row: MeetingRow, c = { attendees: 0, decisions: 0, proposals: 0 }) {
    return {
      id: row.id,
      districtSlug: row.districtSlug,
      title: row.title,
      startsAt: iso(row.startsAt),
      format: row.format,
      place: row.place,
      agenda: row.agenda,
      minutes: row.minutes,
      status: row.status,
      version: row.version,
      attendeeCount: c.attendees,
      decisionCount: c.decisions,
      proposalCount: c.proposals,
    };
  }

  return {
    getRow,
    toSummary,

    async list(q: { district?: string; status?: MeetingStatus; limit: number; cursor?: string }) {
      const rows = await db
        .select()
        .from(meetings)
        .where(
          and(
            q.district ? eq(meetings.districtSlug, q.district) : undefined,
            q.status ? eq(meetings.status, q.status) : undefined,
            cursorCondition(q.cursor, meetings.createdAt, meetings.id),
          ),
        )
        .orderBy(...newestFirst(meetings.createdAt, meetings.id))
        .limit(q.limit + 1);
      const c = await counts(rows.map((r) => r.id));
      return toPage(rows, q.limit, (r) => toSummary(r, c.get(r.id)));
    },

    async summary(id: string) {
      const row = await getRow(id);
      return toSummary(row, (await counts([id])).get(id));
    },

    async attendees(id: string) {
      const rows = await db
        .select({ id: organizations.id, name: organizations.name, type: organizations.type, registeredAt: meetingAttendees.createdAt })
        .from(meetingAttendees)
        .innerJoin(organizations, eq(organizations.id, meetingAttendees.organizationId))
        .where(eq(meetingAttendees.meetingId, id))
        .orderBy(organizations.name);
      return rows.map((r) => ({ organization: { id: r.id, name: r.name, type: r.type }, registeredAt: iso(r.registeredAt) }));
    },

    async create(actor: Actor, input: CreateMeetingBody) {
      ensure(coordinates(actor, input.districtSlug), 'Only a coordinator of this district can plan its meetings');
      return recordChanges(deps, actor, async (changes) => {
        const [row] = await changes.tx
          .insert(meetings)
          .values({ ...input, startsAt: new Date(input.startsAt), agenda: input.agenda ?? null, createdBy: actor.id })
          .returning();
        await changes.timeline({ kind: 'status', meetingId: row!.id, toStatus: 'planned' });
        await changes.audit({ action: 'meeting.created', entityType: 'meeting', entityId: row!.id, after: row });
        await changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: 'meeting.planned', meetingId: row!.id } });
        changes.live([`district:${row!.districtSlug}`], { kind: 'meeting.updated', id: row!.id, districtSlug: row!.districtSlug, status: 'planned' });
        return toSummary(row!);
      });
    },

    async transition(actor: Actor, id: string, input: { to: MeetingStatus; minutes?: string; version: number }) {
      const current = await getRow(id);
      ensure(coordinates(actor, current.districtSlug), 'Only a coordinator of this district can run its meetings');
      checkTransition('meeting', meetingMachine, current, input.to, input.version);
      const minutes = input.minutes ?? current.minutes;
      if (input.to === 'closed' && !minutes) throw new FieldError('body.minutes', 'minutes are required to close a meeting', 'required');
      if (input.to === 'held') {
        // The district's own zone, as admins set it (more cities may sit in other zones).
        const [district] = await db.select({ timeZone: districts.timeZone }).from(districts).where(eq(districts.slug, current.districtSlug));
        const zone = district?.timeZone ?? DEFAULT_TIME_ZONE;
        const day = zonedDay(current.startsAt.getTime(), zone);
        if (zonedDay(Date.now(), zone) < day) throw new MeetingNotYetDue(day);
      }
      await recordChanges(deps, actor, async (changes) => {
        const row = expectOneRow(
          'meeting',
          await changes.tx
            .update(meetings)
            .set({ status: input.to, minutes, version: sql`${meetings.version} + 1`, updatedAt: new Date() })
            .where(and(eq(meetings.id, id), eq(meetings.version, input.version)))
            .returning(),
        );
        await changes.timeline({ kind: 'status', meetingId: id, fromStatus: current.status, toStatus: input.to, note: input.minutes ?? null });
        await changes.audit({
          action: `meeting.${input.to}`,
          entityType: 'meeting',
          entityId: id,
          before: { status: current.status, version: current.version },
          after: { status: row.status, version: row.version, minutes: row.minutes },
        });
        await changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: `meeting.${input.to}`, meetingId: id } });
        changes.live([`district:${row.districtSlug}`, `meeting:${id}`], {
          kind: 'meeting.updated',
          id,
          districtSlug: row.districtSlug,
          status: row.status,
        });
      });
      return this.summary(id);
    },

    async addAttendee(actor: Actor, id: string, organizationId: string) {
      const meeting = await getRow(id);
      const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
      if (!org) throw new NotFound('Organization');
      ensure(
        coordinates(actor, meeting.districtSlug) || chairOf(actor, organizationId),
        'Only the district coordinator or the organization’s chair can register it',
      );
      if (org.districtSlug !== meeting.districtSlug)
        throw new FieldError('body.organizationId', 'the organization is in another district', 'other_district');
      if (meeting.status !== 'planned' && meeting.status !== 'held') throw new Conflict(`The meeting is ${meeting.status}; registration is closed`);
      await recordChanges(deps, actor, async (changes) => {
        const inserted = await changes.tx
          .insert(meetingAttendees)
          .values({ meetingId: id, organizationId, registeredBy: actor.id })
          .onConflictDoNothing()
          .returning({ id: meetingAttendees.id });
        if (inserted.length > 0) {
          await changes.audit({ action: 'meeting.attendee_added', entityType: 'meeting', entityId: id, after: { organizationId } });
          changes.live([`meeting:${id}`], { kind: 'meeting.updated', id, districtSlug: meeting.districtSlug, status: meeting.status });
        }
      });
      return this.attendees(id);
    },

    async removeAttendee(actor: Actor, id: string, organizationId: string) {
      const meeting = await getRow(id);
      ensure(
        coordinates(actor, meeting.districtSlug) || chairOf(actor, organizationId),
        'Only the district coordinator or the organization’s chair can unregister it',
      );
      if (meeting.status !== 'planned') throw new Conflict(`The meeting is ${meeting.status}; attendance is on record`);
      await recordChanges(deps, actor, async (changes) => {
        const removed = await changes.tx
          .delete(meetingAttendees)
          .where(and(eq(meetingAttendees.meetingId, id), eq(meetingAttendees.organizationId, organizationId)))
          .returning({ id: meetingAttendees.id });
        if (removed.length === 0) throw new NotFound('Attendance');
        await changes.audit({ action: 'meeting.attendee_removed', entityType: 'meeting', entityId: id, before: { organizationId } });
      });
      return this.attendees(id);
    },
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
