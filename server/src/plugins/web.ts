import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { errorBody } from '../lib/errors.ts';

/** Serves the built web client and falls back to index.html for client-side routes; API 404s stay JSON. */
export default fp(
  async (app, opts: { root: string | undefined }) => {
    const root = opts.root;
    const hasWeb = !!root && existsSync(`${root}/index.html`);
    if (hasWeb) {
      await app.register(fastifyStatic, { root: root!, wildcard: false, index: ['index.html'], maxAge: '1h', immutable: false });
    }
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const wantsPage = request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/docs') && !path.startsWith('/admin/queues');
      if (hasWeb && wantsPage && !/\.[a-z0-9]+$/i.test(path)) {
        return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.status(404).send(errorBody(request, 'NOT_FOUND', `No route ${request.method} ${path}`));
    });
  },
  { name: 'web' },
);
