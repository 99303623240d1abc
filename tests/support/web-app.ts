import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { buildApp, type AppInstance } from '@dsd/server/app';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from './app.ts';
import { launchBrowser } from './browser.ts';
import { startTestWorker } from './worker.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface WebApp {
  t: TestApp;
  /** The server's URL, on "localhost" so cookies stick. */
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Each browser test's time limit. In a full run they share two cores with the fuzzers: more room than the 30 s default
 * for unit and API tests.
 */
export const BROWSER_TEST_TIMEOUT_MS = 90_000;

/** For browser tests: the API serving the built web client on a free port, a worker, and Chromium. */
export async function startWebApp(): Promise<WebApp> {
  const t = await createTestApp();
  const server: AppInstance = await buildApp({ config: { ...t.config, webDist: WEB_DIST }, databaseUrl: t.databaseUrl, logger: false });
  const base = (await server.listen({ host: '127.0.0.1', port: 0 })).replace('127.0.0.1', 'localhost');
  const worker: WorkerHandle = await startTestWorker(t);
  const browser = await launchBrowser();
  return {
    t,
    base,
    browser,
    async close() {
      await browser.close();
      await worker.close();
      await server.close();
      await t.close();
    },
  };
}
