import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import fp from 'fastify-plugin';
import { checkRouteAccess } from '../lib/access.ts';
import { closeQueues, createQueues, type Queues } from '../modules/queue/queues.ts';

declare module 'fastify' {
  interface FastifyInstance {
    queues: Queues;
  }
}

/** Queue handles for the API process and the admin-only queue dashboard at /admin/queues. */
export default fp(
  async (app, opts: { redisUrl: string; prefix: string }) => {
    const queues = createQueues({ url: opts.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 }, opts.prefix);
    for (const q of Object.values(queues)) q.on('error', () => {});
    app.decorate('queues', queues);
    app.addHook('onClose', async () => closeQueues(queues));

    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath('/admin/queues');
    createBullBoard({ queues: Object.values(queues).map((q) => new BullMQAdapter(q)), serverAdapter });
    await app.register(async (scope) => {
      // A third-party plugin's routes: the same gate as an API route's declaration, for the whole scope.
      scope.addHook('onRequest', async (request) => checkRouteAccess(['admin'], request.actor));
      await scope.register(serverAdapter.registerPlugin(), { prefix: '/admin/queues' });
    });
  },
  { name: 'queues', dependencies: ['auth'] },
);
