import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDb, type DbHandle } from '@dsd/db/client';
import { prepareDatabase } from '@dsd/db/setup';
import { type ApiResponse, api, signIn } from '../bench/lib/http.ts';
import { freshCount } from '../support/dashboard-oracle.ts';
import { PrivatePostgres } from '../support/postgres-server.ts';
import { PrivateRedis } from '../support/redis-server.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Two API processes and two worker processes behind a round-robin proxy on loopback, on a private PostgreSQL and
 * Redis, under mixed load (reads, proposals, supports, decisions, officer updates) with live subscribers on both
 * instances. LOAD_SECONDS (default 60) sets the length; the rate is kept modest so the suite's two cores suffice.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOAD_MS = Number(process.env.LOAD_SECONDS ?? 60) * 1000;
const SUBSCRIBERS_PER_INSTANCE = 3;
const PREFIX = 'multi';

let pg: PrivatePostgres;
let redis: PrivateRedis;
let databaseUrl: string;
let db: DbHandle;
const children: ChildProcess[] = [];
let proxy: { url: string; hits: number[]; upgrades: number[]; close(): Promise<void> };
let apiPorts: number[] = [];

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITES_PER_MINUTE: '600',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100',
    RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '1000',
    RELAY_INTERVAL_MS: '100',
    WORKER_CONCURRENCY: '4',
    // Overload protection stays on, with room for a machine the rest of the suite keeps busy.
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '5000',
  };
}

/** `npm start`'s own entry point without the in-process worker; resolves with the address it prints. */
function startApi(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += String(d);
      const match = /running at http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`API exited ${code}:\n${output}`)));
  });
}

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/worker.ts'], { cwd: ROOT, env: env(), stdio: 'ignore' });
  children.push(child);
  return child;
}

/** Round robin over the instances: each HTTP request to the next, each WebSocket upgrade to the next. */
function startProxy(ports: number[]): Promise<typeof proxy> {
  let nextRequest = 0;
  let nextUpgrade = 0;
  const hits = ports.map(() => 0);
  const upgrades = ports.map(() => 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const i = nextRequest++ % ports.length;
    hits[i]!++;
    const upstream = http.request({ host: '127.0.0.1', port: ports[i], method: req.method, path: req.url, headers: req.headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    const i = nextUpgrade++ % ports.length;
    upgrades[i]!++;
    const upstream = net.connect(ports[i]!, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let h = 0; h < req.rawHeaders.length; h += 2) lines.push(`${req.rawHeaders[h]}: ${req.rawHeaders[h + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream).add(socket as net.Socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        hits,
        upgrades,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            agent.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

beforeAll(async () => {
  [pg, redis] = await Promise.all([PrivatePostgres.create(), PrivateRedis.create()]);
  databaseUrl = await pg.createDatabase('dsd_multi');
  await prepareDatabase(databaseUrl, { demo: true });
  db = createDb(databaseUrl, { max: 3 });
  // One after the other: each runs the (idempotent) migrate-and-seed step of `npm start` first.
  const a = await startApi();
  const b = await startApi();
  startWorkerProcess();
  startWorkerProcess();
  apiPorts = [a.port, b.port];
  proxy = await startProxy(apiPorts);
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  await db?.close();
  await redis?.stop();
  await pg?.destroy();
});

type Answer = ApiResponse;
const call = (method: string, path: string, cookie?: string, body?: unknown) => api(proxy.url, method, path, { cookie, body });
const login = (email: string) => signIn(proxy.url, email, 'demo12345');

interface Subscriber {
  ws: WebSocket;
  events: string[];
}
function subscribe(channel: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/api/v1/live`);
    const events: string[] = [];
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === 'subscribed') resolve({ ws, events });
      if (message.type === 'event') events.push(`${message.event.kind} ${message.event.id} ${message.event.status ?? ''} ${message.event.at}`);
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel })));
    ws.once('error', reject);
  });
}

describe('two API instances and two workers behind a round-robin proxy', () => {
  it('mixed load: no errors but 429s, live events reach both instances’ subscribers, each assignment dispatched once, dashboard exact', async () => {
    const [coordinator, resident, chair, inspector] = await Promise.all(
      ['coordinator@demo.kz', 'resident@demo.kz', 'chair@demo.kz', 'inspector@demo.kz'].map(login),
    );
    const subscribers = await Promise.all(Array.from({ length: 2 * SUBSCRIBERS_PER_INSTANCE }, () => subscribe('district:auezov')));
    expect(proxy.upgrades).toEqual([SUBSCRIBERS_PER_INSTANCE, SUBSCRIBERS_PER_INSTANCE]);
    // Each instance's own metrics (scraped directly, from loopback) count its share of the sockets.
    for (const port of apiPorts) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain(`dsd_live_sockets ${SUBSCRIBERS_PER_INSTANCE}`);
      expect(text).toContain(`dsd_live_subscriptions ${SUBSCRIBERS_PER_INSTANCE}`);
    }
    const meetingRes = await call('POST', '/api/v1/meetings', coordinator, {
      districtSlug: 'auezov',
      title: 'Встреча под нагрузкой',
      startsAt: '2026-11-10T15:00:00+05:00',
      format: 'in_person',
      place: 'Акимат',
    });
    const meetingId: string = meetingRes.body.id;
    expect((await call('POST', `/api/v1/meetings/${meetingId}/transition`, coordinator, { to: 'held', version: 1 })).status).toBe(200);

    const answers: Array<{ what: string; status: number; body: unknown }> = [];
    const record = (what: string, a: Answer) => {
      answers.push({ what, status: a.status, body: a.status >= 300 ? a.body : undefined });
      return a;
    };
    const proposals: Array<{ id: string; author: 'resident' | 'chair' }> = [];
    const decisionIds: string[] = [];
    const officerWork: string[] = [];
    const transitions: Array<{ id: string; status: string }> = [];
    const until = Date.now() + LOAD_MS;
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let seq = 0;

    const readers = async () => {
      const paths = [
        '/api/v1/dashboard',
        '/api/v1/proposals?district=auezov&limit=20',
        '/api/v1/districts',
        '/api/v1/proposals?district=almaly&limit=5',
      ];
      for (let i = 0; Date.now() < until; i++) {
        const path = paths[i % paths.length]!;
        record(`GET ${path}`, await call('GET', path, i % 3 === 0 ? resident : undefined));
        await pause(60);
      }
    };
    const authors = async () => {
      for (let i = 0; Date.now() < until; i++) {
        const author = i % 2 === 0 ? 'resident' : 'chair';
        const res = record(
          'POST proposal',
          await call('POST', '/api/v1/proposals', author === 'resident' ? resident : chair, {
            districtSlug: 'auezov',
            category: 'lighting',
            title: `Нагрузка ${++seq}`,
            body: 'Темно во дворе у дома',
          }),
        );
        if (res.status === 201) proposals.push({ id: res.body.id, author });
        await pause(400);
      }
    };
    const supporters = async () => {
      for (let i = 0; Date.now() < until; i++) {
        const mine = i % 2 === 0 ? 'resident' : 'chair';
        const target = proposals.filter((p) => p.author !== mine).at(-1 - (i % 3));
        if (target) record('POST support', await call('POST', `/api/v1/proposals/${target.id}/support`, mine === 'resident' ? resident : chair));
        await pause(250);
      }
    };
    const coordinatorLane = async () => {
      for (let i = 0; Date.now() < until; i++) {
        const res = record(
          'POST decision',
          await call('POST', `/api/v1/meetings/${meetingId}/decisions`, coordinator, {
            kind: 'instruction',
            category: 'other',
            title: `Поручение под нагрузкой ${i}`,
            services: ['district_inspectors', 'migration', 'patrol'],
          }),
        );
        if (res.status === 201) {
          decisionIds.push(res.body.id);
          const mine = res.body.assignments.find((a: { serviceCode: string }) => a.serviceCode === 'district_inspectors');
          if (mine) officerWork.push(mine.id);
        }
        await pause(1500);
      }
    };
    const officer = async () => {
      while (Date.now() < until) {
        const id = officerWork.shift();
        if (!id) {
          await pause(200);
          continue;
        }
        let current = record('GET assignment', await call('GET', `/api/v1/assignments/${id}`, inspector)).body;
        while (current.status === 'queued' && Date.now() < until) {
          await pause(100);
          current = record('GET assignment', await call('GET', `/api/v1/assignments/${id}`, inspector)).body;
        }
        let version: number = current.version;
        for (const to of ['accepted', 'in_progress']) {
          const res = record(`transition ${to}`, await call('POST', `/api/v1/assignments/${id}/transition`, inspector, { to, version }));
          if (res.status !== 200) break;
          version = res.body.version;
          transitions.push({ id, status: to });
        }
        record(
          'POST update',
          await call('POST', `/api/v1/assignments/${id}/updates`, inspector, { note: 'Обход дворов', progress: 30, visibility: 'public', version }),
        );
      }
    };
    await Promise.all([readers(), readers(), authors(), supporters(), coordinatorLane(), officer()]);

    // Every answer a success or a rate limit.
    const failures = answers.filter((a) => a.status >= 300 && a.status !== 429);
    expect(failures.slice(0, 5), `${failures.length} failures of ${answers.length}`).toEqual([]);
    expect(answers.length).toBeGreaterThan(LOAD_MS / 100);
    expect(proxy.hits.every((h) => h > answers.length / 4)).toBe(true);
    expect(decisionIds.length).toBeGreaterThan(0);
    expect(transitions.length).toBeGreaterThan(0);

    // Every assignment dispatched, exactly once, whichever worker took it.
    await waitFor(
      async () => {
        const [row] = await db.sql<
          { n: number }[]
        >`select count(*)::int as n from assignments where decision_id = any(${decisionIds}::uuid[]) and status = 'queued'`;
        return row!.n === 0;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'all dispatched' },
    );
    const twice = await db.sql`
      select u.assignment_id from updates u join assignments a on a.id = u.assignment_id
      where a.decision_id = any(${decisionIds}::uuid[]) and u.to_status = 'dispatched'
      group by u.assignment_id having count(*) <> 1`;
    expect(twice).toHaveLength(0);
    const [{ n: assignmentCount }] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from assignments where decision_id = any(${decisionIds}::uuid[])`;
    expect(assignmentCount).toBe(decisionIds.length * 3);
    expect(await db.sql`select 1 from notifications group by dedupe_key, user_id having count(*) > 1`).toHaveLength(0);

    // Every live event reached every subscriber, on both instances: the same events, in full.
    await waitFor(
      async () => {
        const sizes = new Set(subscribers.map((s) => s.events.length));
        await pause(500);
        return sizes.size === 1 && new Set(subscribers.map((s) => s.events.length)).size === 1 && sizes;
      },
      { timeoutMs: 20_000, what: 'subscribers settled' },
    );
    const reference = [...subscribers[0]!.events].sort();
    expect(reference.length).toBeGreaterThan(proposals.length + decisionIds.length * 2 + transitions.length);
    for (const s of subscribers) expect([...s.events].sort()).toEqual(reference);
    const seen = new Set(reference.map((e) => e.split(' ').slice(0, 3).join(' ')));
    for (const p of proposals) expect(seen.has(`proposal.created ${p.id} submitted`), `proposal ${p.id}`).toBe(true);
    for (const d of decisionIds) expect(seen.has(`decision.created ${d} open`), `decision ${d}`).toBe(true);
    const dispatched = await db.sql<
      { id: string }[]
    >`select id from assignments where decision_id = any(${decisionIds}::uuid[]) and district_slug = 'auezov'`;
    for (const a of dispatched) expect(seen.has(`assignment.updated ${a.id} dispatched`), `dispatch of ${a.id}`).toBe(true);
    for (const tr of transitions) expect(seen.has(`assignment.updated ${tr.id} ${tr.status}`), `${tr.status} of ${tr.id}`).toBe(true);

    // The dashboard from either instance equals a fresh count of the records (after the public-read cache's 0.5 s).
    await pause(1000);
    const fresh = await freshCount(db.db);
    for (let i = 0; i < 2; i++) {
      const body = (await call('GET', '/api/v1/dashboard')).body;
      const served = Object.fromEntries(body.districts.map(({ slug, name: _name, ...rest }: { slug: string; name: unknown }) => [slug, rest]));
      expect(served).toEqual(fresh);
    }
    for (const s of subscribers) s.ws.close();
  }, 300_000);
});
