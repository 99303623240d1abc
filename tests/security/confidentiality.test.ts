import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { heldMeeting, userId } from '../support/fixtures.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';
import { addAccount, addMatrixAccounts } from './access-world.ts';

/**
 * A migration tip's confidential details travel the whole flow (proposal → review → decision → dispatch → work →
 * done) and then every channel is searched for them: each read route as each outsider, WebSocket events,
 * notifications, emails, the audit log, the outbox and the queue's job data in Redis.
 */
const MARKER = `TIP${randomBytes(6).toString('hex')}`;
const TIP = `${MARKER}: кв. 48, шесть человек без регистрации, хозяин сдаёт посуточно`;

let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let t: TestApp;
let worker: WorkerHandle;
let port: number;

/** Who may read the tip, and who must never see it. */
const READERS = ['resident@demo.kz', 'coordinator.auezov@matrix.test', 'migration@demo.kz'] as const;
const OUTSIDERS = [
  'anonymous',
  'neighbour@matrix.test',
  'chair.mamyr@demo.kz',
  'video@demo.kz',
  'head@demo.kz',
  'coordinator.almaly@matrix.test',
  'admin@demo.kz',
] as const;

const cookies = new Map<string, string | undefined>();
const sockets = new Map<string, { ws: WebSocket; messages: string[] }>();
let proposalId: string;
let meetingId: string;
let decisionId: string;
let assignmentId: string;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ SMTP_URL: smtp.url });
  await addMatrixAccounts(t.db);
  await addAccount(t.db, {
    email: 'coordinator.almaly@matrix.test',
    name: 'Координатор Алмалинского района',
    role: 'coordinator',
    grants: [{ districtSlug: 'almaly' }],
  });
  await t.request({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: 'neighbour@matrix.test', password: 'demo12345', name: 'Сосед' },
  });
  worker = await startTestWorker(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  for (const who of [...READERS, ...OUTSIDERS]) {
    cookies.set(who, who === 'anonymous' ? undefined : await t.login(who));
    sockets.set(who, await openSocket(cookies.get(who), who === 'anonymous' ? null : await userId(t.db, who)));
  }
  await runTheTipThroughTheFlow();
}, 120_000);

afterAll(async () => {
  for (const { ws } of sockets.values()) ws.terminate();
  await worker?.close();
  await t?.close();
  await smtp?.close();
});

async function openSocket(cookie: string | undefined, selfId: string | null) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, { headers: cookie ? { cookie } : {} });
  const messages: string[] = [];
  ws.on('message', (data) => messages.push(String(data)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  subscribe(ws, 'district:auezov');
  if (selfId) subscribe(ws, `user:${selfId}`);
  return { ws, messages };
}

function subscribe(ws: WebSocket, channel: string) {
  ws.send(JSON.stringify({ type: 'subscribe', channel }));
}

function subscribeEveryone(channel: string) {
  for (const { ws } of sockets.values()) subscribe(ws, channel);
}

async function as(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await t.request({ method, url, payload, cookie: cookies.get(who) });
  if (method === 'POST' && res.statusCode >= 300) throw new Error(`${who} ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}

async function runTheTipThroughTheFlow() {
  const coordinator = 'coordinator.auezov@matrix.test';
  const proposal = await as('resident@demo.kz', 'POST', '/api/v1/proposals', {
    districtSlug: 'auezov',
    category: 'migration',
    title: 'Резиновая квартира в доме 44',
    body: 'В одной квартире живёт слишком много людей',
    confidentialDetails: TIP,
  });
  proposalId = proposal.json().id;
  subscribeEveryone(`proposal:${proposalId}`);
  await as(coordinator, 'POST', `/api/v1/proposals/${proposalId}/transition`, { to: 'under_review', version: 1 });
  await as(coordinator, 'POST', `/api/v1/proposals/${proposalId}/transition`, {
    to: 'accepted',
    answer: 'Передано в миграционную службу',
    version: 2,
  });
  const meeting = await heldMeeting(t, cookies.get(coordinator)!);
  meetingId = meeting.id;
  subscribeEveryone(`meeting:${meetingId}`);
  const decision = await as(coordinator, 'POST', `/api/v1/meetings/${meetingId}/decisions`, {
    kind: 'instruction',
    category: 'migration',
    title: 'Проверить квартиру по сигналу председателя',
    proposalIds: [proposalId],
    services: ['migration'],
    dueAt: new Date(Date.now() + 14 * 24 * 3600_000).toISOString(),
  });
  decisionId = decision.json().id;
  assignmentId = decision.json().assignments[0].id;
  subscribeEveryone(`decision:${decisionId}`);
  subscribeEveryone(`assignment:${assignmentId}`);
  const dispatched: { version: number } = await waitFor(
    async () => {
      const res = await as('migration@demo.kz', 'GET', `/api/v1/assignments/${assignmentId}`);
      return res.json().status === 'dispatched' ? res.json() : undefined;
    },
    { what: 'dispatch by the worker' },
  );
  let version = dispatched.version;
  for (const step of [{ to: 'accepted' }, { to: 'in_progress' }]) {
    version = (await as('migration@demo.kz', 'POST', `/api/v1/assignments/${assignmentId}/transition`, { ...step, version })).json().version;
  }
  version = (
    await as('migration@demo.kz', 'POST', `/api/v1/assignments/${assignmentId}/updates`, {
      note: 'Проверка проведена, составлены протоколы',
      progress: 80,
      version,
    })
  ).json().version;
  await as('migration@demo.kz', 'POST', `/api/v1/assignments/${assignmentId}/transition`, { to: 'done', version });
  // Every event the flow queued has been delivered: notifications, emails and live broadcasts are all out.
  await waitFor(async () => Number((await t.db.sql`select count(*) from outbox where published_at is null`)[0]!.count) === 0, {
    what: 'outbox drained',
  });
  await waitFor(async () => smtp.mails.length > 0, { what: 'notification emails' });
  await new Promise((r) => setTimeout(r, 500));
}

const readRoutes = () => [
  '/api/v1/proposals?district=auezov&limit=100',
  '/api/v1/proposals?category=migration&limit=100',
  `/api/v1/proposals/${proposalId}`,
  '/api/v1/meetings?district=auezov',
  `/api/v1/meetings/${meetingId}`,
  '/api/v1/decisions?district=auezov',
  `/api/v1/decisions/${decisionId}`,
  '/api/v1/updates?district=auezov',
  '/api/v1/assignments?district=auezov&limit=100',
  '/api/v1/assignments?mine=true&limit=100',
  `/api/v1/assignments/${assignmentId}`,
  '/api/v1/dashboard',
  '/api/v1/notifications?limit=100',
  '/api/v1/audit?limit=200',
  `/api/v1/audit?entityId=${proposalId}`,
];

describe('confidential tip details', () => {
  it('reach the author, the district coordinator and the assigned service', async () => {
    for (const who of READERS) {
      const res = await as(who, 'GET', `/api/v1/proposals/${proposalId}`);
      expect(res.json().confidentialDetails, who).toBe(TIP);
    }
    const work = await as('migration@demo.kz', 'GET', `/api/v1/assignments/${assignmentId}`);
    expect(work.json().confidentialDetails).toEqual([{ proposalId, details: TIP }]);
  });

  it('appear in no read route for anyone else: anonymous, residents, other chairs, other services, other districts, admins', async () => {
    const leaks: string[] = [];
    let reads = 0;
    for (const who of OUTSIDERS) {
      for (const url of readRoutes()) {
        const res = await as(who, 'GET', url);
        expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
        reads++;
        if (res.body.includes(MARKER)) leaks.push(`${who} ${url}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(reads).toBe(OUTSIDERS.length * readRoutes().length);
  });

  it('are never carried by WebSocket events, to anyone', () => {
    for (const [who, { messages }] of sockets) {
      expect(
        messages.some((m) => m.includes('"type":"event"')),
        `${who} saw the flow live`,
      ).toBe(true);
      expect(
        messages.filter((m) => m.includes(MARKER)),
        who,
      ).toEqual([]);
    }
  });

  it('are in no notification and no email', async () => {
    const notifications = await t.db.sql`select count(*)::int as n from notifications`;
    expect(notifications[0]!.n).toBeGreaterThan(0);
    const leaking = await t.db.sql`select count(*)::int as n from notifications x where x::text like ${`%${MARKER}%`}`;
    expect(leaking[0]!.n).toBe(0);
    expect(smtp.mails.length).toBeGreaterThan(0);
    expect(smtp.mails.filter((m) => decodedMail(m.data).includes(MARKER))).toEqual([]);
  });

  it('are kept out of the audit log, the outbox and the queue’s job data', async () => {
    const audit = await t.db.sql`select count(*)::int as n from audit_log x where x::text like ${`%${MARKER}%`}`;
    expect(audit[0]!.n).toBe(0);
    const created = await t.db.sql`select after from audit_log where entity_id = ${proposalId} and action = 'proposal.created'`;
    expect(created[0]!.after.confidentialDetails).toBe('[confidential]');
    const outbox = await t.db.sql`select count(*)::int as n from outbox x where x::text like ${`%${MARKER}%`}`;
    expect(outbox[0]!.n).toBe(0);
    expect(await redisValuesContaining(MARKER)).toEqual([]);
  });
});

/** Mail bodies are base64 or quoted-printable: decode every part before searching. */
function decodedMail(raw: string): string {
  const unfolded = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  const base64Parts = raw
    .split(/\r?\n\r?\n/)
    .filter((part) => /^[A-Za-z0-9+/=\r\n]+$/.test(part.trim()))
    .map((part) => Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8'));
  return [raw, Buffer.from(unfolded, 'latin1').toString('utf8'), ...base64Parts].join('\n');
}

async function redisValuesContaining(needle: string): Promise<string[]> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(t.config.redisUrl, { maxRetriesPerRequest: 1 });
  const found: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const values =
          type === 'hash'
            ? await redis.hvals(key)
            : type === 'string'
              ? [(await redis.get(key)) ?? '']
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'zset'
                  ? await redis.zrange(key, '0', '-1')
                  : type === 'set'
                    ? await redis.smembers(key)
                    : [];
        if (values.some((v) => v.includes(needle))) found.push(key);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return found;
}
