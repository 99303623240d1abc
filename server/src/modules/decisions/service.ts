import { insertRows } from '@dsd/db/bulk';
import { refreshDecisionProgress } from '@dsd/db/projections';
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { assignments, decisionProposals, decisions, followerAnnouncements, meetings, proposals, services, updates } from '@dsd/db/schema/index';
import type { CreateDecisionBody, DecisionSummary } from '@dsd/shared/decisions';
import { coordinates, ensure, isPolice, type Actor } from '../../lib/access.ts';
import { recordChanges, recordChangesReturningTimeline, type ChangeDeps } from '../../lib/changes.ts';
import { Conflict, FieldError, NotFound } from '../../lib/errors.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { categoryRule, routeCategory } from '../reference/routing.ts';
import { fetchAssignmentRows, fetchTimeline, seesTimelineEntry, shownToPublic, toAssignmentViews, toTimelineEntry } from '../assignments/views.ts';

type DecisionRow = typeof decisions.$inferSelect;

export function createDecisionService(deps: ChangeDeps) {
  const { db } = deps;
  // Read on every decision recorded: built once (see @dsd/db/prepared).
  const meetingById = db
    .select()
    .from(meetings)
    .where(eq(meetings.id, sql.placeholder('id')))
    .prepare('meeting_by_id');
  const activeServices = db.select({ code: services.code }).from(services).where(eq(services.active, true)).prepare('active_services');

  async function getRow(id: string): Promise<DecisionRow> {
    const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
    if (!row) throw new NotFound('Decision');
    return row;
  }

  /** Progress and status are the decision row's read model, kept by every assignment change (assignments/changed.ts). */
  async function summaries(
    rows: DecisionRow[],
    known?: ReadonlyArray<{ decisionId: string; serviceCode: string; overdue: boolean }>,
  ): Promise<DecisionSummary[]> {
    const work =
      known ??
      (rows.length
        ? await db
            .select({ decisionId: assignments.decisionId, serviceCode: assignments.serviceCode, overdue: assignments.overdue })
            .from(assignments)
            .where(
              inArray(
                assignments.decisionId,
                rows.map((r) => r.id),
              ),
            )
        : []);
    return rows.map((r) => {
      const mine = work.filter((w) => w.decisionId === r.id);
      return {
        id: r.id,
        meetingId: r.meetingId,
        districtSlug: r.districtSlug,
        kind: r.kind,
        category: r.category,
        title: r.title,
        description: r.description,
        target:
          r.targetValue !== null && r.targetUnit
            ? { value: r.targetValue, unit: r.targetUnit, ...(r.targetMetric ? { metric: r.targetMetric } : {}) }
            : null,
        achieved: r.achieved,
        dueAt: isoOrNull(r.dueAt),
        status: r.status,
        progress: r.progress,
        overdue: mine.some((w) => w.overdue),
        services: [...new Set(mine.map((w) => w.serviceCode))].sort(),
        createdAt: iso(r.createdAt),
      };
    });
  }

  return {
    getRow,
    summaries,

    async list(q: { district?: string; meetingId?: string; limit: number; cursor?: string }) {
      const rows = await db
        .select()
        .from(decisions)
        .where(
          and(
            q.district ? eq(decisions.districtSlug, q.district) : undefined,
            q.meetingId ? eq(decisions.meetingId, q.meetingId) : undefined,
            cursorCondition(q.cursor, decisions.createdAt, decisions.id),
          ),
        )
        .orderBy(...newestFirst(decisions.createdAt, decisions.id))
        .limit(q.limit + 1);
      const page = toPage(rows, q.limit, (r) => r);
      return { items: await summaries(page.items), nextCursor: page.nextCursor };
    },

    /** Public entries only, with no author names: this feed is for everyone. */
    async recentUpdates(district: string, limit: number) {
      const rows = await db
        .select({ u: updates, title: decisions.title, serviceCode: assignments.serviceCode })
        .from(updates)
        .innerJoin(decisions, eq(decisions.id, updates.decisionId))
        .leftJoin(assignments, eq(assignments.id, updates.assignmentId))
        .where(
          and(
            eq(updates.districtSlug, district),
            eq(updates.visibility, 'public'),
            shownToPublic,
            isNotNull(updates.decisionId),
            // A new assignment's 'queued' is a machine step; residents hear when the service receives the task.
            sql`${updates.toStatus} is distinct from 'queued'`,
          ),
        )
        .orderBy(desc(updates.createdAt), desc(updates.id))
        .limit(limit);
      return rows.map(({ u, title, serviceCode }) => ({ ...toTimelineEntry(u, serviceCode, null), decisionId: u.decisionId!, decisionTitle: title }));
    },

    /**
     * A coordinator hides a timeline entry (a note, report or comment) with a reason, or shows it again. The author
     * is told why; the change is audited; open pages refresh live.
     */
    async moderateUpdate(actor: Actor, id: string, input: { hidden: boolean; reason?: string }) {
      const [entry] = await db
        .select({
          u: updates,
          district: sql<string | null>`coalesce(${decisions.districtSlug}, ${proposals.districtSlug}, ${meetings.districtSlug})`,
        })
        .from(updates)
        .leftJoin(decisions, eq(decisions.id, updates.decisionId))
        .leftJoin(proposals, eq(proposals.id, updates.proposalId))
        .leftJoin(meetings, eq(meetings.id, updates.meetingId))
        .where(eq(updates.id, id));
      if (!entry?.district) throw new NotFound('Timeline entry');
      const district = entry.district;
      ensure(coordinates(actor, district), 'Only a coordinator of this district moderates its timelines');
      if (input.hidden && !input.reason) throw new FieldError('body.reason', 'say why the entry is hidden', 'required');
      const current = entry.u;
      const updated = await recordChanges(deps, actor, async (changes) => {
        const [row] = await changes.tx
          .update(updates)
          .set({ hidden: input.hidden, hiddenReason: input.hidden ? input.reason! : null })
          .where(eq(updates.id, id))
          .returning();
        await changes.audit({
          action: input.hidden ? 'update.hidden' : 'update.unhidden',
          entityType: 'update',
          entityId: id,
          before: { hidden: current.hidden, reason: current.hiddenReason },
          after: { hidden: input.hidden, reason: input.reason ?? null },
        });
        if (current.authorId && current.authorId !== actor.id && current.hidden !== input.hidden) {
          await changes.outbox({
            queue: 'notifications',
            name: 'notify',
            payload: { event: input.hidden ? 'update.hidden' : 'update.unhidden', updateId: id },
          });
        }
        const channels = [`district:${district}`];
        if (current.decisionId) channels.push(`decision:${current.decisionId}`);
        if (current.assignmentId) channels.push(`assignment:${current.assignmentId}`);
        if (current.proposalId) channels.push(`proposal:${current.proposalId}`);
        changes.live(channels, { kind: 'timeline.updated', id, districtSlug: district });
        return row!;
      });
      const [service] = updated.assignmentId
        ? await db.select({ code: assignments.serviceCode }).from(assignments).where(eq(assignments.id, updated.assignmentId))
        : [];
      return toTimelineEntry(updated, service?.code ?? null, null);
    },

    /** Decisions a proposal led to, with the same derived progress as everywhere else. */
    async forProposal(proposalId: string) {
      const rows = await db
        .select({ d: decisions })
        .from(decisionProposals)
        .innerJoin(decisions, eq(decisions.id, decisionProposals.decisionId))
        .where(eq(decisionProposals.proposalId, proposalId));
      return summaries(rows.map((r) => r.d));
    },

    async forMeeting(meetingId: string) {
      return summaries(await db.select().from(decisions).where(eq(decisions.meetingId, meetingId)).orderBy(desc(decisions.createdAt)));
    },

    async detail(actor: Actor | null, id: string) {
      const row = await getRow(id);
      const [summary] = await summaries([row]);
      const [meeting] = await db.select({ title: meetings.title }).from(meetings).where(eq(meetings.id, row.meetingId));
      const links = await db.select({ id: decisionProposals.proposalId }).from(decisionProposals).where(eq(decisionProposals.decisionId, id));
      const rows = await fetchAssignmentRows(db, eq(assignments.decisionId, id), undefined);
      return {
        ...summary!,
        meetingTitle: meeting?.title ?? '',
        proposalIds: links.map((l) => l.id),
        assignments: await toAssignmentViews(db, actor, rows),
        timeline: await fetchTimeline(db, actor, { decisionId: id }, row.districtSlug),
      };
    },

    async create(actor: Actor, meetingId: string, input: CreateDecisionBody) {
      const [meeting] = await meetingById.execute({ id: meetingId });
      if (!meeting) throw new NotFound('Meeting');
      ensure(coordinates(actor, meeting.districtSlug), 'Only a coordinator of this district records its decisions');
      if (meeting.status !== 'held' && meeting.status !== 'closed') {
        throw new Conflict(`Decisions are recorded at a held or closed meeting; this one is ${meeting.status}`);
      }
      const proposalIds = [...new Set(input.proposalIds ?? [])];
      if (proposalIds.length) {
        const found = await db
          .select({ id: proposals.id, status: proposals.status })
          .from(proposals)
          .where(and(inArray(proposals.id, proposalIds), eq(proposals.districtSlug, meeting.districtSlug)));
        if (found.length !== proposalIds.length)
          throw new FieldError('body.proposalIds', 'every proposal must exist in the meeting’s district', 'unknown_reference');
      }
      let serviceCodes = [...new Set(input.services ?? [])];
      const category = await categoryRule(db, input.category);
      if (!category.active) throw new FieldError('body.category', 'this category is retired', 'unknown_reference');
      if (serviceCodes.length === 0) serviceCodes = await routeCategory(db, meeting.districtSlug, input.category);
      const active = new Set((await activeServices.execute()).map((k) => k.code));
      const unknown = serviceCodes.filter((c) => !active.has(c));
      if (unknown.length) throw new FieldError('body.services', `unknown or inactive service: ${unknown.join(', ')}`, 'unknown_reference');
      const dueAt = input.dueAt ? new Date(input.dueAt) : null;

      const { value: created, timeline } = await recordChangesReturningTimeline(deps, actor, async (changes) => {
        const [decision] = await insertRows(
          changes.tx,
          decisions,
          [
            {
              meetingId,
              districtSlug: meeting.districtSlug,
              kind: input.kind,
              category: input.category,
              title: input.title,
              description: input.description ?? null,
              targetValue: input.target?.value ?? null,
              targetUnit: input.target?.unit ?? null,
              targetMetric: input.target?.metric ?? null,
              dueAt,
              createdBy: actor.id,
            },
          ],
          { returning: true },
        );
        // A registry-measured target starts from what the registry already counts.
        if (decision!.targetMetric) await refreshDecisionProgress(changes.tx, [decision!]);
        if (proposalIds.length)
          await changes.tx.insert(decisionProposals).values(proposalIds.map((proposalId) => ({ decisionId: decision!.id, proposalId })));
        const created = await insertRows(
          changes.tx,
          assignments,
          serviceCodes.map((serviceCode) => ({ decisionId: decision!.id, districtSlug: meeting.districtSlug, serviceCode, dueAt })),
          { returning: true },
        );
        await changes.timeline({ kind: 'status', decisionId: decision!.id, districtSlug: meeting.districtSlug, toStatus: 'open', note: input.title });
        await changes.audit({
          action: `decision.created`,
          entityType: 'decision',
          entityId: decision!.id,
          after: { ...decision!, proposalIds, services: serviceCodes },
        });
        for (const a of created) {
          await changes.timeline({ kind: 'status', decisionId: decision!.id, assignmentId: a.id, districtSlug: a.districtSlug, toStatus: 'queued' });
          await changes.audit({
            action: 'assignment.created',
            entityType: 'assignment',
            entityId: a.id,
            after: { status: a.status, serviceCode: a.serviceCode, dueAt: a.dueAt },
          });
        }
        // The district's followers hear of it with the meeting's other new decisions (queue/processors/announce-to-followers.ts).
        await insertRows(changes.tx, followerAnnouncements, [{ decisionId: decision!.id, meetingId }]);
        await changes.outbox({ queue: 'assignments', name: 'dispatch', payload: { assignmentIds: created.map((a) => a.id) } });
        await changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: 'decision.created', decisionId: decision!.id } });
        changes.live([`district:${meeting.districtSlug}`, `meeting:${meetingId}`], {
          kind: 'decision.created',
          id: decision!.id,
          districtSlug: meeting.districtSlug,
          status: 'open',
          progress: 0,
        });
        return { decision: decision!, assignments: created };
      });
      // The rows the inserts returned are the answer: only the timeline (its ids and times) is read back.
      const { decision } = created;
      // In the order every read gives them (fetchAssignmentRows): created together, so by service.
      const createdAssignments = created.assignments.sort((a, b) => a.serviceCode.localeCompare(b.serviceCode));
      const [summary] = await summaries([decision], createdAssignments);
      const rows = createdAssignments.map((a) => ({
        ...a,
        decisionTitle: decision.title,
        decisionKind: decision.kind,
        category: decision.category,
        targetValue: decision.targetValue,
        targetUnit: decision.targetUnit,
        officerName: null,
      }));
      const serviceOf = new Map(createdAssignments.map((a) => [a.id, a.serviceCode]));
      // Staff names are shown to staff, as fetchTimeline shows them: the author of all of these is the actor.
      const author = isPolice(actor) ? actor.name : actor.role;
      return {
        ...summary!,
        meetingTitle: meeting.title,
        proposalIds,
        // A decision without proposals carries no tips: nothing to look up.
        assignments: await toAssignmentViews(db, actor, rows, { noTips: proposalIds.length === 0 }),
        timeline: timeline
          .map((u) => ({ u, serviceCode: u.assignmentId ? (serviceOf.get(u.assignmentId) ?? null) : null }))
          .filter(({ u, serviceCode }) => seesTimelineEntry(actor, decision.districtSlug, { ...u, serviceCode }))
          .map(({ u, serviceCode }) => toTimelineEntry(u, serviceCode, author)),
      };
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
