import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp, type AppInstance } from '@dsd/server/app';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let a: TestApp;
let b: AppInstance;
let bUrl: string;
let worker: WorkerHandle;

beforeAll(async () => {
  a = await createTestApp();
  b = await buildApp({ config: a.config, databaseUrl: a.databaseUrl, logger: false });
  const address = await b.listen({ host: '127.0.0.1', port: 0 });
  bUrl = address.replace('http', 'ws');
  worker = await startTestWorker(a);
});
afterAll(async () => {
  await worker?.close();
  await b?.close();
  await a?.close();
});

function connect(url: string, cookie?: string): Promise<{ ws: WebSocket; messages: any[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/api/v1/live`, { headers: cookie ? { cookie } : {} });
    const messages: any[] = [];
    ws.on('message', (raw) => messages.push(JSON.parse(raw.toString())));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

describe('live updates across instances', () => {
  it('an officer’s change through instance A reaches a district subscriber on instance B within a second', async () => {
    const coordinator = await a.login('coordinator@demo.kz');
    const migration = await a.login('migration@demo.kz');
    const meeting = await heldMeeting(a, coordinator);
    const decision = await createDecision(a, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'migration',
      title: 'Отработка',
      services: ['migration'],
    });
    const id = decision.assignments[0].id;
    await waitFor(async () => (await a.request({ method: 'GET', url: `/api/v1/assignments/${id}` })).json().status === 'dispatched');

    const { ws, messages } = await connect(bUrl);
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'district:auezov' }));
    ws.send(JSON.stringify({ type: 'subscribe', channel: `assignment:${id}` }));
    await waitFor(async () => messages.filter((m) => m.type === 'subscribed').length === 2);

    const started = Date.now();
    const res = await a.request({
      method: 'POST',
      url: `/api/v1/assignments/${id}/transition`,
      cookie: migration,
      payload: { to: 'accepted', version: 2 },
    });
    expect(res.statusCode).toBe(200);
    const event = await waitFor(async () => messages.find((m) => m.type === 'event' && m.event.kind === 'assignment.updated' && m.event.id === id), {
      timeoutMs: 1000,
      intervalMs: 10,
      what: 'live event on instance B',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(event.event).toMatchObject({ status: 'accepted', districtSlug: 'auezov' });
    // Public channel: the event carries no personal data.
    expect(JSON.stringify(event)).not.toMatch(/@demo\.kz|officer/);
    ws.close();
  });

  it('answers malformed messages, unknown channels and another user’s channel with errors, and keeps the socket open', async () => {
    const resident = await a.login('resident@demo.kz');
    const me = (await a.request({ method: 'GET', url: '/api/v1/auth/me', cookie: resident })).json().user.id;
    const { ws, messages } = await connect(bUrl, resident);
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'subscribe' }));
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'secrets:all' }));
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'user:00000000-0000-4000-8000-000000000000' }));
    ws.send(JSON.stringify({ type: 'subscribe', channel: `user:${me}` }));
    ws.send(JSON.stringify({ type: 'ping' }));
    await waitFor(async () => messages.length >= 6);
    expect(messages.slice(0, 6).map((m) => m.code ?? m.type)).toEqual([
      'MALFORMED_MESSAGE',
      'MALFORMED_MESSAGE',
      'UNKNOWN_CHANNEL',
      'FORBIDDEN_CHANNEL',
      'subscribed',
      'pong',
    ]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('an anonymous socket cannot listen to any user channel', async () => {
    const { ws, messages } = await connect(bUrl);
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'user:00000000-0000-4000-8000-000000000000' }));
    await waitFor(async () => messages.length >= 1);
    expect(messages[0].code).toBe('FORBIDDEN_CHANNEL');
    ws.close();
  });
});
