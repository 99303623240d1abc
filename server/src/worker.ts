import { pathToFileURL } from 'node:url';
import { Worker, type ConnectionOptions } from 'bullmq';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { createDb, type DbHandle } from '@dsd/db/client';
import { loadConfig, type AppConfig } from './config/env.ts';
import { createEventPublisher } from './lib/events.ts';
import { createCommandRedis, quitQuietly } from './lib/redis.ts';
import { createMailer } from './modules/notifications/mailer.ts';
import { createProcessors } from './modules/queue/processors/index.ts';
import { closeQueues, createQueues, QUEUE_NAMES, type QueueName } from './modules/queue/queues.ts';
import { startRelayLoop } from './modules/queue/relay.ts';

export interface WorkerHandle {
  close(): Promise<void>;
  /** One full relay pass now (tests use it to avoid waiting for the interval). */
  drainOutbox(): Promise<void>;
}

type Logger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/**
 * The outbox relay and the BullMQ workers. Runs standalone (`npm run worker`, M of them beside N API
 * instances) or inside `npm start`.
 */
export async function startWorker(opts: {
  config: Readonly<AppConfig>;
  databaseUrl: string;
  sharedDb?: DbHandle;
  logger: Logger;
}): Promise<WorkerHandle> {
  const { config, logger } = opts;
  const dbHandle = opts.sharedDb ?? createDb(opts.databaseUrl, { max: config.workerConcurrency + 2, role: config.databaseAppRole });
  const connection: ConnectionOptions = { url: config.redisUrl, maxRetriesPerRequest: null, enableOfflineQueue: true };
  const producerConnection: ConnectionOptions = { url: config.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
  const queues = createQueues(producerConnection, config.redisPrefix);
  for (const q of Object.values(queues)) q.on('error', () => {});
  const publisherRedis = createCommandRedis(config.redisUrl);
  const events = createEventPublisher(publisherRedis, config.redisPrefix, () => {});
  const mailer = config.smtpUrl
    ? createMailer({
        db: dbHandle.db,
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        publicUrl: config.publicUrl,
        onError: (err) => logger.warn({ err }, 'email not sent'),
      })
    : null;
  const processors = createProcessors({
    db: dbHandle.db,
    events,
    queues,
    mailer,
    reminderLeadMs: config.reminderLeadMs,
    audit: { sealBatch: config.auditSealBatch },
    followerAnnounceDelayMs: config.followerAnnounceDelayMs,
  });

  const workers = QUEUE_NAMES.map((name) => {
    const worker = new Worker(name, processors[name], {
      connection,
      prefix: config.redisPrefix,
      concurrency: concurrencyOf(name, config.workerConcurrency),
      lockDuration: config.workerLockMs,
      // A worker killed mid-job leaves a stalled job; another worker takes it back after the lock expires.
      stalledInterval: config.workerLockMs,
      maxStalledCount: 5,
    });
    worker.on('error', (err) => logger.warn({ err: err.message, queue: name }, 'worker connection error'));
    worker.on('failed', (job, err) => logger.warn({ queue: name, job: job?.id, name: job?.name, err: err.message }, 'job failed'));
    return worker;
  });

  // Without these jobs nothing seals the audit log or folds the counters: if Redis is down as the worker starts,
  // keep trying until it answers, so sealing resumes without a restart.
  let maintenanceRetry: NodeJS.Timeout | undefined;
  let stopping = false;
  const scheduleUntilDone = async (): Promise<void> => {
    if (stopping) return;
    try {
      await scheduleMaintenance(queues, config);
      // Upserting is idempotent: doing it again every minute brings the schedulers back if Redis lost them.
      if (!stopping) maintenanceRetry = setTimeout(() => void scheduleUntilDone(), MAINTENANCE_RESCHEDULE_MS);
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'maintenance jobs not scheduled yet (Redis unavailable); retrying');
      if (!stopping) maintenanceRetry = setTimeout(() => void scheduleUntilDone(), 2000);
    }
  };
  await scheduleUntilDone();

  const relay = startRelayLoop(dbHandle.db, queues, config.relayIntervalMs, (err) =>
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox relay waiting (Redis or database unavailable)'),
  );
  logger.info({ queues: QUEUE_NAMES, prefix: config.redisPrefix }, 'worker started');

  let closed = false;
  return {
    drainOutbox: () => relay.drain(),
    async close() {
      if (closed) return;
      closed = true;
      stopping = true;
      clearTimeout(maintenanceRetry);
      // Stop taking work, let the current jobs finish, then close connections.
      await relay.stop();
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues(queues);
      mailer?.close();
      await quitQuietly(publisherRedis);
      if (!opts.sharedDb) await dbHandle.close();
    },
  };
}

const MAINTENANCE_RESCHEDULE_MS = 60_000;

/**
 * Dispatch and deadlines are what officers wait for; a notification fan-out (a district's thousand followers) is bulk
 * work that must not take the database from them, so it runs a quarter as wide. One job of each maintenance kind at a
 * time is enough; their own locks keep two workers apart.
 */
function concurrencyOf(queue: QueueName, configured: number): number {
  if (queue === 'maintenance') return 3;
  if (queue === 'notifications') return Math.max(1, Math.ceil(configured / 4));
  return configured;
}

/**
 * The repeating jobs: the audit sequencer, the read-model fold, the deadline sweep (overdue flags, reminders,
 * escalations), the followers' announcements and the digests. Job schedulers are shared by
 * all workers of a prefix (upserting is idempotent), so M workers still run one of each per interval.
 */
async function scheduleMaintenance(queues: ReturnType<typeof createQueues>, config: Readonly<AppConfig>) {
  const opts = { attempts: 3, backoff: { type: 'fixed' as const, delay: 200 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } };
  await queues.maintenance.upsertJobScheduler('seal-audit', { every: config.auditSealIntervalMs }, { name: 'seal-audit', data: {}, opts });
  await queues.maintenance.upsertJobScheduler(
    'fold-projections',
    { every: config.projectionFoldIntervalMs },
    { name: 'fold-projections', data: {}, opts },
  );
  await queues.maintenance.upsertJobScheduler(
    'sweep-deadlines',
    { every: config.overdueSweepIntervalMs },
    { name: 'sweep-deadlines', data: {}, opts },
  );
  await queues.maintenance.removeJobScheduler('sweep-overdue');
  await queues.maintenance.upsertJobScheduler(
    'announce-to-followers',
    { every: Math.max(100, Math.min(15_000, Math.round(config.followerAnnounceDelayMs / 4))) },
    { name: 'announce-to-followers', data: {}, opts },
  );
  // Daily digests: checked every quarter hour, sent once per Almaty day (sendDigests keeps the day).
  await queues.maintenance.upsertJobScheduler('notification-digest', { every: 15 * 60_000 }, { name: 'notification-digest', data: {}, opts });
}

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for a standalone worker (the embedded database lives inside `npm start`).');
  const logger = pino({ level: config.logLevel });
  const handle = await startWorker({ config, databaseUrl: config.databaseAppUrl ?? config.databaseUrl, logger });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
