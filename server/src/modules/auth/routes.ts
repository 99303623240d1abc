import { z } from 'zod';
import { ChangePasswordBody, LoginBody, RegisterBody, RegisterResponse, UserResponse } from '@dsd/shared/auth';
import { requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { toCurrentUser } from './service.ts';

export default async function authRoutes(app: App) {
  const meta = (request: { ip: string; headers: Record<string, unknown> }) => ({
    ip: request.ip,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined,
  });

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimitKind: 'login' },
      schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: UserResponse, ...errorResponses } },
    },
    async (request, reply) => {
      const { token, actor } = await app.auth.login(request.body.email, request.body.password, meta(request), app.sessionToken(request));
      app.setSessionCookie(reply, token);
      return { user: toCurrentUser(actor) };
    },
  );

  app.post(
    '/auth/register',
    {
      config: { access: 'public', rateLimitKind: 'register' },
      schema: {
        tags: ['auth'],
        summary: 'Create a resident account (then sign in); a known email is answered alike and its owner emailed',
        body: RegisterBody,
        response: { 202: RegisterResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      await app.auth.register(request.body);
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Sign out', response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request, reply) => {
      // The session was already resolved for this request; an expired or unknown one has nothing left to end.
      if (request.actor) await app.auth.logout(request.actor);
      app.clearSessionCookie(reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { config: { access: 'signedIn' }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserResponse, ...errorResponses } } },
    async (request) => ({ user: toCurrentUser(requireActor(request.actor)) }),
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'signedIn', rateLimitKind: 'login' },
      schema: {
        tags: ['auth'],
        summary: 'Change password (ends every other session)',
        body: ChangePasswordBody,
        response: { 200: UserResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const result = await app.auth.changePassword(actor, request.body.currentPassword, request.body.newPassword, meta(request));
      app.setSessionCookie(reply, result.token);
      return { user: toCurrentUser(result.actor) };
    },
  );
}
