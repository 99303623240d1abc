import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { serverUrl } from './urls.ts';

/** A fresh copy of the seeded template database, dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `dsd_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl('postgres'), { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${inject('templateDb')}`);
      break;
    } catch (err) {
      // Two files copying the template at the same instant: Postgres refuses one; try again.
      if (attempt >= 20 || !String((err as Error).message).includes('being accessed')) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  return {
    url: serverUrl(name),
    name,
    async drop() {
      const a = postgres(serverUrl('postgres'), { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
