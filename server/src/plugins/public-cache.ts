import fp from 'fastify-plugin';

/**
 * Who shares one cached answer: 'everyone' for numbers that do not depend on the caller (the dashboard), 'anonymous'
 * for public lists, whose answers differ for signed-in callers (their supports, their hidden items).
 */
export type PublicCache = 'everyone' | 'anonymous';

declare module 'fastify' {
  interface FastifyContextConfig {
    publicCache?: PublicCache;
  }
  interface FastifyInstance {
    /** Drops every cached answer: reference data changed (told to every instance through Redis, see events.ts). */
    publicCache: { clear(): void };
  }
}

const MAX_ENTRIES = 2000;

/**
 * A per-instance micro-cache for the public read paths: the same URL asked again within `ttlMs` gets the answer
 * already serialized, without a database round trip. At a few hundred milliseconds it keeps the promise that
 * public numbers equal a fresh count within seconds, while a crowd on one district page costs one query per interval.
 */
export default fp(
  async (app, opts: { ttlMs: number }) => {
    const entries = new Map<string, { at: number; body: string; contentType: string }>();
    app.decorate('publicCache', { clear: () => entries.clear() });
    if (opts.ttlMs <= 0) return;
    const cacheable = (request: { method: string; routeOptions: { config: { publicCache?: PublicCache } }; actor: unknown }) => {
      const mode = request.routeOptions.config.publicCache;
      return request.method === 'GET' && (mode === 'everyone' || (mode === 'anonymous' && request.actor === null));
    };

    app.addHook('onRequest', async (request, reply) => {
      if (!cacheable(request)) return;
      const hit = entries.get(request.url);
      if (!hit || Date.now() - hit.at >= opts.ttlMs) return;
      reply.header('content-type', hit.contentType).header('x-cache', 'hit');
      await reply.send(hit.body);
      return reply;
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.getHeader('x-cache') === 'hit' || reply.statusCode !== 200 || typeof payload !== 'string' || !cacheable(request)) return payload;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(request.url, { at: Date.now(), body: payload, contentType: String(reply.getHeader('content-type') ?? 'application/json') });
      return payload;
    });
  },
  { name: 'public-cache', dependencies: ['auth'] },
);
