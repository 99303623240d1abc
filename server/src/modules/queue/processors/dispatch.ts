import { inList } from '@dsd/db/bulk';
import { and, eq, sql } from 'drizzle-orm';
import { assignments, decisions } from '@dsd/db/schema/index';
import { recordChanges } from '../../../lib/changes.ts';
import { assignmentsChanged } from '../../assignments/changed.ts';
import { announce, deliverMany } from '../../notifications/service.ts';
import { serviceOfficers } from '../../notifications/recipients.ts';
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
    const titles = await changes.tx
      .select({ id: decisions.id, title: decisions.title })
      .from(decisions)
      .where(inList(decisions.id, [...new Set(rows.map((r) => r.decisionId))]));
    const officersOf = new Map<string, Promise<string[]>>();
    for (const row of rows) {
      const key = `${row.serviceCode}:${row.districtSlug}`;
      // In the transaction, never beside it: embedded PGlite runs one transaction at a time, and a read on the pool
      // would wait for this one to end.
      if (!row.officerId && !officersOf.has(key)) officersOf.set(key, serviceOfficers(changes.tx, row.serviceCode, row.districtSlug));
    }
    const deliveries = [];
    for (const row of rows) {
      deliveries.push({
        event: 'assignment.dispatched',
        // One notification per (assignment, officer): told with the one change queued → dispatched.
        dedupeKey: `dispatch-${row.id}`,
        once: true,
        body: titles.find((t) => t.id === row.decisionId)?.title ?? '',
        link: `/assignments/${row.id}`,
        userIds: row.officerId ? [row.officerId] : await officersOf.get(`${row.serviceCode}:${row.districtSlug}`)!,
      });
    }
    const created = await deliverMany(changes.tx, deliveries);
    await assignmentsChanged(changes, rows);
    return { rows, created };
  });
  if (result) await announce(deps, result.created);
  return result?.rows.length ?? 0;
}
