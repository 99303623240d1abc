import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';

const empty = z.object({}).strict();

/** One change to tell people about, as the outbox stores it. */
export const notifyEvent = z.object({
  event: z.string().min(1).max(100),
  assignmentId: z.uuid().optional(),
  proposalId: z.uuid().optional(),
  meetingId: z.uuid().optional(),
  decisionId: z.uuid().optional(),
  updateId: z.uuid().optional(),
  /** A notice for one account (someone tried to register its email). */
  userId: z.uuid().optional(),
});

/**
 * One typed map of queue → job name → payload schema. Processors parse with it; the outbox message type and the
 * relay's check are derived from it, so nothing reaches a queue no worker knows.
 */
export const JOB_SCHEMAS = {
  assignments: {
    /**
     * Assignments dispatched in one transaction: a decision's, or a burst of decisions' merged by the relay (at most
     * its DISPATCH_BATCH, plus one decision's own). A lone id (older outbox rows) still works.
     */
    dispatch: z.preprocess(
      (v) => (v && typeof v === 'object' && 'assignmentId' in v ? { assignmentIds: [(v as { assignmentId: unknown }).assignmentId] } : v),
      z.object({ assignmentIds: z.array(z.uuid()).min(1).max(200) }),
    ),
    /** Outbox rows from before the deadline sweep (a deadline moved); accepted and ignored. */
    schedule: z.object({ assignmentId: z.uuid() }),
  },
  /** Reminders and escalations delayed in BullMQ before the deadline sweep took over: those still waiting are told. */
  deadlines: {
    reminder: z.object({ assignmentId: z.uuid(), dueAt: z.iso.datetime() }),
    escalation: z.object({ assignmentId: z.uuid(), dueAt: z.iso.datetime() }),
  },
  notifications: {
    /**
     * A change as a transaction writes it to the outbox, or, as the relay publishes them, a burst of changes merged
     * into one job (at most its NOTIFY_BATCH), each with the key that makes a retry harmless (its outbox row's job
     * id). A lone change in a job (published before batching) is keyed by its job id.
     */
    notify: z.union([
      z
        .object({
          events: z
            .array(notifyEvent.extend({ key: z.string().min(1).max(100) }))
            .min(1)
            .max(200),
        })
        .strict(),
      notifyEvent,
    ]),
  },
  /** Background imports (CSV of buildings, cameras, …): one job per upload, see modules/imports. */
  imports: {
    run: z.object({ jobId: z.uuid() }),
  },
  /** Repeating jobs of the worker itself (job schedulers, not the outbox): visible and retried like any job. */
  maintenance: {
    'seal-audit': empty,
    'fold-projections': empty,
    /** Flags work past due, reminds before due time and escalates at it (a worker from before called it sweep-overdue). */
    'sweep-deadlines': empty,
    'sweep-overdue': empty,
    'notification-digest': empty,
    'announce-to-followers': empty,
  },
} as const;

type JobSchemas = typeof JOB_SCHEMAS;
export type QueueName = keyof JobSchemas;
export type JobName<Q extends QueueName> = keyof JobSchemas[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = JobSchemas[Q][N] extends z.ZodType ? z.output<JobSchemas[Q][N]> : never;

/** What a transaction may put in the outbox: exactly the jobs above, with their payloads. */
export type OutboxMessage = {
  [Q in QueueName]: { [N in JobName<Q>]: { queue: Q; name: N; payload: JobPayload<Q, N> } }[JobName<Q>];
}[QueueName];

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
  return Object.hasOwn(JOB_SCHEMAS, queue) && Object.hasOwn(JOB_SCHEMAS[queue as QueueName], name);
}
