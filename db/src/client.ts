import { fileURLToPath } from 'node:url';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema>;
/** A transaction or the database itself: repository functions accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

export interface DbHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/**
 * `role`: every connection of the pool runs as this role (SET ROLE at connection start), e.g. the least-privilege
 * `dsd_app` that migrations create; unset: as the connecting user (migrations, the seed, operator commands).
 */
export function createDb(url: string, options: { max?: number; role?: string; applicationName?: string } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // While PostgreSQL is down or restarting a request fails within seconds (a 503), not after the driver's 30 s.
    connect_timeout: 5,
    // Between failed connection attempts the driver waits up to 20 s by default, holding each request that waits for
    // a connection; at most half a second here, so during an outage requests keep failing fast and recover at once.
    backoff: (retries: number) => Math.min(0.05 * retries, 0.5),
    onnotice: () => {},
    // Timestamps come back as ISO strings from the API layer; keep driver Dates.
    connection: { application_name: options.applicationName ?? 'district-safety-dialogue', ...(options.role ? { role: options.role } : {}) },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

export async function migrateDb(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql, { casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export { schema };
