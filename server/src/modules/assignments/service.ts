import { and, eq, exists, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { assignments, decisionProposals, proposals, roleGrants, users } from '@dsd/db/schema/index';
import { OPEN_ASSIGNMENT_STATUSES, assignmentMachine, canTransition, type AssignmentStatus } from '@dsd/shared/status-machines';
import { ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { Conflict, FieldError, Forbidden, NotFound, Unauthenticated } from '../../lib/errors.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { checkTransition, checkVersion, expectOneRow } from '../../lib/transition.ts';
import { assignmentChanged } from './changed.ts';
import { writeDueDate, writeMove, writeProgress, type MoveExtra } from './writes.ts';
import { allowedMoves, eligibleOfficer, mayAssignOfficer, mayMove, mayReport, mayReschedule, officersFor } from './policy.ts';
import { confirmedBy, fetchAssignmentRows, fetchTimeline, linkedProposals, toAssignmentViews, type AssignmentRow } from './views.ts';

const NOBODY = '00000000-0000-0000-0000-000000000000';

export function createAssignmentService(deps: ChangeDeps) {
  const { db } = deps;

  async function getRow(id: string): Promise<AssignmentRow> {
    const [row] = await fetchAssignmentRows(db, eq(assignments.id, id), undefined);
    if (!row) throw new NotFound('Assignment');
    return row;
  }

  /** Chairs whose organizations' proposals led to the decision: they confirm or dispute the result. */
  async function isChairOfDecision(actor: Actor | null, decisionId: string): Promise<boolean> {
    if (actor?.role !== 'chair' || !actor.organization) return false;
    const [row] = await db
      .select({ id: proposals.id })
      .from(decisionProposals)
      .innerJoin(proposals, eq(proposals.id, decisionProposals.proposalId))
      .where(and(eq(decisionProposals.decisionId, decisionId), eq(proposals.organizationId, actor.organization.id)))
      .limit(1);
    return !!row;
  }

  function scopeOf(actor: Actor): SQL {
    switch (actor.role) {
      case 'admin':
        return sql`true`;
      case 'coordinator':
        return actor.districts.length ? inArray(assignments.districtSlug, actor.districts) : sql`false`;
      case 'officer':
      case 'service_head': {
        const grants = actor.services.map((g) =>
          g.district
            ? and(eq(assignments.serviceCode, g.service), eq(assignments.districtSlug, g.district))!
            : eq(assignments.serviceCode, g.service),
        );
        return or(eq(assignments.officerId, actor.id), ...grants)!;
      }
      case 'chair':
        return actor.organization
          ? exists(
              db
                .select({ one: sql`1` })
                .from(decisionProposals)
                .innerJoin(proposals, eq(proposals.id, decisionProposals.proposalId))
                .where(and(eq(decisionProposals.decisionId, assignments.decisionId), eq(proposals.organizationId, actor.organization.id))),
            )
          : sql`false`;
      default:
        return eq(assignments.officerId, NOBODY);
    }
  }

  async function detail(actor: Actor | null, id: string) {
    const row = await getRow(id);
    const [view] = await toAssignmentViews(db, actor, [row]);
    const chair = await isChairOfDecision(actor, row.decisionId);
    return {
      ...view!,
      target: row.targetValue !== null && row.targetUnit ? { value: row.targetValue, unit: row.targetUnit } : null,
      timeline: await fetchTimeline(db, actor, { assignmentId: id }, row.districtSlug),
      allowedTransitions: allowedMoves(actor, row),
      // Confirmed work is settled: the chair is no longer asked (a later reopen and done asks again).
      canConfirm: chair && row.status === 'done' && row.confirmation !== 'confirmed',
      proposals: await linkedProposals(db, row.decisionId),
      confirmedBy: row.confirmation === 'confirmed' ? await confirmedBy(db, id) : null,
    };
  }

  /** Officers the actor (the service's head) may give this assignment to. */
  async function assignableOfficers(actor: Actor, id: string) {
    const row = await getRow(id);
    ensure(mayAssignOfficer(actor, row), 'Only the head of this service assigns its officers');
    const rows = await db
      .selectDistinct({ id: users.id, name: users.name })
      .from(users)
      .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
      .where(officersFor(row))
      .orderBy(users.name);
    return { items: rows };
  }

  /** The one write path for status changes, used by officers, coordinators, chairs' disputes and the worker. */
  async function move(actor: Actor | null, row: AssignmentRow, to: AssignmentStatus, expectedVersion: number, extra: MoveExtra = {}) {
    checkTransition('assignment', assignmentMachine, row, to, expectedVersion);
    if (to === 'blocked' && !extra.reason && !extra.note) throw new FieldError('body.reason', 'say what blocks the work', 'required');
    await recordChanges(deps, actor, (changes) => writeMove(changes, actor, row, to, expectedVersion, extra));
  }

  return {
    getRow,
    detail,
    move,
    assignableOfficers,
    isChairOfDecision,

    async list(
      actor: Actor | null,
      q: {
        service?: string;
        district?: string;
        status?: AssignmentStatus;
        decisionId?: string;
        mine?: 'true' | 'false';
        overdue?: 'true' | 'false';
        limit: number;
        cursor?: string;
      },
    ) {
      let mineScope: SQL | undefined;
      if (q.mine === 'true') {
        if (!actor) throw new Unauthenticated();
        mineScope = scopeOf(actor);
      }
      const overdue =
        q.overdue === 'true'
          ? and(lt(assignments.dueAt, sql`now()`), inArray(assignments.status, [...OPEN_ASSIGNMENT_STATUSES]))
          : q.overdue === 'false'
            ? or(
                sql`${assignments.dueAt} is null`,
                sql`${assignments.dueAt} >= now()`,
                sql`${assignments.status} not in ('queued','dispatched','accepted','in_progress','blocked','reopened')`,
              )
            : undefined;
      const rows = await fetchAssignmentRows(
        db,
        and(
          mineScope,
          q.service ? eq(assignments.serviceCode, q.service) : undefined,
          q.district ? eq(assignments.districtSlug, q.district) : undefined,
          q.status ? eq(assignments.status, q.status) : undefined,
          q.decisionId ? eq(assignments.decisionId, q.decisionId) : undefined,
          overdue,
          cursorCondition(q.cursor, assignments.createdAt, assignments.id),
        ),
        newestFirst(assignments.createdAt, assignments.id),
        q.limit + 1,
      );
      const page = toPage(rows, q.limit, (r) => r);
      return { items: await toAssignmentViews(db, actor, page.items), nextCursor: page.nextCursor };
    },

    async transition(
      actor: Actor,
      id: string,
      input: { to: AssignmentStatus; note?: string; reason?: string; progress?: number; contribution?: number; version: number },
    ) {
      const row = await getRow(id);
      if (input.to === 'dispatched') throw new Forbidden('Assignments are dispatched by the queue, not by hand');
      ensure(mayMove(actor, row, input.to), 'This assignment belongs to another service or district');
      if (input.to === 'reopened' && !canTransition(assignmentMachine, row.status, 'reopened')) {
        throw new Conflict('Only a done assignment can be reopened');
      }
      await move(actor, row, input.to, input.version, input);
      return detail(actor, id);
    },

    async addUpdate(
      actor: Actor,
      id: string,
      input: { note: string; progress?: number; contribution?: number; evidenceUrl?: string; visibility: 'public' | 'internal'; version?: number },
    ) {
      const row = await getRow(id);
      ensure(mayReport(actor, row), 'Only the assigned service reports on this assignment');
      if (input.version !== undefined) checkVersion('assignment', row, input.version);
      const reportsProgress = input.progress !== undefined || input.contribution !== undefined;
      if (reportsProgress && !['accepted', 'in_progress', 'blocked', 'reopened'].includes(row.status)) {
        throw new Conflict(`Progress is reported on accepted work; this assignment is ${row.status}`);
      }
      await recordChanges(deps, actor, async (changes) => {
        let current = row;
        if (reportsProgress) {
          const updated = await writeProgress(changes, row, input, input.version ?? row.version);
          current = { ...row, ...updated };
        } else {
          await changes.audit({
            action: 'assignment.note',
            entityType: 'assignment',
            entityId: id,
            after: { visibility: input.visibility, evidenceUrl: input.evidenceUrl ?? null },
          });
        }
        await changes.timeline({
          kind: input.evidenceUrl ? 'evidence' : reportsProgress ? 'progress' : 'note',
          decisionId: row.decisionId,
          assignmentId: id,
          districtSlug: row.districtSlug,
          note: input.note,
          progress: input.progress ?? null,
          evidenceUrl: input.evidenceUrl ?? null,
          visibility: input.visibility,
        });
        if (input.visibility === 'public') {
          await changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: 'assignment.progress', assignmentId: id } });
        }
        await assignmentChanged(changes, current);
      });
      return detail(actor, id);
    },

    async assignOfficer(actor: Actor, id: string, input: { officerId: string | null; version: number }) {
      const row = await getRow(id);
      ensure(mayAssignOfficer(actor, row), 'Only the head of this service assigns its officers');
      checkVersion('assignment', row, input.version);
      if (row.status === 'done' || row.status === 'cancelled') throw new Conflict(`The assignment is ${row.status}`);
      if (input.officerId) {
        const [officer] = await db
          .select({ id: users.id })
          .from(users)
          .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
          .where(eligibleOfficer(input.officerId, row))
          .limit(1);
        if (!officer) throw new FieldError('body.officerId', 'not an officer of this service in the assignment’s district', 'unknown_reference');
      }
      await recordChanges(deps, actor, async (changes) => {
        const updated = expectOneRow(
          'assignment',
          await changes.tx
            .update(assignments)
            .set({ officerId: input.officerId, version: sql`${assignments.version} + 1`, updatedAt: new Date() })
            .where(and(eq(assignments.id, id), eq(assignments.version, input.version)))
            .returning(),
        );
        await changes.timeline({
          kind: 'assignment',
          decisionId: row.decisionId,
          assignmentId: id,
          districtSlug: row.districtSlug,
          note: input.officerId ? 'officer assigned' : 'officer unassigned',
          visibility: 'internal',
        });
        await changes.audit({
          action: 'assignment.officer_assigned',
          entityType: 'assignment',
          entityId: id,
          before: { officerId: row.officerId },
          after: { officerId: input.officerId },
        });
        await changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: 'assignment.officer_assigned', assignmentId: id } });
        await assignmentChanged(changes, updated);
      });
      return detail(actor, id);
    },

    async reschedule(actor: Actor, id: string, input: { dueAt: string | null; version: number }) {
      const row = await getRow(id);
      ensure(mayReschedule(actor, row), 'Only the district coordinator or the service head moves a deadline');
      checkVersion('assignment', row, input.version);
      if (row.status === 'done' || row.status === 'cancelled') throw new Conflict(`The assignment is ${row.status}`);
      const dueAt = input.dueAt ? new Date(input.dueAt) : null;
      await recordChanges(deps, actor, (changes) => writeDueDate(changes, row, dueAt, input.version));
      return detail(actor, id);
    },

    /** Two-sided closure: the chairs behind the decision confirm the result, or dispute it and it reopens. */
    async confirm(actor: Actor, id: string, input: { verdict: 'confirmed' | 'disputed'; comment?: string; version: number }) {
      const row = await getRow(id);
      ensure(
        actor.role === 'admin' || (await isChairOfDecision(actor, row.decisionId)),
        'Only the chairs whose proposals led to this decision confirm its result',
      );
      if (row.status !== 'done') throw new Conflict(`Only done work is confirmed or disputed; this assignment is ${row.status}`);
      if (input.verdict === 'disputed') {
        if (!input.comment) throw new FieldError('body.comment', 'say what is not done', 'required');
        await move(actor, row, 'reopened', input.version, { note: input.comment });
        return detail(actor, id);
      }
      checkVersion('assignment', row, input.version);
      await recordChanges(deps, actor, async (changes) => {
        const updated = expectOneRow(
          'assignment',
          await changes.tx
            .update(assignments)
            .set({ confirmation: 'confirmed', version: sql`${assignments.version} + 1`, updatedAt: new Date() })
            .where(and(eq(assignments.id, id), eq(assignments.version, input.version)))
            .returning(),
        );
        await changes.timeline({
          kind: 'confirmation',
          decisionId: row.decisionId,
          assignmentId: id,
          districtSlug: row.districtSlug,
          note: input.comment ?? null,
        });
        await changes.audit({
          action: 'assignment.confirmed',
          entityType: 'assignment',
          entityId: id,
          before: { confirmation: row.confirmation },
          after: { confirmation: 'confirmed' },
        });
        await changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: 'assignment.confirmed', assignmentId: id } });
        await assignmentChanged(changes, updated);
      });
      return detail(actor, id);
    },
  };
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
