import fp from 'fastify-plugin';
import { createDb, type Database, type DbHandle } from '@dsd/db/client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export default fp(
  async (app, opts: { url: string; poolSize: number; role: string; shared?: DbHandle }) => {
    // A shared handle (embedded PGlite: one connection for API and worker) is closed by its owner.
    const handle = opts.shared ?? createDb(opts.url, { max: opts.poolSize, role: opts.role });
    app.decorate('db', handle.db);
    if (!opts.shared) app.addHook('onClose', async () => handle.close());
  },
  { name: 'db' },
);
