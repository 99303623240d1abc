import { hostname } from 'node:os';
import fp from 'fastify-plugin';
import { createDb, type Database, type DbHandle } from '@dsd/db/client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    /** The pool's size and the application_name its connections carry (one per process: GET /metrics counts them). */
    dbPool: { max: number; applicationName: string | null };
  }
}

export default fp(
  async (app, opts: { url: string; poolSize: number; role: string; shared?: DbHandle }) => {
    // A shared handle (embedded PGlite: one connection for API and worker) is closed by its owner.
    const applicationName = `dsd api ${hostname()} ${process.pid} ${Math.random().toString(36).slice(2, 6)}`.slice(0, 63);
    const handle = opts.shared ?? createDb(opts.url, { max: opts.poolSize, role: opts.role, applicationName });
    app.decorate('db', handle.db);
    app.decorate('dbPool', { max: opts.shared ? 1 : opts.poolSize, applicationName: opts.shared ? null : applicationName });
    if (!opts.shared) app.addHook('onClose', async () => handle.close());
  },
  { name: 'db' },
);
