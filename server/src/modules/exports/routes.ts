import { EXPORT_KINDS, EXPORT_QUERIES } from '@dsd/shared/exports';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { driverOf } from '../../lib/sql-text.ts';
import { createExportSlots, resolveWindow, streamExport } from './service.ts';

/** Exports in flight per caller: enough for a person with a few tabs, not enough to tie up the pool. */
const CONCURRENT_EXPORTS = 2;

export default async function exportRoutes(app: App) {
  const slots = createExportSlots(app.redis, app.appConfig.redisPrefix, CONCURRENT_EXPORTS);
  for (const kind of EXPORT_KINDS) {
    app.get(
      `/exports/${kind}.csv`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['exports'],
          summary: `All public ${kind} matching the list's filters, as CSV (RFC 4180, UTF-8 with BOM), streamed`,
          querystring: EXPORT_QUERIES[kind],
          response: { 429: errorResponses[400], ...errorResponses },
        },
      },
      async (request, reply) => {
        const window = await resolveWindow(app.db, request.query);
        const slot = await slots.acquire(request.actor ? `user:${request.actor.id}` : `ip:${request.ip}`);
        if (!slot) {
          return reply.status(429).send({
            error: { code: 'TOO_MANY_EXPORTS', message: `At most ${CONCURRENT_EXPORTS} exports at a time; wait for one to finish` },
          });
        }
        // Freed whether the download finishes, fails or the client goes away.
        reply.raw.once('close', () => void slot.release());
        const { district, status } = request.query;
        const day = new Date().toISOString().slice(0, 10);
        return (
          reply
            .header('content-type', 'text/csv; charset=utf-8; header=present')
            .header('content-disposition', `attachment; filename="${[kind, district, status, day].filter(Boolean).join('-')}.csv"`)
            .header('cache-control', 'no-store')
            // A stream is sent as is (no serializer); the typed reply only knows the JSON error bodies.
            .send(streamExport(driverOf(app.db), kind, request.query, window) as never)
        );
      },
    );
  }
}
