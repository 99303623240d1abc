import type { Job } from 'bullmq';
import type { QueueName } from '../queues.ts';
import { type ProcessorDeps, parseJob } from './context.ts';
import { remindOrEscalate, sweepDeadlines } from './deadline.ts';
import { dispatchAssignments } from './dispatch.ts';
import { foldProjections, sealAudit, sweepOverdueWork } from './maintenance.ts';
import { sendDigests } from '../../notifications/digest.ts';
import { announceToFollowers } from './announce-to-followers.ts';
import { notify } from './notify.ts';
import { runImport } from './import.ts';

export type { ProcessorDeps } from './context.ts';

/** One processor per queue, each routing a parsed job to the file that handles its kind. */
export function createProcessors(deps: ProcessorDeps): Record<QueueName, (job: Job) => Promise<unknown>> {
  return {
    async assignments(job) {
      const parsed = parseJob('assignments', job);
      if (parsed.name === 'dispatch') return dispatchAssignments(deps, parsed.data.assignmentIds);
      // 'schedule' (a deadline moved) from outbox rows written before the deadline sweep: nothing left to do.
    },
    async deadlines(job) {
      const parsed = parseJob('deadlines', job);
      await remindOrEscalate(deps, parsed.name, parsed.data);
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
      // 'sweep-overdue' is the same sweep's name before it also reminded and escalated.
      return { overdue: await sweepOverdueWork(deps), ...(await sweepDeadlines(deps)) };
    },
  };
}
