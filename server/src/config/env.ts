import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** When unset, `npm start` runs an embedded PGlite database under DATA_DIR. */
    DATABASE_URL: z.string().url().optional(),
    /**
     * The API and the worker connect with DATABASE_APP_URL when given (a login role that is a member of dsd_app, so
     * not even RESET ROLE returns to an owner), else with DATABASE_URL; either way as DATABASE_APP_ROLE. Migrations
     * always run with DATABASE_URL, as its (owner) user.
     */
    DATABASE_APP_URL: z.string().url().optional(),
    DATABASE_APP_ROLE: z
      .string()
      .regex(/^([a-z_][a-z0-9_]{0,62})?$/, 'a role name, or empty to stay the connecting user')
      .default('dsd_app'),
    DATA_DIR: z.string().default('.data'),
    /**
     * The API migrates (and seeds reference data) as it starts, instances taking turns. `false`: it does not, for
     * deployments that run `npm run db:migrate` as a step of their own; /health/ready says when migrations are missing.
     */
    MIGRATE_ON_START: bool.default(true),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    /** Prefix for every Redis key and channel (queues, pub/sub, rate limits): lets tests and tenants share a Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/)
      .default('dsd'),
    SESSION_SECRET: z.string().min(32).optional(),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .default(24 * 14),
    COOKIE_SECURE: bool.optional(),
    PUBLIC_URL: z.string().url().optional(),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('Безопасный район <no-reply@district-safety.local>'),
    REMINDER_LEAD_MINUTES: z.coerce
      .number()
      .min(0)
      .default(24 * 60),
    RUN_WORKER: bool.default(false),
    RELAY_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(8),
    WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30000),
    /** The audit sequencer seals a batch this often; a written row waits at most AUDIT_MAX_SEAL_DELAY_MS (published). */
    AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(20).max(60_000).default(250),
    AUDIT_SEAL_BATCH: z.coerce.number().int().min(1).max(10_000).default(2000),
    AUDIT_MAX_SEAL_DELAY_MS: z.coerce.number().int().min(100).default(5000),
    /** How often the worker folds counter deltas into the read models and flags newly overdue work. */
    PROJECTION_FOLD_INTERVAL_MS: z.coerce.number().int().min(20).max(60_000).default(500),
    /** Public reads (dashboard, public lists and feed) answer the same URL from memory for this long, per API instance. */
    PUBLIC_READ_CACHE_MS: z.coerce.number().int().min(0).max(2000).default(500),
    OVERDUE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
    /**
     * A district's followers hear of a meeting's new decisions together, once the first has waited this long (the
     * people a decision concerns hear at once).
     */
    FOLLOWER_ANNOUNCE_DELAY_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    WEB_DIST: z.string().optional(),
    /** GET /metrics answers loopback callers; anyone else must send `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** Overload protection: above this event-loop delay (or heap, when set) requests get 503 with Retry-After. */
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
    OVERLOAD_MAX_HEAP_USED_MB: z.coerce.number().int().min(0).default(0),
    OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    // Per address across all accounts: high enough for a police station or housing office behind one NAT.
    RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    // The per-account limit counts per address; this slower one holds an account's guesses from many addresses.
    RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(1).default(100),
    DEMO_DATA: bool.optional(),
    /** Open live sockets per client address (a station behind one NAT opens many) and per signed-in account. */
    LIVE_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).default(200),
    LIVE_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(10),
    /**
     * Which proxies' X-Forwarded-For to believe: a hop count, or the proxies' addresses and CIDRs (comma-separated;
     * `loopback`, `linklocal` and `uniquelocal` name those ranges). Unset: none, so a client cannot pick its own
     * address and step around the per-address rate limits.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx): TrustProxy => {
        if (!v || v === 'false' || v === '0') return false;
        if (/^\d+$/.test(v)) return Number(v);
        const entries = v.split(',').map((e) => e.trim());
        const bad = entries.filter((e) => !isProxyAddress(e));
        if (bad.length) {
          ctx.addIssue({ code: 'custom', message: `give a hop count or proxy addresses/CIDRs; not understood: ${bad.join(', ')}` });
          return z.NEVER;
        }
        return entries;
      }),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.SESSION_SECRET) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required in production (32+ characters)' });
      if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required in production' });
      if (env.DEMO_DATA) ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'demo accounts are never created in production' });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

/** false: trust no proxy; a number: that many hops; a list: those addresses and CIDRs (proxy-addr syntax). */
export type TrustProxy = false | number | string[];

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

export interface AppConfig {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  databaseUrl: string | undefined;
  databaseAppUrl: string | undefined;
  /** Empty: no role switch. Embedded PGlite (one user) never switches. */
  databaseAppRole: string;
  dataDir: string;
  migrateOnStart: boolean;
  redisUrl: string;
  redisPrefix: string;
  sessionSecret: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  reminderLeadMs: number;
  runWorker: boolean;
  relayIntervalMs: number;
  workerConcurrency: number;
  workerLockMs: number;
  auditSealIntervalMs: number;
  auditSealBatch: number;
  auditMaxSealDelayMs: number;
  projectionFoldIntervalMs: number;
  overdueSweepIntervalMs: number;
  followerAnnounceDelayMs: number;
  publicReadCacheMs: number;
  webDist: string | undefined;
  metricsToken: string | undefined;
  /** 0 turns a limit off. */
  overload: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number; retryAfterSeconds: number };
  logLevel: Env['LOG_LEVEL'];
  rateLimits: { loginPerMinute: number; loginPerIpPerMinute: number; loginPerAccountPerHour: number; writesPerMinute: number };
  demoData: boolean;
  trustProxy: TrustProxy;
  live: { socketsPerAddress: number; socketsPerUser: number };
}

const DEV_SESSION_SECRET = 'development-only-secret-never-used-in-production';

export class EnvError extends Error {}

/** Parses the environment once; the rest of the code receives the frozen result and never reads process.env. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Readonly<AppConfig> {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return Object.freeze({
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    databaseAppUrl: env.DATABASE_APP_URL,
    databaseAppRole: env.DATABASE_APP_ROLE,
    dataDir: env.DATA_DIR,
    migrateOnStart: env.MIGRATE_ON_START,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    sessionSecret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    publicUrl: env.PUBLIC_URL,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    reminderLeadMs: env.REMINDER_LEAD_MINUTES * 60_000,
    runWorker: env.RUN_WORKER,
    relayIntervalMs: env.RELAY_INTERVAL_MS,
    workerConcurrency: env.WORKER_CONCURRENCY,
    workerLockMs: env.WORKER_LOCK_MS,
    auditSealIntervalMs: env.AUDIT_SEAL_INTERVAL_MS,
    auditSealBatch: env.AUDIT_SEAL_BATCH,
    auditMaxSealDelayMs: env.AUDIT_MAX_SEAL_DELAY_MS,
    projectionFoldIntervalMs: env.PROJECTION_FOLD_INTERVAL_MS,
    overdueSweepIntervalMs: env.OVERDUE_SWEEP_INTERVAL_MS,
    followerAnnounceDelayMs: env.FOLLOWER_ANNOUNCE_DELAY_MS,
    publicReadCacheMs: env.PUBLIC_READ_CACHE_MS,
    webDist: env.WEB_DIST,
    metricsToken: env.METRICS_TOKEN,
    overload: {
      maxEventLoopDelayMs: env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: env.OVERLOAD_MAX_HEAP_USED_MB * 1024 * 1024,
      retryAfterSeconds: env.OVERLOAD_RETRY_AFTER_SECONDS,
    },
    logLevel: env.LOG_LEVEL,
    rateLimits: {
      loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE,
      loginPerIpPerMinute: env.RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE,
      loginPerAccountPerHour: env.RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_HOUR,
      writesPerMinute: env.RATE_LIMIT_WRITES_PER_MINUTE,
    },
    demoData: env.DEMO_DATA ?? env.NODE_ENV !== 'production',
    trustProxy: env.TRUST_PROXY,
    live: { socketsPerAddress: env.LIVE_SOCKETS_PER_ADDRESS, socketsPerUser: env.LIVE_SOCKETS_PER_USER },
  });
}
