import { UnrecoverableError, type Job } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { Database, Executor } from '@dsd/db/client';
import { assignments, decisions } from '@dsd/db/schema/index';
import type { EventPublisher } from '../../../lib/events.ts';
import type { Mailer } from '../../notifications/mailer.ts';
import { JOB_SCHEMAS, type JobName, type JobPayload, type QueueName, type Queues } from '../queues.ts';

export interface ProcessorDeps {
  db: Database;
  events: EventPublisher;
  queues: Queues;
  mailer: Mailer | null;
  reminderLeadMs: number;
  audit: { sealBatch: number };
  /** How long a meeting's first new decision waits before the district's followers hear of the batch. */
  followerAnnounceDelayMs: number;
}

/** Parses a job against its schema; a malformed payload will never succeed, so it fails for good (visible in the queue view). */
export function parseJob<Q extends QueueName>(queue: Q, job: Job): { [N in JobName<Q>]: { name: N; data: JobPayload<Q, N> } }[JobName<Q>] {
  const schemas = JOB_SCHEMAS[queue] as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { message: string } } }>;
  const schema = Object.hasOwn(schemas, job.name) ? schemas[job.name] : undefined;
  if (!schema) throw new UnrecoverableError(`unknown job ${queue}/${job.name}`);
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad payload for ${queue}/${job.name}: ${parsed.error?.message}`);
  return { name: job.name, data: parsed.data } as never;
}

export async function loadAssignment(db: Executor, id: string) {
  const [row] = await db
    .select({ a: assignments, title: decisions.title, meetingId: decisions.meetingId })
    .from(assignments)
    .innerJoin(decisions, eq(decisions.id, assignments.decisionId))
    .where(eq(assignments.id, id));
  return row ? { ...row.a, decisionTitle: row.title, meetingId: row.meetingId } : null;
}
