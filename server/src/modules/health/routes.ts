import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { MIGRATIONS_FOLDER } from '@dsd/db/client';
import { ErrorBody } from '@dsd/shared/errors';
import type { App } from '../../lib/route-types.ts';
import { withTimeout } from '../../lib/timeout.ts';
import { errorBody } from '../../lib/errors.ts';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ db: z.enum(['up', 'down']), redis: z.enum(['up', 'down']) }),
});
type Check = 'up' | 'down';
const Live = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
const Ready = z.object({
  status: z.literal('ready'),
  checks: z.object({ db: z.literal('up'), redis: z.literal('up'), migrations: z.literal('current') }),
});
type MigrationsCheck = 'current' | 'behind' | 'unknown';

async function probe(check: () => Promise<unknown>, timeoutMs = 1500): Promise<Check> {
  try {
    await withTimeout(check(), timeoutMs);
    return 'up';
  } catch {
    return 'down';
  }
}

/** The newest migration this code ships (drizzle's journal): the database must have applied it. */
function latestShippedMigration(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

export default async function healthRoutes(app: App) {
  const shipped = latestShippedMigration();
  const pingDb = () => app.db.execute(sql`select 1`);
  const pingRedis = () => app.redis.ping();

  app.get(
    '/health',
    {
      // 503 is either this answer (a dependency down) or the error shape (overloaded, refused before the handler).
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The API and its dependencies in one answer',
        response: { 200: Health, 503: z.union([Health, ErrorBody]) },
      },
    },
    async (_request, reply) => {
      const [db, redis] = await Promise.all([probe(pingDb), probe(pingRedis)]);
      const ok = db === 'up' && redis === 'up';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks: { db, redis } });
    },
  );

  app.get(
    '/health/live',
    {
      // Liveness: the process answers. Never gated on dependencies or load, so an orchestrator restarts only a hung process.
      config: { access: 'public', pressureHandler: () => undefined },
      schema: { tags: ['health'], summary: 'Liveness: the process is up', response: { 200: Live } },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get(
    '/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: PostgreSQL and Redis answer and the database has every migration this code ships',
        response: { 200: Ready, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const ledger: { state: MigrationsCheck } = { state: 'unknown' };
      const [db, redis] = await Promise.all([
        probe(async () => {
          await pingDb();
          // The migrator's own ledger (dsd_app may read it, migration 0011); newer rows than ours are fine (rolling deploys).
          try {
            const [row] = await app.db.execute<{ applied: string | number | null }>(
              sql`select max(created_at) as applied from drizzle.__drizzle_migrations`,
            );
            ledger.state = Number(row?.applied ?? 0) >= shipped ? 'current' : 'behind';
          } catch (err) {
            request.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'migration ledger unreadable');
          }
        }),
        probe(pingRedis),
      ]);
      const migrations = ledger.state;
      const checks: { db: Check; redis: Check; migrations: MigrationsCheck } = { db, redis, migrations };
      if (db === 'up' && redis === 'up' && migrations === 'current') {
        return reply.send({ status: 'ready' as const, checks: { db: 'up' as const, redis: 'up' as const, migrations: 'current' as const } });
      }
      const failing = [
        db === 'down' ? 'PostgreSQL unavailable' : null,
        redis === 'down' ? 'Redis unavailable' : null,
        migrations === 'behind' ? 'the database is missing migrations (run them first)' : null,
        db === 'up' && migrations === 'unknown' ? 'the migration ledger is unreadable' : null,
      ].filter(Boolean);
      return reply.status(503).send(errorBody(request, 'NOT_READY', `Not ready: ${failing.join('; ')}`, checks));
    },
  );
}
