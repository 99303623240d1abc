import { startWorker, type WorkerHandle } from '@dsd/server/worker';
import type { TestApp } from './app.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** The real worker (relay + BullMQ processors) in this process, on the test's database and Redis prefix. */
export function startTestWorker(t: Pick<TestApp, 'config' | 'databaseUrl'>): Promise<WorkerHandle> {
  return startWorker({ config: t.config, databaseUrl: t.databaseUrl, logger: quiet as never });
}
