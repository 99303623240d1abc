import { assignmentMachine, meetingMachine, proposalMachine } from '@dsd/shared/status-machines';
import * as t from '../../schema/index.ts';
import { HELD_ELSEWHERE } from '../data/other-meetings.ts';
import { PROGRESS_NOTES, REFERENCE_DECISIONS } from '../data/reference-meeting.ts';
import { statusPath, versionAt, type SeedContext } from './context.ts';

/** The reference meeting's decisions and instructions, one assignment per service, each with its status history. */
export async function seedReferenceDecisions(ctx: SeedContext, meetingId: string, proposalIds: Record<string, string>, coordinator: string) {
  for (const d of REFERENCE_DECISIONS) {
    const dueAt = ctx.at(d.dueInDays, 18);
    const [decision] = await ctx.tx
      .insert(t.decisions)
      .values({
        meetingId,
        districtSlug: 'auezov',
        kind: d.kind,
        category: d.category,
        title: d.title,
        description: d.description,
        targetValue: d.target?.[0] ?? null,
        targetUnit: d.target?.[1] ?? null,
        targetMetric: d.target?.[2] ?? null,
        dueAt,
        createdBy: coordinator,
        createdAt: ctx.at(-41),
      })
      .returning({ id: t.decisions.id });
    const decisionId = decision!.id;
    await ctx.tx.insert(t.decisionProposals).values(d.proposals.map((k) => ({ decisionId, proposalId: proposalIds[k]! })));
    for (const a of d.assignments) {
      const officerId = a.officer ? ctx.user(a.officer) : null;
      const path = statusPath(assignmentMachine, 'queued', a.status);
      const [assignment] = await ctx.tx
        .insert(t.assignments)
        .values({
          decisionId,
          districtSlug: 'auezov',
          serviceCode: a.service,
          officerId,
          status: a.status,
          dueAt: a.dueInDays === undefined ? dueAt : ctx.at(a.dueInDays, 18),
          progress: a.progress ?? 0,
          contribution: a.contribution ?? null,
          version: 1 + path.length,
          dispatchedAt: ctx.at(-41, 12),
          doneAt: a.status === 'done' ? ctx.at(-5) : null,
          createdAt: ctx.at(-41),
          updatedAt: ctx.at(-5),
        })
        .returning({ id: t.assignments.id });
      let from = 'queued';
      await ctx.tx.insert(t.updates).values(
        path.map((to, i) => {
          const entry = {
            kind: 'status' as const,
            decisionId,
            assignmentId: assignment!.id,
            // The queue dispatches; people do the rest.
            authorId: to === 'dispatched' ? null : officerId,
            fromStatus: from,
            toStatus: to,
            progress: to === 'done' ? 100 : null,
            createdAt: ctx.at(-41 + i * 3, 12),
          };
          from = to;
          return entry;
        }),
      );
      if (a.progress && a.status === 'in_progress') {
        await ctx.tx.insert(t.updates).values({
          kind: 'progress',
          decisionId,
          assignmentId: assignment!.id,
          authorId: officerId,
          progress: a.progress,
          note: PROGRESS_NOTES[a.service] ?? 'Работа ведётся.',
          createdAt: ctx.at(-6, 16),
        });
      }
    }
  }
}

/** Meetings held ten days ago in three other districts; Almaly's is closed with a decision for its inspectors. */
export async function seedHeldElsewhere(ctx: SeedContext, resident: string, coordinator: string) {
  for (const h of HELD_ELSEWHERE) {
    const status = h.closed ? 'closed' : 'held';
    const [m] = await ctx.tx
      .insert(t.meetings)
      .values({
        districtSlug: h.district,
        title: 'Встреча с активом жилых комплексов',
        startsAt: ctx.at(-10, 15),
        format: 'in_person',
        place: 'Районное управление полиции',
        status,
        version: versionAt(meetingMachine, 'planned', status),
        minutes: h.closed ? 'Обсуждены освещение дворов и безопасность на дорогах у школ.' : null,
        createdBy: coordinator,
      })
      .returning({ id: t.meetings.id });
    const districtOrgs = ctx.orgs.filter((o) => o.districtSlug === h.district);
    await ctx.tx.insert(t.meetingAttendees).values(districtOrgs.map((o) => ({ meetingId: m!.id, organizationId: o.id })));
    const proposalStatus = h.closed ? 'accepted' : 'submitted';
    await ctx.tx.insert(t.proposals).values({
      districtSlug: h.district,
      category: h.proposal.category,
      meetingId: m!.id,
      title: h.proposal.title,
      body: 'Жители просят рассмотреть вопрос на встрече.',
      authorId: resident,
      status: proposalStatus,
      version: versionAt(proposalMachine, 'submitted', proposalStatus),
      answer: h.closed ? 'Принято, передано участковым инспекторам.' : null,
    });
    if (!h.closed) continue;
    const [decision] = await ctx.tx
      .insert(t.decisions)
      .values({
        meetingId: m!.id,
        districtSlug: h.district,
        kind: 'decision',
        category: 'lighting',
        title: 'Обследовать неосвещённые дворы совместно с акиматом',
        dueAt: ctx.at(25, 18),
        createdBy: coordinator,
      })
      .returning({ id: t.decisions.id });
    await ctx.tx.insert(t.assignments).values({
      decisionId: decision!.id,
      districtSlug: h.district,
      serviceCode: 'district_inspectors',
      status: 'accepted',
      dueAt: ctx.at(25, 18),
      version: versionAt(assignmentMachine, 'queued', 'accepted'),
      dispatchedAt: ctx.at(-9),
    });
  }
}
