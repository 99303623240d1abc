import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';

/** One typed map of queue → job name → payload schema. Processors parse with it; producers are checked by it. */
export const JOB_SCHEMAS = {
  assignments: {
    dispatch: z.object({ assignmentId: z.uuid() }),
    schedule: z.object({ assignmentId: z.uuid() }),
  },
  deadlines: {
    reminder: z.object({ assignmentId: z.uuid(), dueAt: z.iso.datetime() }),
    escalation: z.object({ assignmentId: z.uuid(), dueAt: z.iso.datetime() }),
  },
  notifications: {
    notify: z.object({
      event: z.string().min(1).max(100),
      assignmentId: z.uuid().optional(),
      proposalId: z.uuid().optional(),
      meetingId: z.uuid().optional(),
      decisionId: z.uuid().optional(),
      updateId: z.uuid().optional(),
    }),
  },
} as const;

export type QueueName = keyof typeof JOB_SCHEMAS;
export const QUEUE_NAMES = Object.keys(JOB_SCHEMAS) as QueueName[];

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  // Failed jobs stay for the admin queue view.
  removeOnFail: { age: 14 * 24 * 3600 },
};

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const entries = QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })] as const);
  return Object.fromEntries(entries) as Queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close().catch(() => {})));
}

export function isKnownJob(queue: string, name: string): queue is QueueName {
  return queue in JOB_SCHEMAS && name in JOB_SCHEMAS[queue as QueueName];
}
