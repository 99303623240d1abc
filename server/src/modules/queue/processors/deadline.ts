import { OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';
import { updates } from '@dsd/db/schema/index';
import { announce, deliver } from '../../notifications/service.ts';
import { districtCoordinators, serviceHeads, serviceOfficers } from '../../notifications/recipients.ts';
import { loadAssignment, type ProcessorDeps } from './context.ts';

/** A reminder to the officers before the due time, or an escalation to the service head and coordinators at it. */
export async function remindOrEscalate(
  deps: ProcessorDeps,
  kind: 'reminder' | 'escalation',
  data: { assignmentId: string; dueAt: string },
  jobId: string,
): Promise<void> {
  const { db } = deps;
  const a = await loadAssignment(db, data.assignmentId);
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
