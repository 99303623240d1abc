import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '@dsd/db/client';
import type { AppConfig } from './config/env.ts';

export interface WorkerHandle {
  close(): Promise<void>;
}

export async function startWorker(_opts: {
  config: Readonly<AppConfig>;
  databaseUrl: string;
  sharedDb?: DbHandle;
  logger: FastifyBaseLogger;
}): Promise<WorkerHandle> {
  return { close: async () => {} };
}
