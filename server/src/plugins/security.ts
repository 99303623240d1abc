import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from '../lib/errors.ts';
import { SESSION_COOKIE } from './auth.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type RateLimitKind = 'login' | 'register' | 'write';

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimitKind?: RateLimitKind;
  }
}

/** The request comes from a page on another site (by Sec-Fetch-Site, else by Origin against Host). */
export function isCrossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/** NUL (which PostgreSQL text and jsonb refuse) and unpaired UTF-16 surrogates (which no encoding carries). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this refuses.
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first place in a parsed input (keys included) holding unsafe text; iterative, so deep nesting cannot overflow. */
export function unsafeTextAt(value: unknown, root: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSAFE_TEXT.test(current)) return path;
    } else if (current && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (UNSAFE_TEXT.test(key)) return path;
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/**
 * Security headers with a content security policy the web client passes, a cross-site request check for
 * cookie-authenticated writes, and Redis-backed rate limits that hold across API instances.
 */
export default fp(
  async (
    app,
    opts: {
      loginPerMinute: number;
      loginPerIpPerMinute: number;
      loginPerAccountPerHour: number;
      writesPerMinute: number;
      prefix: string;
      /** Served over TLS (production): browsers are told to upgrade requests and to remember HTTPS. */
      https: boolean;
    },
  ) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // React and the chart library set style attributes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // Over plain HTTP (npm start on a LAN address) an upgrade would break every script and style.
          upgradeInsecureRequests: opts.https ? [] : null,
        },
      },
      strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
    });

    app.addHook('onRequest', async (request, reply) => {
      if (!UNSAFE.has(request.method) || !request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) return;
      if (isCrossSite(request)) {
        return reply.status(403).send(errorBody(request, 'CSRF_REJECTED', 'Cross-site requests with a session are refused'));
      }
    });

    // Every string of every request, whatever its schema says: refused before it reaches validation or the database.
    app.addHook('preValidation', async (request, reply) => {
      for (const [part, value] of [
        ['params', request.params],
        ['querystring', request.query],
        ['body', request.body],
      ] as const) {
        const path = unsafeTextAt(value, part);
        if (!path) continue;
        const message = 'contains a NUL character or an unpaired surrogate';
        return reply.status(400).send(errorBody(request, 'VALIDATION_FAILED', `${path} ${message}`, [{ path, message }]));
      }
    });

    const limits: Record<RateLimitKind, { max: number; timeWindow: number }> = {
      login: { max: opts.loginPerMinute, timeWindow: 60_000 },
      register: { max: Math.max(3, Math.floor(opts.loginPerMinute / 2)), timeWindow: 60_000 },
      write: { max: opts.writesPerMinute, timeWindow: 60_000 },
    };
    // The plugin runs one limiter per request, so the per-address and whole-account sign-in limits are explicit checks.
    const emailOf = (request: FastifyRequest) => {
      const body = request.body as { email?: unknown } | undefined;
      return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : undefined;
    };
    const loginBackstops = [
      {
        limit: { max: opts.loginPerIpPerMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `login-ip:${r.ip}` },
        applies: () => true,
        message: 'Too many sign-in attempts from this address',
      },
      {
        // Slow enough that guesses from a few addresses cannot lock the owner out, tight enough to stop a botnet.
        limit: { max: opts.loginPerAccountPerHour, timeWindow: 3_600_000, keyGenerator: (r: FastifyRequest) => `login-account:${emailOf(r)}` },
        applies: (r: FastifyRequest) => emailOf(r) !== undefined,
        message: 'Too many sign-in attempts on this account',
      },
    ].map((b) => ({ ...b, check: undefined as ReturnType<typeof app.createRateLimit> | undefined }));
    const limitLogins = async (request: FastifyRequest, reply: FastifyReply) => {
      for (const backstop of loginBackstops) {
        if (!backstop.applies(request)) continue;
        backstop.check ??= app.createRateLimit(backstop.limit);
        const limit = await backstop.check(request);
        if (limit.isAllowed || !limit.isExceeded) continue;
        return reply
          .status(429)
          .header('retry-after', limit.ttlInSeconds)
          .send(errorBody(request, 'RATE_LIMITED', `${backstop.message}; try again in ${limit.ttlInSeconds} s`));
      }
    };
    app.addHook('onRoute', (route) => {
      const kind = route.config?.rateLimitKind;
      if (!kind) return;
      route.config = {
        ...route.config,
        rateLimit: {
          ...limits[kind],
          // Sign-in: per account *and* address, so wrong passwords from elsewhere do not lock the owner out.
          // Writes: per signed-in writer, else per address.
          keyGenerator: (request) => {
            const email = kind === 'login' ? emailOf(request) : undefined;
            if (email) return `login:${email}:${request.ip}`;
            return `${kind}:${request.actor?.id ?? request.ip}`;
          },
        },
      } as typeof route.config;
      if (kind === 'login') route.preHandler = [limitLogins, ...[route.preHandler ?? []].flat()];
    });
    // After the onRoute hook above, so the plugin's own onRoute hook sees each route's limit.
    await app.register(rateLimit, {
      global: false,
      redis: app.redis,
      nameSpace: `${opts.prefix}:rl:`,
      // If Redis is down, serve the request: the outbox keeps writes safe, and a lockout would be worse.
      skipOnError: true,
      hook: 'preHandler',
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `Too many requests; try again in ${context.after}`,
      }),
    });
  },
  { name: 'security', dependencies: ['redis', 'auth'] },
);
