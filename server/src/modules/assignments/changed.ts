import { inList } from '@dsd/db/bulk';
import { refreshDecisionProgress } from '@dsd/db/projections';
import { decisions } from '@dsd/db/schema/index';
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
  const decisionRows = await changes.tx
    .select({
      id: decisions.id,
      meetingId: decisions.meetingId,
      targetValue: decisions.targetValue,
      status: decisions.status,
      progress: decisions.progress,
      achieved: decisions.achieved,
    })
    .from(decisions)
    .where(inList(decisions.id, decisionIds));
  const derivedById = await refreshDecisionProgress(changes.tx, decisionRows);
  for (const decision of decisionRows) {
    const derived = derivedById.get(decision.id)!;
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
