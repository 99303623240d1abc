import { insertRows } from '@dsd/db/bulk';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { assignments, decisionProposals, meetings, organizations, proposals, supports, updates } from '@dsd/db/schema/index';
import type { Category } from '@dsd/shared/enums';
import { categoryRule } from '../reference/routing.ts';
import type { CreateProposalBody, ProposalView, UpdateProposalBody } from '@dsd/shared/proposals';
import { proposalMachine, type ProposalStatus } from '@dsd/shared/status-machines';
import { coordinates, ensure, readsTips, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { Conflict, FieldError, NotFound } from '../../lib/errors.ts';
import { iso } from '../../lib/dates.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { checkTransition, checkVersion, expectOneRow } from '../../lib/transition.ts';
import { shownToPublic } from '../assignments/views.ts';

type ProposalRow = typeof proposals.$inferSelect;
type Row = ProposalRow & { orgName: string | null; orgType: 'KSK' | 'OSI' | 'PKSK' | null; authorRole: string };

/** About 100 m: the public sees where, not which door. */
const blur = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

export function createProposalService(deps: ChangeDeps) {
  const { db } = deps;
  const selection = {
    p: proposals,
    orgName: organizations.name,
    orgType: organizations.type,
    authorRole: sql<string>`(select role from users u where u.id = ${proposals.authorId})`,
  };

  async function fetchRows(where: SQL | undefined, limit?: number, order = newestFirst(proposals.createdAt, proposals.id)): Promise<Row[]> {
    const q = db
      .select(selection)
      .from(proposals)
      .leftJoin(organizations, eq(organizations.id, proposals.organizationId))
      .where(where)
      .orderBy(...order);
    const rows = limit ? await q.limit(limit) : await q;
    return rows.map((r) => ({ ...r.p, orgName: r.orgName, orgType: r.orgType, authorRole: r.authorRole }));
  }

  async function getRow(id: string): Promise<ProposalRow> {
    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    if (!row) throw new NotFound('Proposal');
    return row;
  }

  /** Services with an assignment on a decision that this proposal led to: their officers may read the tip's details. */
  async function assignedServices(proposalIds: string[]): Promise<Map<string, Set<string>>> {
    const map = new Map<string, Set<string>>();
    if (proposalIds.length === 0) return map;
    const rows = await db
      .selectDistinct({ proposalId: decisionProposals.proposalId, service: assignments.serviceCode })
      .from(decisionProposals)
      .innerJoin(assignments, eq(assignments.decisionId, decisionProposals.decisionId))
      .where(inArray(decisionProposals.proposalId, proposalIds));
    for (const r of rows) {
      if (!map.has(r.proposalId)) map.set(r.proposalId, new Set());
      map.get(r.proposalId)!.add(r.service);
    }
    return map;
  }

  function canSeeHidden(actor: Actor | null, row: ProposalRow) {
    return !!actor && (coordinates(actor, row.districtSlug) || actor.id === row.authorId);
  }

  /** `fresh`: rows this request just created, which no one has supported and no decision cites yet. */
  async function toViews(actor: Actor | null, rows: Row[], { fresh = false } = {}): Promise<ProposalView[]> {
    const ids = fresh ? [] : rows.map((r) => r.id);
    const [mySupports, services] = await Promise.all([
      actor && ids.length > 0
        ? db
            .select({ id: supports.proposalId })
            .from(supports)
            .where(and(eq(supports.userId, actor.id), inArray(supports.proposalId, ids)))
        : Promise.resolve([]),
      ids.length > 0 && rows.some((r) => r.confidentialDetails) ? assignedServices(ids) : Promise.resolve(new Map<string, Set<string>>()),
    ]);
    const supported = new Set(mySupports.map((s) => s.id));
    return rows.map((r) => {
      const mine = !!actor && actor.id === r.authorId;
      const precise = mine || (!!actor && coordinates(actor, r.districtSlug));
      const mayReadTip = mine || readsTips(actor, r.districtSlug, services.get(r.id) ?? []);
      const view: ProposalView = {
        id: r.id,
        districtSlug: r.districtSlug,
        category: r.category,
        title: r.title,
        body: r.body,
        status: r.status,
        author:
          r.organizationId && r.orgName && r.orgType
            ? { kind: 'organization', organization: { id: r.organizationId, name: r.orgName, type: r.orgType } }
            : r.authorRole === 'resident'
              ? { kind: 'resident' }
              : { kind: 'police' },
        meetingId: r.meetingId,
        address: r.address,
        lat: precise ? r.lat : blur(r.lat),
        lng: precise ? r.lng : blur(r.lng),
        supportCount: r.supportCount,
        supportedByMe: supported.has(r.id),
        mine,
        reason: r.reason,
        answer: r.answer,
        mergedInto: r.mergedIntoId,
        hidden: r.hidden,
        hiddenReason: canSeeHidden(actor, r) ? r.hiddenReason : null,
        version: r.version,
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
      };
      if (r.confidentialDetails && mayReadTip) view.confidentialDetails = r.confidentialDetails;
      return view;
    });
  }

  /** Hidden proposals stay visible to their author and the district's coordinators only. */
  function visibility(actor: Actor | null): SQL | undefined {
    if (actor?.role === 'admin') return undefined;
    const own = actor ? eq(proposals.authorId, actor.id) : undefined;
    const coordinated = actor?.role === 'coordinator' && actor.districts.length > 0 ? inArray(proposals.districtSlug, actor.districts) : undefined;
    return or(eq(proposals.hidden, false), own, coordinated);
  }

  async function view(actor: Actor | null, id: string): Promise<ProposalView> {
    const [row] = await fetchRows(and(eq(proposals.id, id), visibility(actor)));
    if (!row) throw new NotFound('Proposal');
    return (await toViews(actor, [row]))[0]!;
  }

  async function notifyAndBroadcast(changes: Parameters<Parameters<typeof recordChanges>[2]>[0], row: ProposalRow, event: string) {
    await changes.outbox({ queue: 'notifications', name: 'notify', payload: { event, proposalId: row.id } });
    const channels = [`district:${row.districtSlug}`, `proposal:${row.id}`];
    if (row.meetingId) channels.push(`meeting:${row.meetingId}`);
    changes.live(channels, {
      kind: event === 'proposal.created' ? 'proposal.created' : 'proposal.updated',
      id: row.id,
      districtSlug: row.districtSlug,
      status: row.status,
    });
  }

  return {
    getRow,
    toViews,
    fetchRows,
    view,

    async list(
      actor: Actor | null,
      q: {
        district?: string;
        category?: Category;
        status?: ProposalStatus;
        meetingId?: string;
        mine?: 'true' | 'false';
        limit: number;
        cursor?: string;
      },
    ) {
      const rows = await fetchRows(
        and(
          visibility(actor),
          q.district ? eq(proposals.districtSlug, q.district) : undefined,
          q.category ? eq(proposals.category, q.category) : undefined,
          q.status ? eq(proposals.status, q.status) : undefined,
          q.meetingId ? eq(proposals.meetingId, q.meetingId) : undefined,
          q.mine === 'true'
            ? actor?.role === 'chair' && actor.organization
              ? or(eq(proposals.authorId, actor.id), eq(proposals.organizationId, actor.organization.id))
              : eq(proposals.authorId, actor?.id ?? '00000000-0000-0000-0000-000000000000')
            : undefined,
          cursorCondition(q.cursor, proposals.createdAt, proposals.id),
        ),
        q.limit + 1,
      );
      const page = toPage(rows, q.limit, (r) => r);
      return { items: await toViews(actor, page.items), nextCursor: page.nextCursor };
    },

    async detail(actor: Actor | null, id: string) {
      const base = await view(actor, id);
      const history = await db
        .select({ fromStatus: updates.fromStatus, toStatus: updates.toStatus, note: updates.note, at: updates.createdAt })
        .from(updates)
        .where(and(eq(updates.proposalId, id), eq(updates.visibility, 'public'), shownToPublic))
        .orderBy(asc(updates.createdAt));
      return {
        ...base,
        history: history.map((h) => ({ ...h, at: iso(h.at) })),
      };
    },

    async create(actor: Actor, input: CreateProposalBody) {
      const asChair = actor.role === 'chair';
      ensure(
        actor.role === 'resident' || asChair || coordinates(actor, input.districtSlug),
        'Residents, chairs and the district’s coordinators submit proposals',
      );
      if (asChair) {
        ensure(
          !!actor.organization && actor.organization.districtSlug === input.districtSlug,
          'A chair submits proposals for the organization’s own district',
        );
      }
      const category = await categoryRule(db, input.category);
      if (!category.active) throw new FieldError('body.category', 'this category is retired', 'unknown_reference');
      if (input.confidentialDetails && !category.sensitive) {
        throw new FieldError('body.confidentialDetails', 'only drug and migration tips carry confidential details', 'not_a_tip');
      }
      if ((input.lat === undefined) !== (input.lng === undefined))
        throw new FieldError('body.lat', 'give both lat and lng or neither', 'both_coordinates');
      if (input.meetingId) {
        const [meeting] = await db
          .select({ districtSlug: meetings.districtSlug, status: meetings.status })
          .from(meetings)
          .where(eq(meetings.id, input.meetingId));
        if (!meeting) throw new FieldError('body.meetingId', 'no such meeting', 'unknown_reference');
        if (meeting.districtSlug !== input.districtSlug)
          throw new FieldError('body.meetingId', 'the meeting is in another district', 'other_district');
        if (meeting.status === 'closed' || meeting.status === 'cancelled')
          throw new Conflict(`The meeting is ${meeting.status}; it takes no more proposals`);
      }
      const created = await recordChanges(deps, actor, async (changes) => {
        const [row] = await insertRows(
          changes.tx,
          proposals,
          [
            {
              districtSlug: input.districtSlug,
              category: input.category,
              title: input.title,
              body: input.body,
              authorId: actor.id,
              organizationId: asChair ? actor.organization!.id : null,
              meetingId: input.meetingId ?? null,
              address: input.address ?? null,
              lat: input.lat ?? null,
              lng: input.lng ?? null,
              confidentialDetails: input.confidentialDetails ?? null,
            },
          ],
          { returning: true },
        );
        await changes.timeline({ kind: 'status', proposalId: row!.id, districtSlug: row!.districtSlug, toStatus: 'submitted' });
        // The tip's details never enter the audit's copy: the log is readable by admins who are not its audience.
        await changes.audit({
          action: 'proposal.created',
          entityType: 'proposal',
          entityId: row!.id,
          after: { ...row!, confidentialDetails: row!.confidentialDetails ? '[confidential]' : null },
        });
        await notifyAndBroadcast(changes, row!, 'proposal.created');
        return row!;
      });
      // The row the insert returned is the whole answer: no second read of what was just written.
      const organization = asChair ? actor.organization! : null;
      const [createdView] = await toViews(
        actor,
        [{ ...created, orgName: organization?.name ?? null, orgType: (organization?.type ?? null) as Row['orgType'], authorRole: actor.role }],
        {
          fresh: true,
        },
      );
      return createdView!;
    },

    /** The author corrects a proposal until review starts; after that the text is what was reviewed. */
    async update(actor: Actor, id: string, input: UpdateProposalBody) {
      const current = await getRow(id);
      ensure(current.authorId === actor.id, 'Only the author edits a proposal');
      if (current.status !== 'submitted') throw new Conflict(`The proposal is ${current.status}; only a submitted proposal is edited`);
      checkVersion('proposal', current, input.version);
      const category = input.category ?? current.category;
      const details = input.confidentialDetails === undefined ? current.confidentialDetails : input.confidentialDetails;
      const rule = await categoryRule(db, category);
      if (input.category && input.category !== current.category && !rule.active) {
        throw new FieldError('body.category', 'this category is retired', 'unknown_reference');
      }
      if (details && !rule.sensitive) {
        throw new FieldError('body.confidentialDetails', 'only drug and migration tips carry confidential details', 'not_a_tip');
      }
      const lat = input.lat === undefined ? current.lat : input.lat;
      const lng = input.lng === undefined ? current.lng : input.lng;
      if ((lat === null) !== (lng === null)) throw new FieldError('body.lat', 'give both lat and lng or neither', 'both_coordinates');
      await recordChanges(deps, actor, async (changes) => {
        const row = expectOneRow(
          'proposal',
          await changes.tx
            .update(proposals)
            .set({
              category,
              title: input.title ?? current.title,
              body: input.body ?? current.body,
              address: input.address === undefined ? current.address : input.address || null,
              lat,
              lng,
              confidentialDetails: details || null,
              version: sql`${proposals.version} + 1`,
              updatedAt: new Date(),
            })
            .where(and(eq(proposals.id, id), eq(proposals.version, input.version)))
            .returning(),
        );
        await changes.audit({
          action: 'proposal.edited',
          entityType: 'proposal',
          entityId: id,
          before: { title: current.title, category: current.category, version: current.version },
          after: { title: row.title, category: row.category, version: row.version },
        });
        changes.live([`district:${row.districtSlug}`, `proposal:${row.id}`], {
          kind: 'proposal.updated',
          id: row.id,
          districtSlug: row.districtSlug,
          status: row.status,
        });
      });
      return view(actor, id);
    },

    async transition(
      actor: Actor,
      id: string,
      input: { to: ProposalStatus; reason?: string; answer?: string; mergedInto?: string; version: number },
    ) {
      const current = await getRow(id);
      if (input.to === 'withdrawn') ensure(current.authorId === actor.id, 'Only the author can withdraw a proposal');
      else ensure(coordinates(actor, current.districtSlug), 'Only a coordinator of this district reviews its proposals');
      checkTransition('proposal', proposalMachine, current, input.to, input.version);
      if (input.to === 'rejected' && !input.reason) throw new FieldError('body.reason', 'a reason is required to reject a proposal', 'required');
      if (input.to === 'merged') {
        if (!input.mergedInto) throw new FieldError('body.mergedInto', 'name the proposal this one merges into', 'required');
        if (input.mergedInto === id) throw new FieldError('body.mergedInto', 'a proposal cannot merge into itself', 'invalid');
        const [target] = await db
          .select({ districtSlug: proposals.districtSlug, status: proposals.status })
          .from(proposals)
          .where(eq(proposals.id, input.mergedInto));
        if (!target || target.districtSlug !== current.districtSlug)
          throw new FieldError('body.mergedInto', 'no such proposal in this district', 'unknown_reference');
        if (['merged', 'withdrawn', 'rejected'].includes(target.status)) throw new Conflict(`The target proposal is ${target.status}`);
      }
      await recordChanges(deps, actor, async (changes) => {
        const row = expectOneRow(
          'proposal',
          await changes.tx
            .update(proposals)
            .set({
              status: input.to,
              reason: input.reason ?? current.reason,
              answer: input.answer ?? current.answer,
              mergedIntoId: input.to === 'merged' ? input.mergedInto! : current.mergedIntoId,
              version: sql`${proposals.version} + 1`,
              updatedAt: new Date(),
            })
            .where(and(eq(proposals.id, id), eq(proposals.version, input.version)))
            .returning(),
        );
        await changes.timeline({
          kind: 'status',
          proposalId: id,
          fromStatus: current.status,
          toStatus: input.to,
          note: input.answer ?? input.reason ?? null,
        });
        await changes.audit({
          action: `proposal.${input.to}`,
          entityType: 'proposal',
          entityId: id,
          before: { status: current.status, version: current.version },
          after: { status: row.status, version: row.version, reason: row.reason, answer: row.answer, mergedInto: row.mergedIntoId },
        });
        await notifyAndBroadcast(changes, row, 'proposal.status');
      });
      return view(actor, id);
    },

    async support(actor: Actor, id: string, on: boolean) {
      const current = await getRow(id);
      if (current.hidden) throw new NotFound('Proposal');
      if (current.authorId === actor.id) throw new Conflict('Authors do not support their own proposals');
      if (on && ['withdrawn', 'rejected', 'merged'].includes(current.status)) throw new Conflict(`The proposal is ${current.status}`);
      return recordChanges(deps, actor, async (changes) => {
        const changed = on
          ? await changes.tx
              .insert(supports)
              .values({ proposalId: id, userId: actor.id })
              .onConflictDoNothing()
              .returning({ id: supports.proposalId })
          : await changes.tx
              .delete(supports)
              .where(and(eq(supports.proposalId, id), eq(supports.userId, actor.id)))
              .returning({ id: supports.proposalId });
        let supportCount = current.supportCount;
        if (changed.length > 0) {
          const [row] = await changes.tx
            .update(proposals)
            .set({ supportCount: sql`${proposals.supportCount} + ${on ? 1 : -1}` })
            .where(eq(proposals.id, id))
            .returning({ supportCount: proposals.supportCount });
          supportCount = row!.supportCount;
          await changes.audit({
            action: on ? 'proposal.supported' : 'proposal.unsupported',
            entityType: 'proposal',
            entityId: id,
            after: { supportCount },
          });
          changes.live([`proposal:${id}`, `district:${current.districtSlug}`], {
            kind: 'proposal.updated',
            id,
            districtSlug: current.districtSlug,
            status: current.status,
          });
        } else {
          const [row] = await changes.tx.select({ supportCount: proposals.supportCount }).from(proposals).where(eq(proposals.id, id));
          supportCount = row!.supportCount;
        }
        return { supportCount, supportedByMe: on };
      });
    },

    async moderate(actor: Actor, id: string, input: { hidden: boolean; reason?: string }) {
      const current = await getRow(id);
      ensure(coordinates(actor, current.districtSlug), 'Only a coordinator of this district moderates its proposals');
      if (input.hidden && !input.reason) throw new FieldError('body.reason', 'say why the proposal is hidden', 'required');
      await recordChanges(deps, actor, async (changes) => {
        const [row] = await changes.tx
          .update(proposals)
          .set({
            hidden: input.hidden,
            hiddenReason: input.hidden ? input.reason! : null,
            version: sql`${proposals.version} + 1`,
            updatedAt: new Date(),
          })
          .where(eq(proposals.id, id))
          .returning();
        await changes.timeline({
          kind: 'note',
          proposalId: id,
          note: input.hidden ? `hidden: ${input.reason}` : 'shown again',
          visibility: 'internal',
        });
        await changes.audit({
          action: input.hidden ? 'proposal.hidden' : 'proposal.unhidden',
          entityType: 'proposal',
          entityId: id,
          before: { hidden: current.hidden },
          after: { hidden: input.hidden, reason: input.reason ?? null },
        });
        await changes.outbox({
          queue: 'notifications',
          name: 'notify',
          payload: { event: input.hidden ? 'proposal.hidden' : 'proposal.unhidden', proposalId: id },
        });
        changes.live([`district:${row!.districtSlug}`, `proposal:${id}`], {
          kind: 'proposal.updated',
          id,
          districtSlug: row!.districtSlug,
          status: row!.status,
        });
      });
      return view(actor, id);
    },
  };
}

export type ProposalService = ReturnType<typeof createProposalService>;
