import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp, type AppInstance } from '@dsd/server/app';
import { SESSION_ENDED_CLOSE } from '@dsd/server/plugins/live';
import { createTestApp, type TestApp } from '../support/app.ts';
import { userId } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';

/** A live socket lives no longer than its session, on every instance; sockets are capped per address and per account. */
let t: TestApp;
let other: AppInstance;
let url: string;
let otherUrl: string;

beforeAll(async () => {
  t = await createTestApp({ LIVE_SOCKETS_PER_USER: '3', LIVE_SOCKETS_PER_ADDRESS: '8' });
  url = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  // A second API instance on the same Redis: sessions ended through the first must close sockets here too.
  other = await buildApp({ config: t.config, databaseUrl: t.databaseUrl, logger: false });
  otherUrl = (await other.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

interface Live {
  ws: WebSocket;
  messages: Array<{ type: string; channel?: string; event?: { kind: string } }>;
  closed: Promise<number>;
}

function connect(base: string, cookie?: string): Promise<Live> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base}/api/v1/live`, { headers: cookie ? { cookie } : {} });
    const messages: Live['messages'] = [];
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.on('message', (raw) => messages.push(JSON.parse(raw.toString())));
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function subscribed(live: Live, ...channels: string[]) {
  for (const channel of channels) live.ws.send(JSON.stringify({ type: 'subscribe', channel }));
  await waitFor(async () => live.messages.filter((m) => m.type === 'subscribed').length >= channels.length, { what: 'subscriptions' });
}

const notify = (id: string) =>
  t.app.events.publish({ channels: [`user:${id}`, 'district:auezov'], event: { kind: 'notification.created', id, at: new Date().toISOString() } });

describe('sockets end with their session', () => {
  it('sign-out closes the session’s sockets on every instance, and nothing more reaches them', async () => {
    const cookie = await t.login('chair.mamyr@demo.kz');
    const id = await userId(t.db, 'chair.mamyr@demo.kz');
    const here = await connect(url, cookie);
    const there = await connect(otherUrl, cookie);
    await subscribed(here, `user:${id}`, 'district:auezov');
    await subscribed(there, `user:${id}`, 'district:auezov');
    await notify(id);
    await waitFor(async () => here.messages.some((m) => m.type === 'event') && there.messages.some((m) => m.type === 'event'), {
      what: 'first event',
    });

    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout', cookie })).statusCode).toBe(200);
    expect(await here.closed).toBe(SESSION_ENDED_CLOSE);
    expect(await there.closed).toBe(SESSION_ENDED_CLOSE);
    const seen = here.messages.length + there.messages.length;
    await notify(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(here.messages.length + there.messages.length).toBe(seen);
  });

  it('a password change closes the sockets of every other session and keeps the changer’s', async () => {
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'live.pw@example.kz', password: 'first-password', name: 'Л' },
    });
    const laptop = await t.login('live.pw@example.kz', 'first-password');
    const phone = await t.login('live.pw@example.kz', 'first-password');
    const onPhone = await connect(url, phone);
    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: laptop,
      payload: { currentPassword: 'first-password', newPassword: 'second-password' },
    });
    expect(changed.statusCode).toBe(200);
    expect(await onPhone.closed).toBe(SESSION_ENDED_CLOSE);
    const renewed = `dsd_session=${changed.cookies.find((c) => c.name === 'dsd_session')!.value}`;
    const onLaptop = await connect(url, renewed);
    await subscribed(onLaptop, 'district:auezov');
    expect(onLaptop.ws.readyState).toBe(WebSocket.OPEN);
    onLaptop.ws.close();
  });

  it('re-checks the session before each private delivery: a session ended behind the socket’s back gets nothing', async () => {
    const cookie = await t.login('chair.zhetysu2@demo.kz');
    const id = await userId(t.db, 'chair.zhetysu2@demo.kz');
    const live = await connect(url, cookie);
    await subscribed(live, `user:${id}`);
    // Expired (or deleted without any announcement, e.g. by an operator): no sessions.ended message is published.
    await t.db.sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${id}`;
    await notify(id);
    expect(await live.closed).toBe(SESSION_ENDED_CLOSE);
    expect(live.messages.filter((m) => m.type === 'event')).toEqual([]);
  });
});

describe('socket limits', () => {
  it('caps open sockets per account and per address, and forgets channels nobody watches', async () => {
    const cookie = await t.login('juvenile@demo.kz');
    const mine = [await connect(url, cookie), await connect(url, cookie), await connect(url, cookie)];
    await expect(connect(url, cookie)).rejects.toThrow(/429/);
    const anonymous = [];
    for (let i = 0; i < 5; i++) anonymous.push(await connect(url));
    await expect(connect(url)).rejects.toThrow(/429/);
    for (const live of [...mine, ...anonymous]) live.ws.close();
    await waitFor(async () => t.app.liveStats().sockets === 0, { what: 'sockets closed' });
    expect((await connect(url)).ws.readyState).toBe(WebSocket.OPEN);

    const watcher = await connect(url);
    const channels = Array.from({ length: 20 }, () => `meeting:${crypto.randomUUID()}`);
    await subscribed(watcher, ...channels);
    const before = t.app.liveStats().channels;
    for (const channel of channels) watcher.ws.send(JSON.stringify({ type: 'unsubscribe', channel }));
    await waitFor(async () => watcher.messages.filter((m) => m.type === 'unsubscribed').length === channels.length, { what: 'unsubscribed' });
    expect(t.app.liveStats().channels).toBe(before - channels.length);
  });
});
