import { randomUUID } from 'node:crypto';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DbHandle } from '@dsd/db/client';
import type { AppConfig } from './config/env.ts';
import type { RouteAccess } from './lib/access.ts';
import authPlugin from './plugins/auth.ts';
import dbPlugin from './plugins/db.ts';
import errorsPlugin, { sendError } from './plugins/errors.ts';
import livePlugin from './plugins/live.ts';
import metricsPlugin from './plugins/metrics.ts';
import publicCachePlugin from './plugins/public-cache.ts';
import queuesPlugin from './plugins/queues.ts';
import redisPlugin from './plugins/redis.ts';
import securityPlugin from './plugins/security.ts';
import servicesPlugin from './plugins/services.ts';
import swaggerPlugin from './plugins/swagger.ts';
import webPlugin from './plugins/web.ts';
import adminRoutes from './modules/admin/routes.ts';
import assignmentRoutes from './modules/assignments/routes.ts';
import auditRoutes from './modules/audit/routes.ts';
import authRoutes from './modules/auth/routes.ts';
import carryOverRoutes from './modules/carry-over/routes.ts';
import dashboardRoutes from './modules/dashboard/routes.ts';
import decisionRoutes from './modules/decisions/routes.ts';
import openDataRoutes from './modules/open-data/routes.ts';
import open311Routes from './modules/open311/routes.ts';
import healthRoutes from './modules/health/routes.ts';
import meetingReportRoutes from './modules/meeting-report/routes.ts';
import meetingRoutes from './modules/meetings/routes.ts';
import notificationRoutes from './modules/notifications/routes.ts';
import proposalRoutes from './modules/proposals/routes.ts';
import referenceRoutes from './modules/reference/routes.ts';
import registryRoutes from './modules/registries/routes.ts';
import importRoutes from './modules/imports/routes.ts';

export interface RegisteredRoute {
  method: string;
  url: string;
  websocket: boolean;
  /** Who may call it at all (sign-in and role), as the route declares; tests derive the access matrix's gate from it. */
  access: RouteAccess | undefined;
  /** The route's zod input schemas, for tests that derive inputs from them. */
  schema: { body?: unknown; querystring?: unknown; params?: unknown };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/under-pressure's per-route override: returning nothing lets the request through (liveness, metrics). */
    pressureHandler?: (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => undefined;
  }
  interface FastifyInstance {
    registeredRoutes: readonly RegisteredRoute[];
    appConfig: Readonly<AppConfig>;
  }
}

export interface BuildOptions {
  config: Readonly<AppConfig>;
  databaseUrl: string;
  /** Embedded PGlite multiplexes one wire connection badly: there the API and worker share a one-connection pool. */
  sharedDb?: DbHandle;
  logger?: FastifyServerOptions['logger'];
}

/** Forwarded addresses count only from configured proxies: otherwise any client names its own IP. */
function trustedProxies(trust: AppConfig['trustProxy']): FastifyServerOptions['trustProxy'] {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

/** A request id a proxy in front already assigned is kept (one id across the hops), if it is plainly an id. */
const FORWARDED_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
function requestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && FORWARDED_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Builds the HTTP app: external plugins, then app plugins, then routes. Does not listen. */
export async function buildApp({ config, databaseUrl, sharedDb, logger }: BuildOptions) {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: 256 * 1024,
    trustProxy: trustedProxies(config.trustProxy),
    // Malformed or over-long URLs fail in the router, before any route's error handler: same error shape there.
    frameworkErrors: sendError,
    // Unique across instances (fastify's default counts per process); on every log line of the request as reqId.
    genReqId: requestId,
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: anything else is a 415, not a string body that fails validation later.
  app.removeContentTypeParser(['text/plain']);
  // Every route any plugin adds, so tests can prove the access matrix and fuzzing cover them all.
  const registeredRoutes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.decorate('appConfig', config);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    // An API route that does not say who may call it does not start: access is never left to the handler alone.
    if (route.url.startsWith('/api/') && !access) throw new Error(`${route.method} ${route.url} declares no config.access`);
    const { body, querystring, params } = route.schema ?? {};
    for (const method of [route.method].flat()) {
      registeredRoutes.push({ method, url: route.url, websocket: route.websocket === true, access, schema: { body, querystring, params } });
    }
  });

  await app.register(errorsPlugin);
  // Overload: 503 with Retry-After (through the errors plugin's shape) before a request does any work.
  const { maxEventLoopDelayMs, maxHeapUsedBytes, retryAfterSeconds } = config.overload;
  await app.register(underPressure, { maxEventLoopDelay: maxEventLoopDelayMs, maxHeapUsedBytes, retryAfter: retryAfterSeconds });
  await app.register(dbPlugin, { url: databaseUrl, poolSize: 10, role: config.databaseAppRole, shared: sharedDb });
  await app.register(redisPlugin, { url: config.redisUrl, prefix: config.redisPrefix });
  await app.register(swaggerPlugin);
  await app.register(authPlugin, { secret: config.sessionSecret, secure: config.cookieSecure, ttlMs: config.sessionTtlMs });
  await app.register(securityPlugin, { ...config.rateLimits, prefix: config.redisPrefix, https: config.cookieSecure });
  await app.register(publicCachePlugin, { ttlMs: config.publicReadCacheMs });
  await app.register(servicesPlugin);
  await app.register(queuesPlugin, { redisUrl: config.redisUrl, prefix: config.redisPrefix });
  await app.register(livePlugin, { redisUrl: config.redisUrl, prefix: config.redisPrefix, ...config.live });
  await app.register(metricsPlugin, { token: config.metricsToken });

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(referenceRoutes);
      await api.register(dashboardRoutes);
      await api.register(meetingRoutes);
      await api.register(proposalRoutes);
      await api.register(decisionRoutes);
      await api.register(assignmentRoutes);
      await api.register(notificationRoutes);
      await api.register(auditRoutes);
      await api.register(registryRoutes);
      await api.register(importRoutes);
      await api.register(adminRoutes);
      await api.register(carryOverRoutes);
      await api.register(meetingReportRoutes);
      await api.register(openDataRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(open311Routes, { prefix: '/open311/v2' });
  await app.register(webPlugin, { root: config.webDist });
  return app;
}

export type AppInstance = Awaited<ReturnType<typeof buildApp>>;
