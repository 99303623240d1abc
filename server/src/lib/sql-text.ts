import type postgres from 'postgres';
import type { Database } from '@dsd/db/client';

/** The postgres.js client under drizzle: for server-side cursors and hand-written read queries. */
export const driverOf = (db: Database): postgres.Sql => (db as unknown as { $client: postgres.Sql }).$client;

/** A timestamp column as ISO 8601 in UTC, formatted by the database: the driver under drizzle hands timestamps over as text. */
export const isoText = (sql: postgres.Sql, column: string) => sql`to_char(${sql(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
