// Operator commands: `node --import tsx server/src/cli.ts <command>` (npm run db:rebuild-projections).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sealAllAudit } from '@dsd/db/audit-chain';
import { createDb } from '@dsd/db/client';
import { startEmbeddedPostgres } from '@dsd/db/embedded';
import { rebuildProjections } from '@dsd/db/projections';
import { prepareDatabase } from '@dsd/db/setup';
import { loadConfig } from './config/env.ts';

const COMMANDS = {
  /** Recomputes every read model from the records, prints what had drifted, and fixes it. */
  async 'rebuild-projections'(url: string) {
    const handle = createDb(url, { max: 2 });
    try {
      const started = Date.now();
      const report = await rebuildProjections(handle.db);
      console.log(
        `Rebuilt read models in ${Date.now() - started} ms: ${report.decisionsRecomputed} decisions (${report.decisionsDrifted} had drifted), ` +
          `${report.overdueFlagsFixed} overdue flags fixed, ${report.counters} counters.`,
      );
      if (report.drift.length === 0) console.log('No counter drift: the read models matched the records.');
      else {
        console.log(`Counter drift found and fixed (${report.drift.length}):`);
        for (const d of report.drift) console.log(`  ${d.metric} ${d.districtSlug} ${d.key}: was ${d.found}, records say ${d.expected}`);
      }
    } finally {
      await handle.close();
    }
  },
  /** Seals every audit row still waiting for the sequencer (e.g. after a long worker outage, without starting one). */
  async 'seal-audit'(url: string) {
    const handle = createDb(url, { max: 2 });
    try {
      console.log(`Sealed ${await sealAllAudit(handle.db)} audit rows.`);
    } finally {
      await handle.close();
    }
  },
  /**
   * After Redis lost its data (restored, failed over without persistence, flushed): hands the outbox rows published
   * since --since back to the relay, which queues them again. Jobs keep their ids (a job Redis still holds is not added
   * twice) and the processors are idempotent (dispatch happens once, notifications are deduplicated).
   */
  async 'republish-outbox'(url: string) {
    const at = process.argv.indexOf('--since');
    const since = at > 0 ? process.argv[at + 1] : undefined;
    if (!since || Number.isNaN(Date.parse(since))) {
      throw new Error('Usage: cli.ts republish-outbox --since <time, e.g. 2026-11-26T03:00:00Z> (the last moment Redis is known to have kept)');
    }
    const handle = createDb(url, { max: 1 });
    try {
      const rows = await handle.sql`
        update outbox set published_at = null where published_at >= ${new Date(since).toISOString()}::timestamptz and refused_at is null returning id`;
      console.log(`${rows.length} outbox rows handed back to the relay: a running worker queues them again within a second.`);
    } finally {
      await handle.close();
    }
  },
  /** Migrations and reference data only (main does both before any command): the deploy step before new API instances. */
  async migrate() {
    console.log('Database migrated; reference data current.');
  },
} as const;

async function main() {
  const command = process.argv[2] as keyof typeof COMMANDS | undefined;
  if (!command || !Object.hasOwn(COMMANDS, command)) {
    console.error(`Usage: cli.ts <${Object.keys(COMMANDS).join(' | ')}>`);
    process.exit(64);
  }
  const config = loadConfig();
  // Without DATABASE_URL: the embedded database of `npm start` (stop the server first: PGlite is single-process).
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(resolve(config.dataDir, 'pglite'), 2);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    await prepareDatabase(url, { demo: false, exclusive: !embedded });
    await COMMANDS[command](url);
  } finally {
    await embedded?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
