import { and, eq, sql } from 'drizzle-orm';
import { assignments } from '@dsd/db/schema/index';
import type { AssignmentStatus } from '@dsd/shared/status-machines';
import type { Actor } from '../../lib/access.ts';
import type { ChangeRecorder } from '../../lib/changes.ts';
import { expectOneRow } from '../../lib/transition.ts';
import { assignmentChanged } from './changed.ts';

type AssignmentRecord = typeof assignments.$inferSelect;
export type MoveExtra = { note?: string; reason?: string; progress?: number; contribution?: number; confirmation?: 'disputed' | null };

const TAKES_UP: readonly AssignmentStatus[] = ['accepted', 'in_progress', 'done'];

/**
 * The writes of one assignment status change inside the caller's change (the transition itself is checked by the
 * caller with checkTransition): the row, conditional on its version, its timeline entry, audit, notifications, the
 * reminder schedule and the decision's read model. Used by the assignment service and by changes that move several
 * assignments at once (a promise dropped at a meeting).
 */
export async function writeMove(
  changes: ChangeRecorder,
  actor: Pick<Actor, 'id' | 'role'> | null,
  row: AssignmentRecord,
  to: AssignmentStatus,
  expectedVersion: number,
  extra: MoveExtra = {},
): Promise<AssignmentRecord> {
  const progress = to === 'done' ? 100 : (extra.progress ?? row.progress);
  const now = new Date();
  const updated = expectOneRow(
    'assignment',
    await changes.tx
      .update(assignments)
      .set({
        status: to,
        progress,
        contribution: extra.contribution ?? row.contribution,
        blockedReason: to === 'blocked' ? (extra.reason ?? extra.note ?? null) : null,
        confirmation: to === 'reopened' ? 'disputed' : to === 'done' ? null : row.confirmation,
        // The officer who takes up unassigned work holds it from then on: the board shows who, and a dispute
        // of the work reaches that officer.
        officerId: row.officerId ?? (actor?.role === 'officer' && TAKES_UP.includes(to) ? actor.id : null),
        doneAt: to === 'done' ? now : row.doneAt,
        version: sql`${assignments.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(assignments.id, row.id), eq(assignments.version, expectedVersion)))
      .returning(),
  );
  changes.timeline({
    kind: to === 'reopened' ? 'dispute' : 'status',
    decisionId: row.decisionId,
    assignmentId: row.id,
    districtSlug: row.districtSlug,
    fromStatus: row.status,
    toStatus: to,
    note: extra.reason ?? extra.note ?? null,
    progress: progress !== row.progress ? progress : null,
  });
  changes.audit({
    action: `assignment.${to}`,
    entityType: 'assignment',
    entityId: row.id,
    before: { status: row.status, version: row.version, progress: row.progress },
    after: { status: updated.status, version: updated.version, progress: updated.progress, contribution: updated.contribution },
  });
  changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: `assignment.${to}`, assignmentId: row.id } });
  await assignmentChanged(changes, updated);
  return updated;
}

/**
 * A new deadline for one assignment inside the caller's change, conditional on its version: the overdue flag follows
 * from the row's trigger, and the deadline sweep reminds and escalates at the new time (it compares due_at with the
 * time it last told).
 */
export async function writeDueDate(
  changes: ChangeRecorder,
  row: AssignmentRecord,
  dueAt: Date | null,
  expectedVersion: number,
  options: { announce?: boolean } = {},
): Promise<AssignmentRecord> {
  const updated = expectOneRow(
    'assignment',
    await changes.tx
      .update(assignments)
      .set({ dueAt, version: sql`${assignments.version} + 1`, updatedAt: new Date() })
      .where(and(eq(assignments.id, row.id), eq(assignments.version, expectedVersion)))
      .returning(),
  );
  changes.timeline({
    kind: 'note',
    decisionId: row.decisionId,
    assignmentId: row.id,
    districtSlug: row.districtSlug,
    note: `due ${dueAt ? dueAt.toISOString() : 'removed'}`,
  });
  changes.audit({ action: 'assignment.rescheduled', entityType: 'assignment', entityId: row.id, before: { dueAt: row.dueAt }, after: { dueAt } });
  if (options.announce !== false) await assignmentChanged(changes, updated);
  return updated;
}

/**
 * A progress report's writes inside the caller's change, conditional on the version: the row's progress and
 * contribution and the audit row (the caller writes the timeline entry, which may carry a note or evidence).
 */
export async function writeProgress(
  changes: ChangeRecorder,
  row: AssignmentRecord,
  input: { progress?: number; contribution?: number },
  expectedVersion: number,
): Promise<AssignmentRecord> {
  const updated = expectOneRow(
    'assignment',
    await changes.tx
      .update(assignments)
      .set({
        progress: input.progress ?? row.progress,
        contribution: input.contribution ?? row.contribution,
        version: sql`${assignments.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(assignments.id, row.id), eq(assignments.version, expectedVersion)))
      .returning(),
  );
  changes.audit({
    action: 'assignment.progress',
    entityType: 'assignment',
    entityId: row.id,
    before: { progress: row.progress, contribution: row.contribution, version: row.version },
    after: { progress: updated.progress, contribution: updated.contribution, version: updated.version },
  });
  return updated;
}
