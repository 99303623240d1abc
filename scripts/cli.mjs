#!/usr/bin/env node
// The two commands of the README (`npm start`, `npm test`) and their siblings, for a fresh clone:
// install what is missing (pnpm, dependencies, Redis, PostgreSQL, Chromium), then run. Plain Node, no dependencies.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, chownSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, '.data');
const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.split('@')[1];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const children = [];

const log = (msg) => console.log(`[setup] ${msg}`);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
};

function portAnswers(port, host = '127.0.0.1', timeoutMs = 800) {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function waitForPort(port, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await portAnswers(port)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function redisAnswers(port, host = '127.0.0.1') {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    let buf = '';
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      buf += d;
      if (buf.includes('\r\n')) finish(buf.startsWith('+PONG'));
    });
    socket.once('error', () => finish(false));
  });
}

let aptUpdated = false;
function aptInstall(pkg) {
  if (!isRoot) throw new Error(`${pkg} is missing: install Debian's "${pkg}" package (apt-get install ${pkg}) or run as root`);
  if (!aptUpdated) {
    log('apt-get update');
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  log(`installing Debian package ${pkg}`);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensurePnpm() {
  if (has('pnpm')) return ['pnpm'];
  log(`installing pnpm ${PNPM_VERSION}`);
  const r = spawnSync('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' });
  if (r.status === 0 && has('pnpm')) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

function ensureDependencies(pnpm) {
  const marker = join(ROOT, 'node_modules', '.modules.yaml');
  const lock = join(ROOT, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies');
  run(pnpm[0], [...pnpm.slice(1), 'install', '--frozen-lockfile'], { env: { ...process.env, CI: 'true' } });
}

function ensureWebBuild(pnpm, force = false) {
  const index = join(ROOT, 'web', 'dist', 'index.html');
  if (
    !force &&
    existsSync(index) &&
    statSync(index).mtimeMs > newestMtime(join(ROOT, 'web', 'src')) &&
    statSync(index).mtimeMs > newestMtime(join(ROOT, 'shared', 'src'))
  )
    return;
  log('building the web client');
  run(pnpm[0], [...pnpm.slice(1), '--filter', '@dsd/web', 'build']);
}

function newestMtime(dir) {
  const out = spawnSync('find', [dir, '-type', 'f', '-printf', '%T@\n'], { encoding: 'utf8' }).stdout ?? '';
  return Math.max(
    0,
    ...out
      .split('\n')
      .filter(Boolean)
      .map((s) => Number(s) * 1000),
  );
}

async function ensureRedis() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (await redisAnswers(6379)) return 'redis://127.0.0.1:6379';
  if (!has('redis-server')) aptInstall('redis-server');
  const port = 6390;
  if (!(await redisAnswers(port))) {
    log(`starting a private redis-server on port ${port}`);
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(child);
    if (!(await waitForPort(port))) throw new Error('redis-server did not start');
  }
  return `redis://127.0.0.1:${port}`;
}

async function ensurePostgres() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (await portAnswers(5432)) return 'postgres://postgres@127.0.0.1:5432/postgres';
  const bin = () => spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1'], { encoding: 'utf8' }).stdout.trim();
  if (!bin()) aptInstall('postgresql');
  const pgBin = bin();
  const dir = join(DATA, 'postgres');
  const port = 5433;
  if (!(await portAnswers(port))) {
    log(`starting a private PostgreSQL on port ${port} in ${dir}`);
    mkdirSync(dir, { recursive: true });
    const asPostgres = (cmd, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
    if (isRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(DATA, uid, gid);
      chownSync(dir, uid, gid);
    }
    if (!existsSync(join(dir, 'PG_VERSION'))) run(...asPostgres(`${pgBin}/initdb`, ['-D', dir, '-A', 'trust', '-U', 'postgres']));
    run(
      ...asPostgres(`${pgBin}/pg_ctl`, [
        '-D',
        dir,
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        '-l',
        join(dir, 'log'),
        '-w',
        'start',
      ]),
    );
    process.on('exit', () => spawnSync(...asPostgres(`${pgBin}/pg_ctl`, ['-D', dir, '-m', 'fast', 'stop']), { stdio: 'ignore' }));
  }
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  aptInstall('chromium');
}

function stopChildren() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', stopChildren);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    stopChildren();
    process.exit(130);
  });

function runNode(args, env) {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: 'inherit', cwd: ROOT, env: { ...process.env, ...env } });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code) => done(code ?? 1));
  });
}

function countVitest(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    return {
      passed: report.numPassedTests ?? 0,
      failed: (report.numFailedTests ?? 0) + (report.success === false && report.numFailedTests === 0 ? 1 : 0),
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

async function main() {
  const command = process.argv[2] ?? 'start';
  const pnpm = ensurePnpm();
  ensureDependencies(pnpm);
  const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

  if (command === 'start' || command === 'worker') {
    const redisUrl = await ensureRedis();
    if (command === 'start') {
      ensureWebBuild(pnpm);
      const code = await runNode(['server/src/server.ts'], { REDIS_URL: redisUrl, RUN_WORKER: process.env.RUN_WORKER ?? 'true' });
      process.exit(code);
    }
    process.exit(await runNode(['server/src/worker.ts'], { REDIS_URL: redisUrl }));
  }

  // The bench and its data generator: plain TypeScript runners (tests/bench/), not tests. Bench databases live on the
  // PostgreSQL server found here (DATABASE_URL's, else the local one); `bench:data` fills DATABASE_URL when it is set.
  if (command === 'bench' || command === 'bench:data') {
    const postgresUrl = await ensurePostgres();
    const env = { BENCH_POSTGRES_URL: postgresUrl };
    if (command === 'bench') env.REDIS_URL = await ensureRedis();
    const script = command === 'bench' ? 'tests/bench/run.ts' : 'tests/bench/bench-data.ts';
    process.exit(await runNode([script, ...process.argv.slice(3)], env));
  }

  if (command === 'test') {
    const [redisUrl, databaseUrl] = await Promise.all([ensureRedis(), ensurePostgres()]);
    const env = { REDIS_URL: redisUrl, TEST_DATABASE_URL: databaseUrl };
    ensureChromium();
    ensureWebBuild(pnpm, true);
    const totals = { passed: 0, failed: 0, skipped: 0 };
    const check = (name, cmd, args) => {
      log(`check: ${name}`);
      const ok = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT }).status === 0;
      totals[ok ? 'passed' : 'failed']++;
      console.log(`[check] ${name}: ${ok ? 'passed' : 'FAILED'}`);
    };
    check('lint and format (biome)', bin('biome'), ['check', '.']);
    for (const pkg of ['shared', 'db', 'server', 'web', 'tests']) check(`typecheck ${pkg} (tsc)`, bin('tsc'), ['-p', `${pkg}/tsconfig.json`]);
    const reportFile = join(ROOT, 'tests', '.artifacts', 'vitest.json');
    rmSync(reportFile, { force: true });
    mkdirSync(dirname(reportFile), { recursive: true });
    await new Promise((done) => {
      const child = spawn(
        bin('vitest'),
        [
          'run',
          '--config',
          'tests/vitest.config.ts',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${reportFile}`,
          ...process.argv.slice(3),
        ],
        {
          stdio: 'inherit',
          cwd: ROOT,
          env: { ...process.env, ...env },
        },
      );
      child.on('exit', done);
    });
    const v = countVitest(reportFile);
    totals.passed += v.passed;
    totals.failed += v.failed;
    totals.skipped += v.skipped;
    console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
    process.exit(totals.failed === 0 ? 0 : 1);
  }
  throw new Error(`unknown command ${command}`);
}

main().catch((err) => {
  console.error(`[setup] ${err.message}`);
  stopChildren();
  process.exit(1);
});
