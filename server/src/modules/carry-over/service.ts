import { and, asc, desc, eq, gt, inArray, lt, lte, ne, notInArray, sql } from 'drizzle-orm';
import { assignments, carryOvers, decisions, meetings } from '@dsd/db/schema/index';
import type { CarriedItem, CarryOutcome, DoneSinceItem, RecordCarryBody } from '@dsd/shared/carry-over';
import { assignmentMachine, OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';
import { coordinates, ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';
import { Conflict, FieldError, NotFound, VersionConflict } from '../../lib/errors.ts';
import { checkTransition, expectOneRow } from '../../lib/transition.ts';
import { assignmentsChanged } from '../assignments/changed.ts';
import { writeDueDate, writeMove } from '../assignments/writes.ts';
import type { DecisionService } from '../decisions/service.ts';

type MeetingRow = typeof meetings.$inferSelect;
type CarryRow = typeof carryOvers.$inferSelect;

/** A long agenda is still one page: a district rarely has more open promises than this. */
const MAX_CARRIED = 200;
/** Decisions with nothing left to carry; the rest are owed (the partial index decisions_open_by_due_idx). */
const SETTLED = ['done', 'cancelled'] as const;

function toOutcome(row: CarryRow, meeting: { id: string; title: string; startsAt: Date }): CarryOutcome {
  return {
    meetingId: meeting.id,
    meetingTitle: meeting.title,
    meetingStartsAt: iso(meeting.startsAt),
    status: row.status,
    reason: row.reason,
    newDueAt: isoOrNull(row.newDueAt),
    previousDueAt: isoOrNull(row.previousDueAt),
    recordedAt: iso(row.updatedAt),
    version: row.version,
  };
}

/**
 * Promise carry-over. The carried list is computed from the records each time (decisions of the district made at
 * earlier meetings and not done, plus those this meeting already ruled on); what a meeting rules is stored, audited
 * and on the decision's timeline. Extending moves the decision's and its open assignments' deadlines; dropping
 * cancels its open assignments through the assignment state machine.
 */
export function createCarryOverService(deps: ChangeDeps & { decisions: DecisionService }) {
  const { db } = deps;

  async function getMeeting(id: string): Promise<MeetingRow> {
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
    if (!row) throw new NotFound('Meeting');
    return row;
  }

  /** Decisions of earlier meetings of the district still owed, and those this meeting ruled on, by deadline. */
  async function carried(meeting: MeetingRow): Promise<CarriedItem[]> {
    const selection = { d: decisions, from: { id: meetings.id, title: meetings.title, startsAt: meetings.startsAt }, c: carryOvers };
    const earlier = and(
      eq(decisions.districtSlug, meeting.districtSlug),
      ne(decisions.meetingId, meeting.id),
      lt(meetings.startsAt, meeting.startsAt),
    );
    // Two index reads rather than one OR: the district's open promises (a partial index on open decisions by
    // deadline) and the ones this meeting already ruled on (which may be done or cancelled by now).
    const [open, ruled] = await Promise.all([
      db
        .select(selection)
        .from(decisions)
        .innerJoin(meetings, eq(meetings.id, decisions.meetingId))
        .leftJoin(carryOvers, and(eq(carryOvers.decisionId, decisions.id), eq(carryOvers.meetingId, meeting.id)))
        .where(and(earlier, notInArray(decisions.status, [...SETTLED])))
        .orderBy(sql`${decisions.dueAt} asc nulls last`, asc(decisions.createdAt))
        .limit(MAX_CARRIED),
      db
        .select(selection)
        .from(carryOvers)
        .innerJoin(decisions, eq(decisions.id, carryOvers.decisionId))
        .innerJoin(meetings, eq(meetings.id, decisions.meetingId))
        .where(eq(carryOvers.meetingId, meeting.id))
        .limit(MAX_CARRIED),
    ]);
    const seen = new Set(open.map((r) => r.d.id));
    const rows = [...open, ...ruled.filter((r) => !seen.has(r.d.id))].sort(
      (a, b) =>
        (a.d.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.d.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) ||
        a.d.createdAt.getTime() - b.d.createdAt.getTime(),
    );
    const summaries = await deps.decisions.summaries(rows.map((r) => r.d));
    return rows.map(({ from, c }, i) => {
      const s = summaries[i]!;
      return {
        decisionId: s.id,
        fromMeeting: { id: from.id, title: from.title, startsAt: iso(from.startsAt) },
        kind: s.kind,
        category: s.category,
        title: s.title,
        services: s.services,
        dueAt: s.dueAt,
        status: s.status,
        progress: s.progress,
        overdue: s.overdue,
        target: s.target,
        achieved: s.achieved,
        outcome: c ? toOutcome(c, meeting) : null,
      };
    });
  }

  /** Work finished between the district's previous meeting and this one (or now, for a meeting still ahead). */
  async function doneSince(meeting: MeetingRow): Promise<DoneSinceItem[]> {
    const [previous] = await db
      .select({ startsAt: meetings.startsAt })
      .from(meetings)
      .where(
        and(
          eq(meetings.districtSlug, meeting.districtSlug),
          ne(meetings.id, meeting.id),
          ne(meetings.status, 'cancelled'),
          lt(meetings.startsAt, meeting.startsAt),
        ),
      )
      .orderBy(desc(meetings.startsAt))
      .limit(1);
    if (!previous) return [];
    const until = new Date(Math.min(Date.now(), meeting.startsAt.getTime()));
    const rows = await db
      .select({
        decisionId: assignments.decisionId,
        decisionTitle: decisions.title,
        serviceCode: assignments.serviceCode,
        doneAt: assignments.doneAt,
      })
      .from(assignments)
      .innerJoin(decisions, eq(decisions.id, assignments.decisionId))
      .where(
        and(
          eq(assignments.districtSlug, meeting.districtSlug),
          eq(assignments.status, 'done'),
          gt(assignments.doneAt, previous.startsAt),
          lte(assignments.doneAt, until),
        ),
      )
      .orderBy(desc(assignments.doneAt))
      .limit(MAX_CARRIED);
    return rows.map((r) => ({ ...r, doneAt: iso(r.doneAt!) }));
  }

  return {
    getMeeting,

    async forMeeting(meetingId: string) {
      const meeting = await getMeeting(meetingId);
      const [items, done] = await Promise.all([carried(meeting), doneSince(meeting)]);
      return { carried: items, doneSinceLastMeeting: done };
    },

    /** What later meetings ruled on this promise, oldest first: public, with the reasons. */
    async outcomesForDecision(decisionId: string): Promise<CarryOutcome[]> {
      const rows = await db
        .select({ c: carryOvers, m: { id: meetings.id, title: meetings.title, startsAt: meetings.startsAt } })
        .from(carryOvers)
        .innerJoin(meetings, eq(meetings.id, carryOvers.meetingId))
        .where(eq(carryOvers.decisionId, decisionId))
        .orderBy(asc(meetings.startsAt));
      return rows.map((r) => toOutcome(r.c, r.m));
    },

    async record(actor: Actor, meetingId: string, decisionId: string, input: RecordCarryBody): Promise<CarriedItem> {
      const meeting = await getMeeting(meetingId);
      ensure(coordinates(actor, meeting.districtSlug), 'Only a coordinator of this district rules on its carried promises');
      const [found] = await db
        .select({ d: decisions, fromStartsAt: meetings.startsAt })
        .from(decisions)
        .innerJoin(meetings, eq(meetings.id, decisions.meetingId))
        .where(eq(decisions.id, decisionId));
      if (!found || found.d.districtSlug !== meeting.districtSlug || found.d.meetingId === meetingId || found.fromStartsAt >= meeting.startsAt) {
        throw new NotFound('Carried promise');
      }
      const decision = found.d;
      const [existing] = await db
        .select()
        .from(carryOvers)
        .where(and(eq(carryOvers.meetingId, meetingId), eq(carryOvers.decisionId, decisionId)));
      if ((existing?.version ?? 0) !== input.version) throw new VersionConflict('carried promise');
      if (meeting.status !== 'planned' && meeting.status !== 'held') {
        throw new Conflict(`The meeting is ${meeting.status}; its rulings on carried promises are on record`);
      }
      if (existing?.status === 'dropped') throw new Conflict('This promise was dropped at this meeting and its work cancelled');
      if (decision.status === 'done' || decision.status === 'cancelled') {
        throw new Conflict(`The promise is ${decision.status}; there is nothing to carry`);
      }
      if (input.status !== 'kept' && !input.reason) throw new FieldError('body.reason', `say why the promise is ${input.status}`, 'required');
      let dueAt: Date | null = null;
      if (input.status === 'extended') {
        if (!input.dueAt) throw new FieldError('body.dueAt', 'an extended promise needs its new deadline', 'required');
        dueAt = new Date(input.dueAt);
        if (dueAt.getTime() <= Date.now()) throw new FieldError('body.dueAt', 'the new deadline must be in the future', 'too_small');
      } else if (input.dueAt) {
        throw new FieldError('body.dueAt', 'only an extended promise takes a new deadline', 'invalid');
      }
      const open = await db
        .select()
        .from(assignments)
        .where(and(eq(assignments.decisionId, decisionId), inArray(assignments.status, [...OPEN_ASSIGNMENT_STATUSES])));
      if (input.status === 'dropped') for (const a of open) checkTransition('assignment', assignmentMachine, a, 'cancelled', a.version);

      await recordChanges(deps, actor, async (changes) => {
        const values = {
          status: input.status,
          reason: input.reason ?? null,
          newDueAt: dueAt,
          previousDueAt: input.status === 'extended' ? decision.dueAt : null,
          recordedBy: actor.id,
          updatedAt: new Date(),
        };
        const saved = existing
          ? expectOneRow(
              'carried promise',
              await changes.tx
                .update(carryOvers)
                .set({ ...values, version: sql`${carryOvers.version} + 1` })
                .where(and(eq(carryOvers.id, existing.id), eq(carryOvers.version, input.version)))
                .returning(),
            )
          : expectOneRow(
              'carried promise',
              await changes.tx
                .insert(carryOvers)
                .values({ ...values, meetingId, decisionId, districtSlug: meeting.districtSlug })
                .onConflictDoNothing()
                .returning(),
            );
        if (input.status === 'extended') {
          // The decision's deadline moves only if nobody moved it meanwhile: the same lock-free check as a version.
          const moved = await changes.tx
            .update(decisions)
            .set({ dueAt })
            .where(and(eq(decisions.id, decisionId), decision.dueAt ? eq(decisions.dueAt, decision.dueAt) : sql`${decisions.dueAt} is null`))
            .returning({ id: decisions.id });
          expectOneRow('decision', moved);
          const updated = [];
          for (const a of open) updated.push(await writeDueDate(changes, a, dueAt, a.version, { announce: false }));
          await assignmentsChanged(changes, updated);
        } else if (input.status === 'dropped') {
          for (const a of open) await writeMove(changes, actor, a, 'cancelled', a.version, { reason: input.reason });
        }
        changes.timeline({
          kind: 'carry_over',
          decisionId,
          meetingId,
          fromStatus: existing?.status ?? null,
          toStatus: input.status,
          note: input.reason ?? null,
        });
        changes.audit({
          action: `decision.carry_${input.status}`,
          entityType: 'decision',
          entityId: decisionId,
          before: existing ? { status: existing.status, version: existing.version, dueAt: decision.dueAt } : { dueAt: decision.dueAt },
          after: { meetingId, status: saved.status, reason: saved.reason, dueAt: dueAt ?? decision.dueAt, version: saved.version },
        });
        changes.live([`meeting:${meetingId}`, `decision:${decisionId}`, `district:${meeting.districtSlug}`], {
          kind: 'timeline.updated',
          id: decisionId,
          districtSlug: meeting.districtSlug,
          status: input.status,
        });
      });
      const item = (await carried(meeting)).find((c) => c.decisionId === decisionId);
      if (!item) throw new NotFound('Carried promise');
      return item;
    },
  };
}

export type CarryOverService = ReturnType<typeof createCarryOverService>;
