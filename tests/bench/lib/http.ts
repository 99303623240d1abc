import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface ApiResponse {
  status: number;
  body: any;
}

/** One JSON request to the server under test. */
export async function api(base: string, method: string, path: string, options: { cookie?: string; body?: unknown } = {}): Promise<ApiResponse> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  return { status: res.status, body: parsed(await res.text()) };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// Kept-alive sockets for lightApi(): in a timed loop the bench shares the machine with what it measures, so its client
// should cost little (fetch spent some 3 ms of CPU per request recording decisions, a tenth of the pipeline's own).
const keepAlive = new Agent({ keepAlive: true, maxSockets: 16 });

/** api() over node:http on kept-alive sockets, for the requests a figure times. */
export function lightApi(base: string, method: string, path: string, options: { cookie?: string; body?: unknown } = {}): Promise<ApiResponse> {
  const payload = options.body !== undefined ? JSON.stringify(options.body) : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent: keepAlive,
        headers: {
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parsed(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function expectOk(res: Promise<ApiResponse>, what: string): Promise<any> {
  const r = await res;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

/** Signs in and returns the Cookie header value for the session. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('dsd_session='));
  if (!cookie) throw new Error(`sign-in as ${email}: no session cookie`);
  return cookie;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

/** Drives one URL with autocannon for `seconds` (after a short unmeasured warm-up) and returns 2xx responses per second. */
export async function load(
  url: string,
  options: { connections: number; seconds: number; warmupSeconds?: number; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: options.connections,
      duration,
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
    });
  if (options.warmupSeconds) await run(options.warmupSeconds);
  const r = await run(options.seconds);
  const ok = r['2xx'];
  return {
    requestsPerSecond: ok / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    seconds: r.duration,
  };
}

/** Latency of one request at a time (no queueing): `count` requests after `warmup` unmeasured ones. */
export async function sampleLatency(
  url: string,
  options: { count: number; warmup: number; cookie?: string },
): Promise<{ p50Ms: number; p90Ms: number; samples: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = httpRequest(url, { agent, headers: options.cookie ? { cookie: options.cookie } : {} }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    for (let i = 0; i < options.warmup; i++) await once();
    const samples: number[] = [];
    for (let i = 0; i < options.count; i++) samples.push(await once());
    return { p50Ms: percentile(samples, 50), p90Ms: percentile(samples, 90), samples: samples.length };
  } finally {
    agent.destroy();
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
