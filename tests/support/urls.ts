/** The Postgres server the tests use: TEST_DATABASE_URL (set by `npm test`), else the machine's own. */
export function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}
export const databaseUrl = serverUrl;
export const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
