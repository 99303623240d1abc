import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { preparedOn } from '@dsd/db/prepared';
import type { Executor } from '@dsd/db/client';
import { decisions, meetings, organizations, proposals, roleGrants, services, updates, users } from '@dsd/db/schema/index';
import { personActor, proposalChange, sameInEvery, serviceChange } from '../../notifications/messages.ts';
import { announce, type Delivery, deliverMany, type Localized } from '../../notifications/service.ts';
import {
  decisionAudience,
  decisionStakeholders,
  districtCoordinators,
  followers,
  meetingAttendeeChairs,
  serviceHeads,
} from '../../notifications/recipients.ts';
import type { JobPayload } from '../queues.ts';
import { loadAssignment, type ProcessorDeps } from './context.ts';

export type NotifyEvent = Extract<JobPayload<'notifications', 'notify'>, { events: unknown }>['events'][number];

/**
 * Works out who hears about each change of a job (stakeholders, followers, the author) and notifies them, all in one
 * transaction: a burst of changes merged by the relay is one delivery, not one per change. Each change keeps its own
 * dedupe key (its outbox row), so a retried or republished job tells nobody twice.
 */
export async function notify(deps: ProcessorDeps, events: ReadonlyArray<NotifyEvent>) {
  const deliveries: Delivery[] = [];
  for (const { key, ...data } of events) {
    const delivery = await noticeOf(deps.db, data);
    if (delivery) deliveries.push({ ...delivery, dedupeKey: key });
  }
  const created = await deps.db.transaction((tx) => deliverMany(tx, deliveries));
  await announce(deps, created);
}

// Read for every new proposal and decision: built once per database (see @dsd/db/prepared).
const proposalById = preparedOn((db) =>
  db
    .select()
    .from(proposals)
    .where(eq(proposals.id, sql.placeholder('id')))
    .prepare('notify_proposal'),
);
const decisionById = preparedOn((db) =>
  db
    .select()
    .from(decisions)
    .where(eq(decisions.id, sql.placeholder('id')))
    .prepare('notify_decision'),
);

/** Who hears about one change, and what they read. */
async function noticeOf(db: Executor, data: Omit<NotifyEvent, 'key'>): Promise<Omit<Delivery, 'dedupeKey'> | null> {
  let userIds: string[] = [];
  let body = '';
  let link: string | null = null;
  let change: Localized | null = null;
  let actor: Localized | null = null;
  if (data.userId) {
    userIds = [data.userId];
    link = '/login';
  } else if (data.updateId) {
    // A moderated timeline entry: only its author is told, with the coordinator's reason.
    const [u] = await db.select().from(updates).where(eq(updates.id, data.updateId));
    if (!u?.authorId) return null;
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
    if (!a) return null;
    body = a.decisionTitle;
    link = `/decisions/${a.decisionId}`;
    const [service] = await db.select().from(services).where(eq(services.code, a.serviceCode));
    if (service) {
      const name = { ru: service.nameRu, kk: service.nameKk, en: service.nameEn };
      change = serviceChange(data.event, name, a.progress);
      // A chair's confirmation or dispute comes from an organization; everything else from the service.
      actor =
        data.event === 'assignment.reopened' || data.event === 'assignment.confirmed'
          ? ((await lastAuthor(db, eq(updates.assignmentId, a.id))) ?? name)
          : name;
    }
    userIds = [...(await decisionStakeholders(db, a.decisionId)), ...(await followers(db, [{ type: 'decision', id: a.decisionId }]))];
    if (data.event === 'assignment.reopened' || data.event === 'assignment.blocked') userIds.push(...(await serviceHeads(db, a.serviceCode)));
    if (data.event === 'assignment.reopened' && a.officerId) userIds.push(a.officerId);
    if (data.event === 'assignment.officer_assigned') {
      userIds = a.officerId ? [a.officerId] : [];
      link = `/assignments/${a.id}`;
    }
  } else if (data.proposalId) {
    const [p] = await proposalById(db).execute({ id: data.proposalId });
    if (!p) return null;
    body = p.title;
    link = `/proposals/${p.id}`;
    if (data.event === 'proposal.created') userIds = await districtCoordinators(db, p.districtSlug);
    else if (data.event === 'proposal.hidden' || data.event === 'proposal.unhidden') {
      userIds = [p.authorId];
      body = p.hiddenReason ? `${p.title}: ${p.hiddenReason}` : p.title;
    } else {
      userIds = [p.authorId, ...(await followers(db, [{ type: 'proposal', id: p.id }]))];
      if (data.event === 'proposal.status') {
        change = proposalChange(p.status);
        actor = await lastAuthor(db, eq(updates.proposalId, p.id));
      }
    }
  } else if (data.decisionId) {
    const [d] = await decisionById(db).execute({ id: data.decisionId });
    if (!d) return null;
    body = d.title;
    link = `/decisions/${d.id}`;
    // The district's followers hear of a new decision later, with the meeting's others (announce-to-followers.ts).
    userIds = await decisionAudience(db, d);
  } else if (data.meetingId) {
    const [m] = await db.select().from(meetings).where(eq(meetings.id, data.meetingId));
    if (!m) return null;
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
  return { event: data.event, body, link, userIds, change, actor };
}

/** Who wrote the newest timeline entry on a thing: a chair speaks for the organization, staff by name and role. */
async function lastAuthor(db: Executor, on: SQL): Promise<Localized | null> {
  const [row] = await db
    .select({ name: users.name, role: users.role, id: users.id })
    .from(updates)
    .innerJoin(users, eq(users.id, updates.authorId))
    .where(and(on, isNotNull(updates.authorId)))
    .orderBy(desc(updates.createdAt))
    .limit(1);
  if (!row) return null;
  if (row.role === 'chair') {
    const [org] = await db
      .select({ name: organizations.name })
      .from(roleGrants)
      .innerJoin(organizations, eq(organizations.id, roleGrants.organizationId))
      .where(eq(roleGrants.userId, row.id))
      .limit(1);
    if (org) return sameInEvery(org.name);
  }
  return personActor(row.name, row.role);
}
