import { OPEN_ASSIGNMENT_STATUSES, type AssignmentStatus } from '@dsd/shared/status-machines';
import type { ProcessorDeps } from './context.ts';

const deadlineJobId = (kind: 'rem' | 'esc', assignmentId: string, dueAt: Date) => `${kind}-${assignmentId}-${dueAt.getTime()}`;

/**
 * A reminder before the due time and an escalation at it, delayed in BullMQ. Job ids carry the due time, so a moved
 * deadline schedules new jobs and the old ones find themselves stale.
 */
export async function scheduleDeadlines(
  deps: Pick<ProcessorDeps, 'queues' | 'reminderLeadMs'>,
  rows: ReadonlyArray<{ id: string; dueAt: Date | null; status: AssignmentStatus }>,
): Promise<void> {
  const now = Date.now();
  const reminders = [];
  const escalations = [];
  for (const a of rows) {
    if (!a.dueAt || !OPEN_ASSIGNMENT_STATUSES.includes(a.status)) continue;
    const due = a.dueAt.getTime();
    const data = { assignmentId: a.id, dueAt: a.dueAt.toISOString() };
    if (due > now) {
      reminders.push({
        name: 'reminder',
        data,
        opts: { jobId: deadlineJobId('rem', a.id, a.dueAt), delay: Math.max(0, due - deps.reminderLeadMs - now) },
      });
    }
    escalations.push({ name: 'escalation', data, opts: { jobId: deadlineJobId('esc', a.id, a.dueAt), delay: Math.max(0, due - now) } });
  }
  const jobs = [...reminders, ...escalations];
  if (jobs.length) await deps.queues.deadlines.addBulk(jobs);
}
