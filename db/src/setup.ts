import { sealAllAudit } from './audit-chain.ts';
import { createDb, migrateDb } from './client.ts';
import { projectionsStale, rebuildProjections } from './projections.ts';
import { seedDemo, seedReferenceData } from './seed/seed.ts';

/**
 * Migrate, then seed reference data (always) and the demo (once, and never in production). Read models are rebuilt
 * when they are missing or built by older rules (and after a fresh demo), and the seed's audit rows sealed.
 */
export async function prepareDatabase(url: string, options: { demo: boolean }): Promise<{ seededDemo: boolean }> {
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
