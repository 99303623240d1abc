import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { createEventPublisher, type EventPublisher } from '../lib/events.ts';
import { createCommandRedis, quitQuietly, waitUntilReady } from '../lib/redis.ts';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
    events: EventPublisher;
  }
}

export default fp(
  async (app, opts: { url: string; prefix: string }) => {
    const redis = createCommandRedis(opts.url);
    // Start even when Redis is down: writes still commit (outbox) and /health reports it.
    if (!(await waitUntilReady(redis, 3000))) app.log.warn({ url: opts.url }, 'redis is not reachable yet');
    app.decorate('redis', redis);
    app.decorate(
      'events',
      createEventPublisher(redis, opts.prefix, (err) => app.log.warn({ err: (err as Error).message }, 'live events paused: Redis unavailable')),
    );
    app.addHook('onClose', async () => quitQuietly(redis));
  },
  { name: 'redis' },
);
