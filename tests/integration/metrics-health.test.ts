import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import { QUEUE_NAMES } from '@dsd/server/modules/queue/queues';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp, type AppInstance } from '@dsd/server/app';
import { createTestApp, testConfig, type TestApp } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: 'metrics-token-for-tests-0123456789' });
});
afterAll(async () => t?.close());

const scrape = async (options: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  t.app.inject({ method: 'GET', url: '/metrics', ...options });
const families = (text: string): Map<string, PromFamily> => new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
const value = (family: PromFamily | undefined, labels: Record<string, string> = {}) =>
  Number(family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value);

describe('GET /metrics', () => {
  it('parses as Prometheus text with every family the operator guide names', async () => {
    const resident = await t.login('resident@demo.kz');
    await t.request({ method: 'GET', url: '/api/v1/proposals?district=auezov', cookie: resident });
    await t.request({ method: 'GET', url: '/api/v1/proposals/00000000-0000-4000-8000-000000000000', cookie: resident });
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const byName = families(res.body);

    const http = byName.get('dsd_http_request_duration_seconds');
    expect(http?.type).toBe('HISTOGRAM');
    expect(Number(http!.metrics[0]!.buckets?.['+Inf'])).toBeGreaterThan(0);
    // The parser folds a histogram's label sets into one; read each series' labels from its _count line.
    const routes = [...res.body.matchAll(/^dsd_http_request_duration_seconds_count\{(.*)\} (\d+)$/gm)].map(([, labels]) => {
      const l = Object.fromEntries([...labels!.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
      return `${l.method} ${l.route} ${l.status_code}`;
    });
    // The route's pattern, never the raw URL with its ids.
    expect(routes).toContain('GET /api/v1/proposals/:id 404');
    expect(routes).toContain('POST /api/v1/auth/login 200');
    expect(routes.some((r) => r.includes('00000000-'))).toBe(false);

    for (const name of ['dsd_queue_depth', 'dsd_queue_active', 'dsd_queue_delayed', 'dsd_queue_failed']) {
      const family = byName.get(name);
      expect(family?.type, name).toBe('GAUGE');
      expect(family!.metrics.map((m) => m.labels?.queue).sort()).toEqual([...QUEUE_NAMES].sort());
    }
    for (const name of [
      'dsd_outbox_backlog',
      'dsd_outbox_oldest_unpublished_age_seconds',
      'dsd_projection_deltas_backlog',
      'dsd_projection_lag_seconds',
      'dsd_audit_unsealed',
      'dsd_audit_oldest_unsealed_age_seconds',
      'dsd_live_sockets',
      'dsd_live_subscriptions',
      'dsd_db_pool_max',
      'dsd_db_pool_connections',
      'dsd_db_probe_seconds',
    ]) {
      expect(byName.get(name)?.type, name).toBe('GAUGE');
      expect(Number.isFinite(value(byName.get(name))), name).toBe(true);
    }
    // No worker runs here: the login above wrote audit rows nobody sealed, and the outbox is untouched.
    expect(value(byName.get('dsd_audit_unsealed'))).toBeGreaterThan(0);
    expect(value(byName.get('dsd_db_pool_max'))).toBe(10);
    expect(value(byName.get('dsd_db_pool_connections'))).toBeGreaterThanOrEqual(1);
    expect(value(byName.get('dsd_db_pool_connections'))).toBeLessThanOrEqual(10);
    for (const collector of ['queues', 'outbox', 'projections', 'audit', 'db']) {
      expect(value(byName.get('dsd_metrics_collector_up'), { collector }), collector).toBe(1);
    }
    expect(byName.get('dsd_process_resident_memory_bytes')?.type).toBe('GAUGE');
  });

  it('the outbox and projection backlogs show their age', async () => {
    await t.db
      .sql`insert into outbox (queue, name, payload, created_at) values ('notifications', 'notify', '{"event":"x"}', now() - interval '90 seconds')`;
    await t.db
      .sql`insert into stat_deltas (metric, district_slug, key, n, created_at) values ('metrics.test', 'auezov', 'k', 0, now() - interval '30 seconds')`;
    const byName = families((await scrape()).body);
    expect(value(byName.get('dsd_outbox_backlog'))).toBeGreaterThanOrEqual(1);
    expect(value(byName.get('dsd_outbox_oldest_unpublished_age_seconds'))).toBeGreaterThanOrEqual(89);
    expect(value(byName.get('dsd_projection_deltas_backlog'))).toBeGreaterThanOrEqual(1);
    expect(value(byName.get('dsd_projection_lag_seconds'))).toBeGreaterThanOrEqual(29);
    await t.db.sql`delete from outbox where payload = '{"event":"x"}'`;
    await t.db.sql`delete from stat_deltas where metric = 'metrics.test'`;
  });

  it('counts live sockets and their subscriptions', async () => {
    const address = await listenCopy();
    const ws = new WebSocket(`${address.replace('http', 'ws')}/api/v1/live`);
    const acks: unknown[] = [];
    ws.on('message', (raw) => acks.push(JSON.parse(raw.toString())));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'district:auezov' }));
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'district:almaly' }));
    await waitFor(async () => acks.length === 2, { what: 'subscriptions acknowledged' });
    const byName = families((await copy!.inject({ method: 'GET', url: '/metrics' })).body);
    expect(value(byName.get('dsd_live_sockets'))).toBe(1);
    expect(value(byName.get('dsd_live_subscriptions'))).toBe(2);
    ws.close();
    await copy!.close();
    copy = undefined;
  });

  it('answers loopback callers; others only with the bearer token', async () => {
    expect((await scrape({ remoteAddress: '10.20.30.40' })).statusCode).toBe(401);
    const wrong = await scrape({ remoteAddress: '10.20.30.40', headers: { authorization: 'Bearer metrics-token-for-tests-000000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', requestId: expect.any(String) } });
    const right = await scrape({ remoteAddress: '10.20.30.40', headers: { authorization: 'Bearer metrics-token-for-tests-0123456789' } });
    expect(right.statusCode).toBe(200);
    // A local reverse proxy forwarding an outside request is not a loopback caller.
    expect((await scrape({ headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(401);

    const noToken = await buildApp({ config: testConfig(), databaseUrl: t.databaseUrl, logger: false });
    try {
      const res = await noToken.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.20.30.40' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect((await noToken.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    } finally {
      await noToken.close();
    }
  });
});

let copy: AppInstance | undefined;
async function listenCopy(): Promise<string> {
  copy = await buildApp({ config: t.config, databaseUrl: t.databaseUrl, logger: false });
  return copy.listen({ host: '127.0.0.1', port: 0 });
}

describe('health', () => {
  it('live answers while the process is up; ready checks PostgreSQL, Redis and the migrations; /health stays', async () => {
    const live = await t.request({ method: 'GET', url: '/api/v1/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'ok', uptimeSeconds: expect.any(Number) });
    const ready = await t.request({ method: 'GET', url: '/api/v1/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { db: 'up', redis: 'up', migrations: 'current' } });
    expect((await t.request({ method: 'GET', url: '/api/v1/health' })).json()).toEqual({ status: 'ok', checks: { db: 'up', redis: 'up' } });
  });

  it('ready is 503 in the error shape when the database misses a migration (PostgreSQL down: tests/reliability/postgres-restart)', async () => {
    const [latest] = await t.db.sql<{ id: number; created_at: string }[]>`
      select id, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`;
    await t.db.sql`update drizzle.__drizzle_migrations set created_at = ${Number(latest!.created_at) - 1} where id = ${latest!.id}`;
    try {
      const res = await t.request({ method: 'GET', url: '/api/v1/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        error: {
          code: 'NOT_READY',
          message: expect.stringMatching(/migrations/),
          details: { db: 'up', redis: 'up', migrations: 'behind' },
          requestId: expect.any(String),
        },
      });
    } finally {
      await t.db.sql`update drizzle.__drizzle_migrations set created_at = ${latest!.created_at} where id = ${latest!.id}`;
    }
  });
});

describe('request ids', () => {
  it('every response carries X-Request-Id, and error bodies the same id', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/proposals/not-a-uuid' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
    const missing = await t.request({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.json().error.requestId).toBe(missing.headers['x-request-id']);
    // A proxy's id is kept, so one id follows the request through both.
    const forwarded = await t.request({ method: 'GET', url: '/api/v1/health/live', headers: { 'x-request-id': 'edge-4f2a9c1b' } });
    expect(forwarded.headers['x-request-id']).toBe('edge-4f2a9c1b');
    const odd = await t.request({ method: 'GET', url: '/api/v1/health/live', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('log lines of a request carry its id', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const logged = await buildApp({ config: t.config, databaseUrl: t.databaseUrl, logger: { level: 'info', stream } });
    try {
      const res = await logged.inject({ method: 'GET', url: '/api/v1/proposals/not-a-uuid' });
      const id = res.headers['x-request-id'];
      const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === id);
      expect(mine.length).toBeGreaterThanOrEqual(3); // incoming request, the 400 it became, request completed
      expect(
        lines
          .map((l) => JSON.parse(l))
          .filter((l) => l.req || l.res)
          .every((l) => typeof l.reqId === 'string'),
      ).toBe(true);
    } finally {
      await logged.close();
    }
  });
});

describe('overload', () => {
  it('answers 503 with Retry-After in the error shape when over the limit; liveness still answers', async () => {
    const strained = await buildApp({ config: testConfig({ OVERLOAD_MAX_HEAP_USED_MB: '1' }), databaseUrl: t.databaseUrl, logger: false });
    try {
      await strained.ready();
      // under-pressure samples once a second.
      await waitFor(async () => (await strained.inject({ method: 'GET', url: '/api/v1/health' })).statusCode === 503, { what: 'pressure sampled' });
      const res = await strained.inject({ method: 'GET', url: '/api/v1/districts' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('10');
      expect(res.json()).toMatchObject({
        error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/overloaded/), requestId: expect.any(String) },
      });
      expect((await strained.inject({ method: 'GET', url: '/api/v1/health/live' })).statusCode).toBe(200);
    } finally {
      await strained.close();
    }
  });
});
