import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@dsd/db/embedded';
import { createDb } from '@dsd/db/client';
import { prepareDatabase } from '@dsd/db/setup';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@dsd/db/seed/seed';
import { buildApp } from './app.ts';
import { loadConfig } from './config/env.ts';
import { startWorker, type WorkerHandle } from './worker.ts';

async function main() {
  const config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = resolve(config.dataDir, 'pglite');
    embedded = await startEmbeddedPostgres(dataDir);
    databaseUrl = embedded.url;
  }
  // The embedded database is this process's own; an external one may be migrated by a separate step instead.
  const { seededDemo } =
    embedded || config.migrateOnStart ? await prepareDatabase(databaseUrl, { demo: config.demoData, exclusive: !embedded }) : { seededDemo: false };
  const webDist = config.webDist ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
  // Migrated and seeded as the owner above; from here on the least-privilege role (PGlite has one user: no switch).
  const sharedDb = embedded ? createDb(databaseUrl, { max: 1 }) : undefined;
  const appDatabaseUrl = embedded ? databaseUrl : (config.databaseAppUrl ?? databaseUrl);
  const app = await buildApp({ config: { ...config, webDist }, databaseUrl: appDatabaseUrl, sharedDb });
  let worker: WorkerHandle | undefined;
  if (config.runWorker) worker = await startWorker({ config, databaseUrl: appDatabaseUrl, sharedDb, logger: app.log });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    await worker?.close();
    await sharedDb?.close();
    await embedded?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  const url = config.publicUrl ?? `http://localhost:${new URL(address).port}`;
  const lines = [
    '',
    `  District safety dialogue is running at ${url}`,
    `  API docs: ${url}/docs   Health: ${url}/api/v1/health/ready   Metrics (loopback or METRICS_TOKEN): ${url}/metrics`,
    `  Database: ${embedded ? `embedded PGlite in ${resolve(config.dataDir, 'pglite')}` : 'DATABASE_URL'}${seededDemo ? ' (demo data seeded)' : ''}`,
    `  Worker: ${worker ? 'in-process' : 'not started here (run `npm run worker`)'}`,
  ];
  if (config.demoData) {
    lines.push(`  Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.email.padEnd(22)} ${a.note}`);
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
