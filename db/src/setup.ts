import { createDb, migrateDb } from './client.ts';
import { seedDemo, seedReferenceData } from './seed/seed.ts';

/** Migrate, then seed reference data (always) and the demo (once, and never in production). */
export async function prepareDatabase(url: string, options: { demo: boolean }): Promise<{ seededDemo: boolean }> {
  await migrateDb(url);
  const handle = createDb(url, { max: 2 });
  try {
    await seedReferenceData(handle.db);
    const seededDemo = options.demo ? await seedDemo(handle.db) : false;
    return { seededDemo };
  } finally {
    await handle.close();
  }
}
