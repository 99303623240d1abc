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

    // What a signed-in caller gets depends on who they are (tips, internal notes, notifications): no browser or proxy
    // may keep it. Sign-in and account answers never, whoever asks. Static web files do not depend on the session.
    app.addHook('onSend', async (request, reply, payload) => {
      const path = request.url.split('?')[0] ?? '';
      const personal = path.startsWith('/api/v1/auth/') || (request.actor !== null && (path.startsWith('/api/') || path.startsWith('/admin/')));
      if (personal) void reply.header('cache-control', 'no-store');
      return payload;
    });
  },
  { name: 'auth', dependencies: ['db', 'redis'] },
);
