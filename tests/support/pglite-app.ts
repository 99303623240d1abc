import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '@dsd/db/client';
import { startEmbeddedPostgres } from '@dsd/db/embedded';
import { prepareDatabase } from '@dsd/db/setup';
import { buildApp, type AppInstance } from '@dsd/server/app';
import { startWorker } from '@dsd/server/worker';
import { removeRedisKeys, testConfig } from './app.ts';

export interface PgliteApp {
  app: AppInstance;
  /** The embedded database's connection URL (one connection at a time, as under `npm start`). */
  url: string;
  /** Stops the in-process worker: PGlite serves one client at a time, so another client must wait for it to stop. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API on the `npm start` default database: embedded PGlite in a temporary directory, migrated and seeded. With
 * `worker`, the worker runs in the same process on the same single connection, as under `npm start`.
 */
export async function startPgliteApp(name: string, options: { worker?: boolean; env?: Record<string, string> } = {}): Promise<PgliteApp> {
  const dir = mkdtempSync(join(tmpdir(), `dsd-pglite-${name}-`));
  const pg = await startEmbeddedPostgres(dir);
  await prepareDatabase(pg.url, { demo: true });
  const shared = createDb(pg.url, { max: 1 });
  const config = testConfig(options.env);
  const app = await buildApp({ config, databaseUrl: pg.url, sharedDb: shared, logger: false });
  let worker = options.worker
    ? await startWorker({ config, databaseUrl: pg.url, sharedDb: shared, logger: { info() {}, warn() {}, error() {} } as never })
    : null;
  return {
    app,
    url: pg.url,
    async stopWorker() {
      await worker?.close();
      worker = null;
    },
    async close() {
      await worker?.close();
      await app.close();
      await shared.close();
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
      await removeRedisKeys(config.redisUrl, config.redisPrefix);
    },
  };
}
