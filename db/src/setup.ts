import postgres from 'postgres';
import { sealAllAudit } from './audit-chain.ts';
import { createDb, migrateDb } from './client.ts';
import { projectionsStale, rebuildProjections } from './projections.ts';
import { seedDemo, seedReferenceData } from './seed/seed.ts';

/**
 * Migrate, then seed reference data (always) and the demo (once, and never in production). Read models are rebuilt
 * when they are missing or built by older rules (and after a fresh demo), and the seed's audit rows sealed.
 */
export async function prepareDatabase(url: string, options: { demo: boolean; exclusive?: boolean }): Promise<{ seededDemo: boolean }> {
  if (!options.exclusive) return prepareUnlocked(url, options);
  // Several API instances starting together (or one beside `npm run db:migrate`) take turns: the migrator itself
  // takes no lock, and two of them applying the same migration would collide.
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${PREPARE_LOCK})`;
    return await prepareUnlocked(url, options);
  } finally {
    await lock`select pg_advisory_unlock(${PREPARE_LOCK})`.catch(() => {});
    await lock.end({ timeout: 5 });
  }
}

/** Any fixed key; the audit sequencer's lock is another. */
const PREPARE_LOCK = 7_114_211;

async function prepareUnlocked(url: string, options: { demo: boolean }): Promise<{ seededDemo: boolean }> {
  await migrateDb(url);
  const handle = createDb(url, { max: 2 });
  try {
    await seedReferenceData(handle.db);
    const seededDemo = options.demo ? await seedDemo(handle.db) : false;
    if (seededDemo || (await projectionsStale(handle.db))) await rebuildProjections(handle.db);
    if (seededDemo) await sealAllAudit(handle.db);
    return { seededDemo };
  } finally {
    await handle.close();
  }
}
