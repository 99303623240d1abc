import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import fp from 'fastify-plugin';
import { Forbidden, Unauthenticated } from '../lib/errors.ts';
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
      scope.addHook('preHandler', async (request) => {
        if (!request.actor) throw new Unauthenticated();
        if (request.actor.role !== 'admin') throw new Forbidden('The queue dashboard is for admins');
      });
      await scope.register(serverAdapter.registerPlugin(), { prefix: '/admin/queues' });
    });
  },
  { name: 'queues', dependencies: ['auth'] },
);
