import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const running = new Set<ChildProcess>();
// Whatever ends the bench, its children end with it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
  /** The end of its output, for error messages. */
  tail(): string;
}

/** Starts `node --import tsx <script>` from the repository root, its output going to `logFile`. */
export function spawnNode(script: string, env: Record<string, string>, logFile: string): Child {
  const out = openSync(logFile, 'a');
  // BENCH_CPU_PROFILE=<dir>: each process writes a V8 CPU profile there when it exits, to open in Chrome's DevTools.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return {
    process: child,
    tail: () => {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        return '';
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.process.exitCode !== null) throw new Error(`${url}: the process exited (${child.process.exitCode}):\n${child.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${child.tail()}`);
}

export interface ServerHandle extends Child {
  url: string;
  port: number;
}

/**
 * The platform as in production (`NODE_ENV=production`): the API on a free port of 127.0.0.1 and the queue worker as
 * its own process (`server/src/worker.ts`, as `npm run worker` runs it), both against a bench database. Only the
 * per-address and per-account limits are lifted: the bench writes as fast as it can, and opens thousands of sockets,
 * from one address.
 */
export async function startServer(options: { databaseUrl: string; redisUrl: string; redisPrefix: string; logFile: string }): Promise<ServerHandle> {
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  const child = spawnNode(
    'server/src/server.ts',
    {
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      RUN_WORKER: 'false',
      RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '1000',
      // Every benchmark socket comes from this one address.
      LIVE_SOCKETS_PER_ADDRESS: '1000000',
    },
    options.logFile,
  );
  const url = `http://127.0.0.1:${port}`;
  let worker: Child | null = null;
  try {
    // A start may migrate and rebuild the read models of a database made by older code: the worker starts after.
    await waitForHttp(`${url}/api/v1/health`, child, 300_000);
    worker = spawnNode('server/src/worker.ts', env, options.logFile.replace(/\.log$/, '-worker.log'));
  } catch (err) {
    await child.stop();
    throw err;
  }
  const workerProcess = worker;
  return {
    ...child,
    url,
    port,
    async stop() {
      await Promise.all([child.stop(), workerProcess.stop()]);
    },
  };
}
