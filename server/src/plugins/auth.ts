import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { checkRouteAccess, type Actor } from '../lib/access.ts';
import { createAuthService, type AuthService } from '../modules/auth/service.ts';

export const SESSION_COOKIE = 'dsd_session';

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
    setSessionCookie(reply: FastifyReply, token: string): void;
    clearSessionCookie(reply: FastifyReply): void;
    sessionToken(request: FastifyRequest): string | undefined;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export default fp(
  async (app, opts: { secret: string; secure: boolean; ttlMs: number }) => {
    await app.register(cookie, { secret: opts.secret, hook: 'onRequest' });
    const auth = createAuthService({ db: app.db, events: app.events, sessionTtlMs: opts.ttlMs });
    app.decorate('auth', auth);
    app.decorateRequest('actor', null);

    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: opts.secure, signed: true };
    app.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
      void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: Math.floor(opts.ttlMs / 1000) });
    });
    app.decorate('clearSessionCookie', (reply: FastifyReply) => {
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
    });
    app.decorate('sessionToken', (request: FastifyRequest) => {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return undefined;
      const unsigned = request.unsignCookie(raw);
      return unsigned.valid && unsigned.value ? unsigned.value : undefined;
    });

    // Who is calling, and whether the route serves them, is settled as the request arrives: before the body is read.
    app.addHook('onRequest', async (request) => {
      const token = app.sessionToken(request);
      request.actor = token ? await auth.loadActor(token) : null;
      checkRouteAccess(request.routeOptions.config.access, request.actor);
    });
  },
  { name: 'auth', dependencies: ['db', 'redis'] },
);
