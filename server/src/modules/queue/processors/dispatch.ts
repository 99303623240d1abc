import { inList } from '@dsd/db/bulk';
import { and, eq, sql } from 'drizzle-orm';
import { assignments } from '@dsd/db/schema/index';
import { recordChanges } from '../../../lib/changes.ts';
import { assignmentsChanged } from '../../assignments/changed.ts';
import { announce, deliverMany } from '../../notifications/service.ts';
import { assignmentNotices } from '../../notifications/assignment-notices.ts';
import type { ProcessorDeps } from './context.ts';

/**
 * Hands a decision's new assignments to their services, all in one transaction: queued → dispatched (only once: a
 * retry after a crash finds nothing queued), timeline and audit rows, the officers' notifications; after commit the
 * same live events as every other assignment change. Reminders and escalations need nothing from here: the deadline
 * sweep reads due_at.
 */
export async function dispatchAssignments(deps: ProcessorDeps, assignmentIds: string[]): Promise<number> {
  const result = await recordChanges(deps, null, async (changes) => {
    const now = new Date();
    const rows = await changes.tx
      .update(assignments)
      .set({ status: 'dispatched', dispatchedAt: now, version: sql`${assignments.version} + 1`, updatedAt: now })
      .where(and(inList(assignments.id, assignmentIds), eq(assignments.status, 'queued')))
      .returning();
    if (rows.length === 0) return null;
    for (const row of rows) {
      changes.timeline({
        kind: 'status',
        decisionId: row.decisionId,
        assignmentId: row.id,
        districtSlug: row.districtSlug,
        fromStatus: 'queued',
        toStatus: 'dispatched',
      });
      changes.audit({
        action: 'assignment.dispatched',
        entityType: 'assignment',
        entityId: row.id,
        before: { status: 'queued', version: row.version - 1 },
        after: { status: 'dispatched', version: row.version, serviceCode: row.serviceCode },
      });
    }
    const deliveries = await assignmentNotices(changes.tx, rows, {
      event: 'assignment.dispatched',
      audience: 'officers',
      // One notification per (assignment, officer): told with the one change queued → dispatched.
      dedupeKey: (row) => `dispatch-${row.id}`,
      once: true,
    });
    const created = await deliverMany(changes.tx, deliveries);
    await assignmentsChanged(changes, rows);
    return { rows, created };
  });
  if (result) await announce(deps, result.created);
  return result?.rows.length ?? 0;
}
