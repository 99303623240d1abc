import { UnrecoverableError, type Job } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { appendAudit } from '@dsd/db/audit-chain';
import { assignments, decisions, meetings, proposals, updates } from '@dsd/db/schema/index';
import { OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';
import type { EventPublisher } from '../../lib/events.ts';
import { announce, deliver } from '../notifications/service.ts';
import type { Mailer } from '../notifications/mailer.ts';
import {
  decisionStakeholders,
  districtCoordinators,
  followers,
  meetingAttendeeChairs,
  serviceHeads,
  serviceOfficers,
} from '../notifications/recipients.ts';
import { JOB_SCHEMAS, type QueueName, type Queues } from './queues.ts';

export interface ProcessorDeps {
  db: Database;
  events: EventPublisher;
  queues: Queues;
  mailer: Mailer | null;
  reminderLeadMs: number;
}

function parse<Q extends QueueName, N extends keyof (typeof JOB_SCHEMAS)[Q]>(queue: Q, job: Job): { name: N; data: unknown } {
  const schemas = JOB_SCHEMAS[queue] as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { message: string } } }>;
  const schema = schemas[job.name];
  if (!schema) throw new UnrecoverableError(`unknown job ${queue}/${job.name}`);
  const parsed = schema.safeParse(job.data);
  // A malformed payload will never succeed: fail it for good, visible in the admin queue view.
  if (!parsed.success) throw new UnrecoverableError(`bad payload for ${queue}/${job.name}: ${parsed.error?.message}`);
  return { name: job.name as N, data: parsed.data };
}

const deadlineJobId = (kind: 'rem' | 'esc', assignmentId: string, dueAt: Date) => `${kind}-${assignmentId}-${dueAt.getTime()}`;

export function createProcessors(deps: ProcessorDeps) {
  const { db, events, queues } = deps;

  async function loadAssignment(id: string) {
    const [row] = await db
      .select({ a: assignments, title: decisions.title, meetingId: decisions.meetingId })
      .from(assignments)
      .innerJoin(decisions, eq(decisions.id, assignments.decisionId))
      .where(eq(assignments.id, id));
    return row ? { ...row.a, decisionTitle: row.title, meetingId: row.meetingId } : null;
  }

  async function scheduleDeadlines(assignmentId: string) {
    const a = await loadAssignment(assignmentId);
    if (!a?.dueAt || !OPEN_ASSIGNMENT_STATUSES.includes(a.status)) return;
    const now = Date.now();
    const due = a.dueAt.getTime();
    const payload = { assignmentId, dueAt: a.dueAt.toISOString() };
    if (due > now) {
      await queues.deadlines.add('reminder', payload, {
        jobId: deadlineJobId('rem', assignmentId, a.dueAt),
        delay: Math.max(0, due - deps.reminderLeadMs - now),
      });
    }
    await queues.deadlines.add('escalation', payload, { jobId: deadlineJobId('esc', assignmentId, a.dueAt), delay: Math.max(0, due - now) });
  }

  async function dispatch(assignmentId: string, jobId: string) {
    const result = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(assignments)
        .set({ status: 'dispatched', dispatchedAt: new Date(), version: sql`${assignments.version} + 1`, updatedAt: new Date() })
        .where(and(eq(assignments.id, assignmentId), eq(assignments.status, 'queued')))
        .returning();
      // Already dispatched (a retry after a crash) or cancelled meanwhile: nothing to do, nothing twice.
      if (!row) return null;
      await tx.insert(updates).values({ kind: 'status', decisionId: row.decisionId, assignmentId, fromStatus: 'queued', toStatus: 'dispatched' });
      await appendAudit(tx, {
        actorId: null,
        actorRole: 'system',
        action: 'assignment.dispatched',
        entityType: 'assignment',
        entityId: assignmentId,
        before: { status: 'queued', version: row.version - 1 },
        after: { status: 'dispatched', version: row.version, serviceCode: row.serviceCode },
      });
      const [decision] = await tx.select({ title: decisions.title }).from(decisions).where(eq(decisions.id, row.decisionId));
      const recipients = row.officerId ? [row.officerId] : await serviceOfficers(tx, row.serviceCode, row.districtSlug);
      const created = await deliver(tx, {
        event: 'assignment.dispatched',
        dedupeKey: jobId,
        body: decision?.title ?? '',
        link: `/assignments/${assignmentId}`,
        userIds: recipients,
      });
      return { row, created };
    });
    await scheduleDeadlines(assignmentId);
    if (result) {
      const { row } = result;
      await events.publish({
        channels: [`district:${row.districtSlug}`, `assignment:${row.id}`, `decision:${row.decisionId}`],
        event: {
          kind: 'assignment.updated',
          id: row.id,
          districtSlug: row.districtSlug,
          status: row.status,
          progress: row.progress,
          at: new Date().toISOString(),
        },
      });
      await announce(deps, result.created);
    }
  }

  async function deadline(kind: 'reminder' | 'escalation', data: { assignmentId: string; dueAt: string }, jobId: string) {
    const a = await loadAssignment(data.assignmentId);
    // The deadline moved (a newer job carries it) or the work is finished: this job is stale.
    if (!a?.dueAt || a.dueAt.toISOString() !== data.dueAt || !OPEN_ASSIGNMENT_STATUSES.includes(a.status)) return;
    const recipients =
      kind === 'reminder'
        ? a.officerId
          ? [a.officerId]
          : await serviceOfficers(db, a.serviceCode, a.districtSlug)
        : [...(await serviceHeads(db, a.serviceCode)), ...(await districtCoordinators(db, a.districtSlug))];
    const created = await db.transaction(async (tx) => {
      const fresh = await deliver(tx, {
        event: kind === 'reminder' ? 'assignment.reminder' : 'assignment.escalation',
        dedupeKey: jobId,
        body: a.decisionTitle,
        link: `/assignments/${a.id}`,
        userIds: recipients,
      });
      if (kind === 'escalation' && fresh.length > 0) {
        await tx.insert(updates).values({
          kind: 'note',
          decisionId: a.decisionId,
          assignmentId: a.id,
          note: 'overdue: escalated to the service head and coordinators',
          visibility: 'internal',
        });
      }
      return fresh;
    });
    await announce(deps, created);
  }

  async function notify(
    data: { event: string; assignmentId?: string; proposalId?: string; meetingId?: string; decisionId?: string; updateId?: string },
    jobId: string,
  ) {
    let userIds: string[] = [];
    let body = '';
    let link: string | null = null;
    if (data.updateId) {
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
      const a = await loadAssignment(data.assignmentId);
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

  return {
    async assignments(job: Job) {
      const { name, data } = parse('assignments', job);
      const { assignmentId } = data as { assignmentId: string };
      if (name === 'dispatch') await dispatch(assignmentId, job.id!);
      else await scheduleDeadlines(assignmentId);
    },
    async deadlines(job: Job) {
      const { name, data } = parse('deadlines', job);
      await deadline(name as 'reminder' | 'escalation', data as { assignmentId: string; dueAt: string }, job.id!);
    },
    async notifications(job: Job) {
      const { data } = parse('notifications', job);
      await notify(data as Parameters<typeof notify>[0], job.id!);
    },
  };
}
