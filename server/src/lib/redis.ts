import { Redis, type RedisOptions } from 'ioredis';

/**
 * Command connection for producers and the API: no offline queue, so a Redis outage fails fast instead of
 * buffering in memory (callers decide: the outbox keeps the work, live events are best effort).
 */
export function createCommandRedis(url: string, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...extra,
  });
  client.on('error', () => {});
  return client;
}

/** Connection for BullMQ workers and pub/sub subscribers: blocking commands need maxRetriesPerRequest null. */
export function createBlockingRedis(url: string): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  client.on('error', () => {});
  return client;
}

export function waitUntilReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

export async function quitQuietly(client: Redis): Promise<void> {
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}
