import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { insertRows } from '@dsd/db/bulk';
import type { Executor } from '@dsd/db/client';
import { assignments, updates } from '@dsd/db/schema/index';
import { OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';
import { assignmentNotices } from '../../notifications/assignment-notices.ts';
import { announce, type Delivered, deliverMany } from '../../notifications/service.ts';
import { loadAssignment, type ProcessorDeps } from './context.ts';

export type DeadlineNotice = 'reminder' | 'escalation';

/** Assignments told about per statement; a backlog (a worker that was down) drains in rounds of this. */
const SWEEP_BATCH = 500;
const MAX_ROUNDS = 20;

// Written out, not bound: the partial indexes' predicates name these statuses, and PostgreSQL can only match them
// against literals.
const OPEN = sql.raw(`(${OPEN_ASSIGNMENT_STATUSES.map((s) => `'${s}'`).join(',')})`);

/** The key of one notice: the same for a retry, and the same as the delayed jobs that did this before the sweep. */
const noticeKey = (kind: DeadlineNotice, assignmentId: string, dueAt: Date) =>
  `${kind === 'reminder' ? 'rem' : 'esc'}-${assignmentId}-${dueAt.getTime()}`;

interface DueAssignment {
  id: string;
  decisionId: string;
  districtSlug: string;
  serviceCode: string;
  officerId: string | null;
  dueAt: Date;
}

/**
 * The deadline sweep: reminds the officers of open work due within the reminder lead, and escalates work whose due
 * time passed to the service head and the district's coordinators — once per due time. Each assignment remembers the
 * due time it was told about (reminded_for, escalated_for), so a moved deadline is told afresh, finished work never,
 * and the two partial indexes hold only the rows still to tell. The marks and the notices commit together: a retried
 * or overlapping sweep skips what another holds and tells nobody twice.
 *
 * This replaced two delayed BullMQ jobs per assignment (400,000 of them at 200,000 assignments): one indexed query per
 * interval instead.
 */
export async function sweepDeadlines(deps: ProcessorDeps): Promise<{ reminded: number; escalated: number }> {
  const told = { reminded: 0, escalated: 0 };
  for (const kind of ['escalation', 'reminder'] as const) {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { claimed, created } = await deps.db.transaction(async (tx) => {
        const rows = await claimDue(tx, kind, deps.reminderLeadMs);
        return { claimed: rows.length, created: await tellDeadline(tx, kind, rows, { swept: true }) };
      });
      await announce(deps, created);
      told[kind === 'reminder' ? 'reminded' : 'escalated'] += claimed;
      if (claimed < SWEEP_BATCH) break;
    }
  }
  return told;
}

/** Marks up to a batch of assignments told about this kind of notice for their due time, and returns them. */
async function claimDue(tx: Executor, kind: DeadlineNotice, reminderLeadMs: number): Promise<DueAssignment[]> {
  const mark = kind === 'reminder' ? assignments.remindedFor : assignments.escalatedFor;
  const due: SQL =
    kind === 'reminder'
      ? sql`${assignments.dueAt} > now() and ${assignments.dueAt} <= now() + ${reminderLeadMs} * interval '1 millisecond'`
      : sql`${assignments.dueAt} <= now()`;
  const waiting = tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(sql`${mark} is distinct from ${assignments.dueAt}`, sql`${assignments.status} in ${OPEN}`, due))
    .orderBy(asc(assignments.dueAt))
    .limit(SWEEP_BATCH)
    .for('update', { skipLocked: true });
  const rows = await tx
    .update(assignments)
    // Escalated work is past reminding: marked reminded too, so a reminder the clock overtook (a sweep that ran late)
    // does not linger in its index.
    .set(
      kind === 'reminder'
        ? { remindedFor: sql`${assignments.dueAt}` }
        : { escalatedFor: sql`${assignments.dueAt}`, remindedFor: sql`${assignments.dueAt}` },
    )
    .where(inArray(assignments.id, waiting))
    .returning({
      id: assignments.id,
      decisionId: assignments.decisionId,
      districtSlug: assignments.districtSlug,
      serviceCode: assignments.serviceCode,
      officerId: assignments.officerId,
      dueAt: assignments.dueAt,
    });
  return rows.filter((r): r is DueAssignment => r.dueAt !== null);
}

/**
 * The notices themselves: a reminder to the assigned officer (or the service's officers in the district while nobody
 * is assigned), an escalation to the service's heads and the district's coordinators, with an internal note on the
 * assignment's timeline.
 */
async function tellDeadline(
  tx: Executor,
  kind: DeadlineNotice,
  rows: ReadonlyArray<DueAssignment>,
  /** Claimed by the sweep's mark in this transaction, so told once; an old job may run twice and needs the ledger. */
  options: { swept: boolean },
): Promise<Delivered[]> {
  if (rows.length === 0) return [];
  const deliveries = await assignmentNotices(tx, rows, {
    event: kind === 'reminder' ? 'assignment.reminder' : 'assignment.escalation',
    audience: kind === 'reminder' ? 'officers' : 'supervisors',
    dedupeKey: (row) => noticeKey(kind, row.id, row.dueAt),
    once: options.swept,
  });
  const created = await deliverMany(tx, deliveries);
  if (kind === 'escalation' && (options.swept || created.length > 0)) {
    const told = rows.filter((_, i) => deliveries[i]!.userIds.length > 0);
    await insertRows(
      tx,
      updates,
      told.map((row) => ({
        kind: 'note' as const,
        decisionId: row.decisionId,
        assignmentId: row.id,
        districtSlug: row.districtSlug,
        note: 'overdue: escalated to the service head and coordinators',
        visibility: 'internal' as const,
      })),
    );
  }
  return created;
}

/**
 * A reminder or escalation job delayed in BullMQ before the sweep took over, still waiting in Redis after the upgrade:
 * told as the sweep would, under the same key, and marked so the sweep does not tell it again. A job whose deadline
 * moved or whose work is finished is stale.
 */
export async function remindOrEscalate(deps: ProcessorDeps, kind: DeadlineNotice, data: { assignmentId: string; dueAt: string }): Promise<void> {
  const a = await loadAssignment(deps.db, data.assignmentId);
  if (!a?.dueAt || a.dueAt.toISOString() !== data.dueAt || !OPEN_ASSIGNMENT_STATUSES.includes(a.status)) return;
  const row: DueAssignment = { ...a, dueAt: a.dueAt };
  const created = await deps.db.transaction(async (tx) => {
    await tx
      .update(assignments)
      .set(kind === 'reminder' ? { remindedFor: a.dueAt } : { escalatedFor: a.dueAt })
      .where(eq(assignments.id, a.id));
    return tellDeadline(tx, kind, [row], { swept: false });
  });
  await announce(deps, created);
}
