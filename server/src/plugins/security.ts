import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
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
        return reply.status(403).send({ error: { code: 'CSRF_REJECTED', message: 'Cross-site requests with a session are refused' } });
      }
    });

    const limits: Record<RateLimitKind, { max: number; timeWindow: number }> = {
      login: { max: opts.loginPerMinute, timeWindow: 60_000 },
      register: { max: Math.max(3, Math.floor(opts.loginPerMinute / 2)), timeWindow: 60_000 },
      write: { max: opts.writesPerMinute, timeWindow: 60_000 },
    };
    // The plugin runs one limiter per request, so the per-address sign-in limit is a second, explicit check.
    let loginsPerIp: ReturnType<typeof app.createRateLimit> | undefined;
    const limitLoginsPerIp = async (request: FastifyRequest, reply: FastifyReply) => {
      loginsPerIp ??= app.createRateLimit({ max: opts.loginPerIpPerMinute, timeWindow: 60_000, keyGenerator: (r) => `login-ip:${r.ip}` });
      const limit = await loginsPerIp(request);
      if (limit.isAllowed || !limit.isExceeded) return;
      return reply
        .status(429)
        .header('retry-after', limit.ttlInSeconds)
        .send({ error: { code: 'RATE_LIMITED', message: `Too many sign-in attempts from this address; try again in ${limit.ttlInSeconds} s` } });
    };
    app.addHook('onRoute', (route) => {
      const kind = route.config?.rateLimitKind;
      if (!kind) return;
      route.config = {
        ...route.config,
        rateLimit: {
          ...limits[kind],
          // Per account where there is one (a signed-in writer, or the email being tried), else per IP.
          keyGenerator: (request) => {
            const body = request.body as { email?: unknown } | undefined;
            if (kind === 'login' && typeof body?.email === 'string') return `login:${body.email.trim().toLowerCase()}`;
            return `${kind}:${request.actor?.id ?? request.ip}`;
          },
        },
      } as typeof route.config;
      if (kind === 'login') route.preHandler = [limitLoginsPerIp, ...[route.preHandler ?? []].flat()];
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
