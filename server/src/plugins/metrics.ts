import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { auditBacklog } from '@dsd/db/audit-chain';
import { projectionBacklog } from '@dsd/db/projections';
import { Forbidden, Unauthenticated } from '../lib/errors.ts';
import { withTimeout } from '../lib/timeout.ts';
import { QUEUE_NAMES } from '../modules/queue/queues.ts';
import { outboxBacklog } from '../modules/queue/relay.ts';

/** A collector that has not answered by then is reported down for this scrape (dsd_metrics_collector_up 0). */
const COLLECT_TIMEOUT_MS = 1500;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Loopback callers may scrape (a Prometheus agent on the host). A request a local reverse proxy forwards also comes
 * from loopback, so one that carries forwarding headers counts as remote: it must bring the token.
 */
export function isLoopbackCaller(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.test(request.socket.remoteAddress ?? '');
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * GET /metrics in the Prometheus text format. Per instance: HTTP durations by route pattern and status, live sockets
 * and subscriptions, DB pool use, the process's own metrics. Shared state (queues, outbox, projections, audit) is the
 * same from every instance; it is read when scraped, each source with a short timeout so a slow or absent database
 * or Redis never hangs the scrape.
 */
export default fp(
  async (app, opts: { token: string | undefined }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'dsd_' });

    const httpDuration = new Histogram({
      name: 'dsd_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      // The route's pattern (/api/v1/proposals/:id), never the raw URL: label sets stay bounded.
      const route = request.routeOptions.url ?? 'unmatched';
      httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers: [registry] });
    const collectorUp = gauge('dsd_metrics_collector_up', 'Whether a scrape-time source answered in time (1) or not (0)', ['collector']);
    const queueDepth = gauge('dsd_queue_depth', 'Jobs waiting to be taken (waiting + prioritized) per BullMQ queue', ['queue']);
    const queueActive = gauge('dsd_queue_active', 'Jobs being processed per queue', ['queue']);
    const queueDelayed = gauge('dsd_queue_delayed', 'Jobs scheduled for later (retries backing off, maintenance schedulers) per queue', ['queue']);
    const queueFailed = gauge('dsd_queue_failed', 'Jobs that used up their attempts, kept for inspection, per queue', ['queue']);
    const outboxPending = gauge('dsd_outbox_backlog', 'Outbox rows not yet moved to the queues (counted up to 100000)');
    const outboxAge = gauge('dsd_outbox_oldest_unpublished_age_seconds', 'Age of the oldest unpublished outbox row (0 when none)');
    const deltasBacklog = gauge('dsd_projection_deltas_backlog', 'Counter deltas not yet folded into the read models (up to 100000)');
    const deltasAge = gauge('dsd_projection_lag_seconds', 'Age of the oldest unfolded counter delta (0 when none)');
    const auditPending = gauge('dsd_audit_unsealed', 'Audit rows written but not yet sealed into the hash chain');
    const auditAge = gauge('dsd_audit_oldest_unsealed_age_seconds', 'Age of the oldest unsealed audit row (0 when none)');
    const liveSockets = gauge('dsd_live_sockets', 'Open live WebSocket connections on this instance');
    const liveSubscriptions = gauge('dsd_live_subscriptions', 'Channel subscriptions of the open sockets on this instance');
    const liveChannels = gauge('dsd_live_channels', 'Distinct channels with at least one subscriber on this instance');
    const poolMax = gauge('dsd_db_pool_max', 'Connections this instance’s database pool may open');
    const poolOpen = gauge('dsd_db_pool_connections', 'Connections this instance’s pool holds open (as PostgreSQL sees them)');
    const dbProbe = gauge('dsd_db_probe_seconds', 'Time for one trivial query through the pool (rises when the pool is saturated)');

    const ageSeconds = (at: Date | string | null | undefined) => (at ? Math.max(0, (Date.now() - new Date(at).getTime()) / 1000) : 0);

    const collectors: Record<string, () => Promise<void>> = {
      queues: async () => {
        const counts = await Promise.all(
          QUEUE_NAMES.map(
            async (name) => [name, await app.queues[name].getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed')] as const,
          ),
        );
        for (const [queue, c] of counts) {
          queueDepth.set({ queue }, (c.waiting ?? 0) + (c.prioritized ?? 0));
          queueActive.set({ queue }, c.active ?? 0);
          queueDelayed.set({ queue }, c.delayed ?? 0);
          queueFailed.set({ queue }, c.failed ?? 0);
        }
      },
      outbox: async () => {
        const backlog = await outboxBacklog(app.db);
        outboxPending.set(backlog.pending);
        outboxAge.set(ageSeconds(backlog.oldestAt));
      },
      projections: async () => {
        const backlog = await projectionBacklog(app.db);
        deltasBacklog.set(backlog.pending);
        deltasAge.set(ageSeconds(backlog.oldestAt));
      },
      audit: async () => {
        const backlog = await auditBacklog(app.db);
        auditPending.set(backlog.pending);
        auditAge.set(ageSeconds(backlog.oldestPendingAt));
      },
      db: async () => {
        poolMax.set(app.dbPool.max);
        const started = performance.now();
        await app.db.execute(sql`select 1`);
        dbProbe.set((performance.now() - started) / 1000);
        if (!app.dbPool.applicationName) return poolOpen.set(app.dbPool.max);
        // Sessions of other login roles show their application_name too (not their state), so this works as dsd_app.
        const [row] = await app.db.execute<{ n: number }>(
          sql`select count(*)::int as n from pg_stat_activity where application_name = ${app.dbPool.applicationName}`,
        );
        poolOpen.set(row?.n ?? 0);
      },
    };

    const collect = async (log: FastifyBaseLogger) => {
      const stats = app.liveStats();
      liveSockets.set(stats.sockets);
      liveSubscriptions.set(stats.subscriptions);
      liveChannels.set(stats.channels);
      await Promise.all(
        Object.entries(collectors).map(async ([collector, run]) => {
          try {
            await withTimeout(run(), COLLECT_TIMEOUT_MS);
            collectorUp.set({ collector }, 1);
          } catch (err) {
            collectorUp.set({ collector }, 0);
            log.warn({ collector, err: err instanceof Error ? err.message : String(err) }, 'metrics source unavailable');
          }
        }),
      );
    };

    const guard = async (request: FastifyRequest) => {
      if (isLoopbackCaller(request)) return;
      if (!opts.token) throw new Forbidden('Metrics are served to loopback callers only (set METRICS_TOKEN to allow others)');
      if (!bearerMatches(request.headers.authorization, opts.token)) throw new Unauthenticated();
    };

    app.get(
      '/metrics',
      {
        // Outside /api: no session, its own gate (loopback or the metrics token). Answers even under pressure.
        config: { access: 'public', pressureHandler: () => undefined },
        schema: { hide: true },
        onRequest: guard,
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        await collect(request.log);
        return reply
          .type(registry.contentType)
          .header('cache-control', 'no-store')
          .send(await registry.metrics());
      },
    );
  },
  { name: 'metrics', dependencies: ['db', 'queues', 'live'] },
);
