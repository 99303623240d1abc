import { inArray } from 'drizzle-orm';
import { assignments, decisions } from '@dsd/db/schema/index';
import { deriveDecisionProgress } from '@dsd/shared/decisions';
import type { ChangeRecorder } from '../../lib/changes.ts';

export interface ChangedAssignment {
  id: string;
  decisionId: string;
  districtSlug: string;
  status: string;
  progress: number;
}

/**
 * What every assignment change does besides itself, whoever makes it (officer, coordinator, chair or the dispatching
 * worker): re-derive each touched decision's progress and status into the decision row — the read model that lists
 * and the dashboard use — and announce the changes live after commit.
 */
export async function assignmentsChanged(changes: ChangeRecorder, rows: ReadonlyArray<ChangedAssignment>): Promise<void> {
  const decisionIds = [...new Set(rows.map((r) => r.decisionId))];
  if (decisionIds.length === 0) return;
  const [decisionRows, siblings] = await Promise.all([
    changes.tx
      .select({
        id: decisions.id,
        meetingId: decisions.meetingId,
        targetValue: decisions.targetValue,
        status: decisions.status,
        progress: decisions.progress,
        achieved: decisions.achieved,
      })
      .from(decisions)
      .where(inArray(decisions.id, decisionIds)),
    changes.tx
      .select({
        decisionId: assignments.decisionId,
        status: assignments.status,
        progress: assignments.progress,
        contribution: assignments.contribution,
        confirmation: assignments.confirmation,
      })
      .from(assignments)
      .where(inArray(assignments.decisionId, decisionIds)),
  ]);
  for (const decision of decisionRows) {
    const derived = deriveDecisionProgress(
      decision.targetValue !== null ? { value: decision.targetValue } : null,
      siblings.filter((s) => s.decisionId === decision.id),
    );
    if (derived.status !== decision.status || derived.progress !== decision.progress || derived.achieved !== decision.achieved) {
      await changes.tx
        .update(decisions)
        .set({ status: derived.status, progress: derived.progress, achieved: derived.achieved })
        .where(inArray(decisions.id, [decision.id]));
    }
    const mine = rows.filter((r) => r.decisionId === decision.id);
    for (const row of mine) {
      changes.live([`district:${row.districtSlug}`, `assignment:${row.id}`, `decision:${row.decisionId}`, `meeting:${decision.meetingId}`], {
        kind: 'assignment.updated',
        id: row.id,
        districtSlug: row.districtSlug,
        status: row.status,
        progress: row.progress,
      });
    }
    changes.live([`decision:${decision.id}`, `district:${mine[0]!.districtSlug}`], {
      kind: 'decision.updated',
      id: decision.id,
      districtSlug: mine[0]!.districtSlug,
      status: derived.status,
      progress: derived.progress,
    });
  }
}

export const assignmentChanged = (changes: ChangeRecorder, row: ChangedAssignment) => assignmentsChanged(changes, [row]);
