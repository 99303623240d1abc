import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../lib/route-types.ts';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ db: z.enum(['up', 'down']), redis: z.enum(['up', 'down']) }),
});

async function probe(check: () => Promise<unknown>, timeoutMs = 1500): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export default async function healthRoutes(app: App) {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'Liveness of the API and its dependencies', response: { 200: Health, 503: Health } },
    },
    async (_request, reply) => {
      const [db, redis] = await Promise.all([probe(() => app.db.execute(sql`select 1`)), probe(() => app.redis.ping())]);
      const ok = db === 'up' && redis === 'up';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks: { db, redis } });
    },
  );
}
