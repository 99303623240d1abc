import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { percentile } from './http.ts';

/** Many WebSocket clients subscribed to one channel, each noting when the current probe's event reached it. */
export interface Subscribers {
  count: number;
  /** Receive times (performance.now) of the current probe, one slot per client. */
  received: Float64Array;
  probe: { kind: string; active: boolean };
  close(): void;
}

export async function subscribe(wsUrl: string, channel: string, count: number, batch = 250): Promise<Subscribers> {
  const sockets: WebSocket[] = [];
  const received = new Float64Array(count);
  const probe = { kind: 'proposal.created', active: false };
  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
      sockets.push(ws);
      const timer = setTimeout(() => reject(new Error(`client ${i}: not subscribed within 30 s`)), 30_000);
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel })));
      ws.on('message', (data: Buffer) => {
        // Cheap on purpose: the client side is the same in both runs, and should cost as little as it can.
        const text = data.toString();
        if (text.startsWith('{"type":"subscribed"')) {
          clearTimeout(timer);
          resolve();
        } else if (probe.active && received[i] === 0 && text.includes(`"kind":"${probe.kind}"`)) {
          received[i] = performance.now();
        }
      });
    });
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(i + j)));
  }
  return {
    count,
    received,
    probe,
    close() {
      for (const ws of sockets) ws.terminate();
    },
  };
}

export interface BroadcastResult {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
  missed: number;
  events: number;
}

/**
 * Sends `events` triggers one after another; for each, every subscriber's receive time minus the time the trigger
 * request was sent. Waits for all subscribers (at most `timeoutMs`) before the next trigger.
 */
export async function measureBroadcast(
  subs: Subscribers,
  trigger: () => Promise<unknown>,
  options: { events: number; warmup: number; timeoutMs?: number },
): Promise<BroadcastResult> {
  const samples: number[] = [];
  let missed = 0;
  for (let e = 0; e < options.warmup + options.events; e++) {
    subs.received.fill(0);
    subs.probe.active = true;
    const sent = performance.now();
    const response = trigger();
    const until = sent + (options.timeoutMs ?? 10_000);
    while (performance.now() < until) {
      await new Promise((r) => setTimeout(r, 5));
      if (subs.received.every((t) => t > 0)) break;
    }
    await response;
    subs.probe.active = false;
    if (e >= options.warmup) {
      for (const t of subs.received) {
        if (t > 0) samples.push(t - sent);
        else missed++;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: percentile(samples, 100),
    samples: samples.length,
    missed,
    events: options.events,
  };
}
