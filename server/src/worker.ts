import { pathToFileURL } from 'node:url';
import { Worker, type ConnectionOptions } from 'bullmq';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { createDb, type DbHandle } from '@dsd/db/client';
import { loadConfig, type AppConfig } from './config/env.ts';
import { createEventPublisher } from './lib/events.ts';
import { createCommandRedis, quitQuietly } from './lib/redis.ts';
import { createMailer } from './modules/notifications/mailer.ts';
import { createProcessors } from './modules/queue/processors.ts';
import { closeQueues, createQueues, QUEUE_NAMES } from './modules/queue/queues.ts';
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
  const dbHandle = opts.sharedDb ?? createDb(opts.databaseUrl, { max: config.workerConcurrency + 2 });
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
  const processors = createProcessors({ db: dbHandle.db, events, queues, mailer, reminderLeadMs: config.reminderLeadMs });

  const workers = QUEUE_NAMES.map((name) => {
    const worker = new Worker(name, processors[name], {
      connection,
      prefix: config.redisPrefix,
      concurrency: config.workerConcurrency,
      lockDuration: config.workerLockMs,
      // A worker killed mid-job leaves a stalled job; another worker takes it back after the lock expires.
      stalledInterval: config.workerLockMs,
      maxStalledCount: 5,
    });
    worker.on('error', (err) => logger.warn({ err: err.message, queue: name }, 'worker connection error'));
    worker.on('failed', (job, err) => logger.warn({ queue: name, job: job?.id, name: job?.name, err: err.message }, 'job failed'));
    return worker;
  });

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

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for a standalone worker (the embedded database lives inside `npm start`).');
  const logger = pino({ level: config.logLevel });
  const handle = await startWorker({ config, databaseUrl: config.databaseUrl, logger });
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
