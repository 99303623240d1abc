import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createDb, type DbHandle } from '@dsd/db/client';
import { buildApp, type AppInstance } from '@dsd/server/app';
import { loadConfig, type AppConfig } from '@dsd/server/config/env';
import { createTestDatabase } from './database.ts';
import { redisUrl } from './urls.ts';

export const DEMO_PASSWORD = 'demo12345';

export interface TestApp {
  app: AppInstance;
  db: DbHandle;
  config: Readonly<AppConfig>;
  prefix: string;
  databaseUrl: string;
  login(email: string, password?: string): Promise<string>;
  request(options: InjectOptions & { cookie?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Readonly<AppConfig> {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: `t${randomBytes(5).toString('hex')}`,
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000',
    RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '5000',
    // Tests compare the dashboard with the records right after each write; the short cache has its own test.
    PUBLIC_READ_CACHE_MS: '0',
    // Two cores run the whole suite: event-loop lag there measures the machine, not the app (the overload test sets its own).
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...overrides,
  });
}

/** The real app on its own copy of the seeded database and its own Redis prefix. */
export async function createTestApp(overrides: Record<string, string> = {}, existingDatabaseUrl?: string): Promise<TestApp> {
  const database = existingDatabaseUrl ? { url: existingDatabaseUrl, drop: async () => {} } : await createTestDatabase();
  const config = testConfig(overrides);
  const app = await buildApp({ config, databaseUrl: database.url, logger: { level: config.logLevel } });
  await app.ready();
  const db = createDb(database.url, { max: 4 });
  const request: TestApp['request'] = ({ cookie, headers, ...rest }) =>
    app.inject({ ...rest, headers: { ...(headers ?? {}), ...(cookie ? { cookie } : {}) } });
  return {
    app,
    db,
    config,
    prefix: config.redisPrefix,
    databaseUrl: database.url,
    request,
    async login(email, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'dsd_session');
      return `dsd_session=${cookie!.value}`;
    },
    async close() {
      await app.close();
      await db.close();
      await database.drop();
      await removeRedisKeys(config.redisUrl, config.redisPrefix);
    },
  };
}

/** Tests share the machine's Redis under a unique prefix; this removes what a test left there. */
export async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch {
    // A fault test may have stopped its private Redis: nothing to clean there.
  } finally {
    redis.disconnect();
  }
}
