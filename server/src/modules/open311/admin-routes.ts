import { IssueOpen311KeyBody, IssuedOpen311Key, Open311KeyView } from '@dsd/shared/open311';
import { IdParam, listOf } from '@dsd/shared/pagination';
import { requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { createOpen311Keys } from './keys.ts';

/** Admins issue and revoke partner apps' Open311 keys; each change is audited. */
export default async function open311KeyRoutes(app: App) {
  const keys = createOpen311Keys({ db: app.db, events: app.events });

  app.get(
    '/admin/open311-keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['open311'],
        summary: 'Partner keys (never the keys themselves)',
        response: { 200: listOf(Open311KeyView), ...errorResponses },
      },
    },
    async () => ({ items: await keys.list() }),
  );

  app.post(
    '/admin/open311-keys',
    {
      config: { access: ['admin'], rateLimitKind: 'write' },
      schema: {
        tags: ['open311'],
        summary: 'Issue a key to a partner app; the key is in this answer only',
        body: IssueOpen311KeyBody,
        response: { 201: IssuedOpen311Key, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(await keys.issue(requireActor(request.actor), request.body.partner));
    },
  );

  app.delete(
    '/admin/open311-keys/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['open311'],
        summary: 'Revoke a key: its next request gets 403',
        params: IdParam,
        response: { 200: Open311KeyView, ...errorResponses },
      },
    },
    async (request) => keys.revoke(requireActor(request.actor), request.params.id),
  );
}
