import type { Job } from 'bullmq';
import type { QueueName } from '../queues.ts';
import { loadAssignment, type ProcessorDeps, parseJob } from './context.ts';
import { remindOrEscalate } from './deadline.ts';
import { dispatchAssignments } from './dispatch.ts';
import { foldProjections, sealAudit, sweepOverdueWork } from './maintenance.ts';
import { sendDigests } from '../../notifications/digest.ts';
import { announceToFollowers } from './announce-to-followers.ts';
import { notify } from './notify.ts';
import { runImport } from './import.ts';
import { scheduleDeadlines } from './schedule-deadlines.ts';

export type { ProcessorDeps } from './context.ts';

/** One processor per queue, each routing a parsed job to the file that handles its kind. */
export function createProcessors(deps: ProcessorDeps): Record<QueueName, (job: Job) => Promise<unknown>> {
  return {
    async assignments(job) {
      const parsed = parseJob('assignments', job);
      if (parsed.name === 'dispatch') return dispatchAssignments(deps, parsed.data.assignmentIds);
      const row = await loadAssignment(deps.db, parsed.data.assignmentId);
      if (row) await scheduleDeadlines(deps, [row]);
    },
    async deadlines(job) {
      const parsed = parseJob('deadlines', job);
      await remindOrEscalate(deps, parsed.name, parsed.data, job.id!);
    },
    async notifications(job) {
      const { data } = parseJob('notifications', job);
      await notify(deps, 'events' in data ? data.events : [{ ...data, key: job.id! }]);
    },
    async imports(job) {
      const parsed = parseJob('imports', job);
      await runImport(deps, parsed.data.jobId);
    },
    async maintenance(job) {
      const parsed = parseJob('maintenance', job);
      if (parsed.name === 'seal-audit') return sealAudit(deps);
      if (parsed.name === 'fold-projections') return foldProjections(deps);
      if (parsed.name === 'notification-digest') return sendDigests(deps);
      if (parsed.name === 'announce-to-followers') return announceToFollowers(deps);
      return sweepOverdueWork(deps);
    },
  };
}
