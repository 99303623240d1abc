import { eq } from 'drizzle-orm';
import { decisions, meetings, proposals, updates } from '@dsd/db/schema/index';
import { announce, deliver } from '../../notifications/service.ts';
import { decisionStakeholders, districtCoordinators, followers, meetingAttendeeChairs, serviceHeads } from '../../notifications/recipients.ts';
import { loadAssignment, type ProcessorDeps } from './context.ts';

/** Works out who hears about a change (stakeholders, followers, the author) and notifies them once per job. */
export async function notify(
  deps: ProcessorDeps,
  data: { event: string; assignmentId?: string; proposalId?: string; meetingId?: string; decisionId?: string; updateId?: string; userId?: string },
  jobId: string,
) {
  const { db } = deps;
  let userIds: string[] = [];
  let body = '';
  let link: string | null = null;
  if (data.userId) {
    userIds = [data.userId];
    link = '/login';
  } else if (data.updateId) {
    // A moderated timeline entry: only its author is told, with the coordinator's reason.
    const [u] = await db.select().from(updates).where(eq(updates.id, data.updateId));
    if (!u?.authorId) return;
    userIds = [u.authorId];
    body = u.hidden && u.hiddenReason ? `${(u.note ?? '').slice(0, 80)}: ${u.hiddenReason}` : (u.note ?? '').slice(0, 80);
    link = u.assignmentId
      ? `/assignments/${u.assignmentId}`
      : u.decisionId
        ? `/decisions/${u.decisionId}`
        : u.proposalId
          ? `/proposals/${u.proposalId}`
          : null;
  } else if (data.assignmentId) {
    const a = await loadAssignment(db, data.assignmentId);
    if (!a) return;
    body = a.decisionTitle;
    link = `/decisions/${a.decisionId}`;
    userIds = [...(await decisionStakeholders(db, a.decisionId)), ...(await followers(db, [{ type: 'decision', id: a.decisionId }]))];
    if (data.event === 'assignment.reopened' || data.event === 'assignment.blocked') userIds.push(...(await serviceHeads(db, a.serviceCode)));
    if (data.event === 'assignment.reopened' && a.officerId) userIds.push(a.officerId);
    if (data.event === 'assignment.officer_assigned') {
      userIds = a.officerId ? [a.officerId] : [];
      link = `/assignments/${a.id}`;
    }
  } else if (data.proposalId) {
    const [p] = await db.select().from(proposals).where(eq(proposals.id, data.proposalId));
    if (!p) return;
    body = p.title;
    link = `/proposals/${p.id}`;
    if (data.event === 'proposal.created') userIds = await districtCoordinators(db, p.districtSlug);
    else if (data.event === 'proposal.hidden' || data.event === 'proposal.unhidden') {
      userIds = [p.authorId];
      body = p.hiddenReason ? `${p.title}: ${p.hiddenReason}` : p.title;
    } else userIds = [p.authorId, ...(await followers(db, [{ type: 'proposal', id: p.id }]))];
  } else if (data.decisionId) {
    const [d] = await db.select().from(decisions).where(eq(decisions.id, data.decisionId));
    if (!d) return;
    body = d.title;
    link = `/decisions/${d.id}`;
    userIds = [
      ...(await decisionStakeholders(db, d.id)),
      ...(await meetingAttendeeChairs(db, d.meetingId)),
      ...(await followers(db, [
        { type: 'district', id: d.districtSlug },
        { type: 'meeting', id: d.meetingId },
      ])),
    ];
  } else if (data.meetingId) {
    const [m] = await db.select().from(meetings).where(eq(meetings.id, data.meetingId));
    if (!m) return;
    body = m.title;
    link = `/meetings/${m.id}`;
    userIds = [
      ...(await meetingAttendeeChairs(db, m.id)),
      ...(await followers(db, [
        { type: 'district', id: m.districtSlug },
        { type: 'meeting', id: m.id },
      ])),
    ];
  }
  const created = await db.transaction((tx) => deliver(tx, { event: data.event, dedupeKey: jobId, body, link, userIds }));
  await announce(deps, created);
}
