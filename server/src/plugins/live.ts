import websocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { CHANNEL_PATTERN, ClientMessage, type ServerMessage } from '@dsd/shared/live';
import { liveChannelName, type LiveMessage } from '../lib/events.ts';
import { createBlockingRedis, quitQuietly } from '../lib/redis.ts';
import { isCrossSite } from './security.ts';

const HEARTBEAT_MS = 25_000;
/** A client this far behind is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;
const MAX_SUBSCRIPTIONS = 50;

interface Client {
  socket: WebSocket;
  userId: string | null;
  channels: Set<string>;
  alive: boolean;
}

/**
 * GET /api/v1/live: clients subscribe to channels; changes made on any API instance arrive through Redis
 * pub/sub and are pushed to the local sockets subscribed to them.
 */
export default fp(
  async (app, opts: { redisUrl: string; prefix: string }) => {
    await app.register(websocket, { options: { maxPayload: 4096 } });
    const clients = new Set<Client>();
    const byChannel = new Map<string, Set<Client>>();

    const sendRaw = (client: Client, data: string) => {
      if (client.socket.readyState !== client.socket.OPEN) return;
      if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        client.socket.close(1013, 'too slow');
        return;
      }
      client.socket.send(data);
    };
    const send = (client: Client, message: ServerMessage) => sendRaw(client, JSON.stringify(message));

    const subscriber = createBlockingRedis(opts.redisUrl);
    const channel = liveChannelName(opts.prefix);
    subscriber.on('message', (_ch: string, raw: string) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(raw) as LiveMessage;
      } catch {
        return;
      }
      const delivered = new Set<Client>();
      for (const name of message.channels) {
        const subscribers = byChannel.get(name);
        if (!subscribers?.size) continue;
        // Serialized once per channel, not once per client: a district's thousands of watchers share one string.
        const data = JSON.stringify({ type: 'event', channel: name, event: message.event } satisfies ServerMessage);
        for (const client of subscribers) {
          if (delivered.has(client)) continue;
          delivered.add(client);
          sendRaw(client, data);
        }
      }
    });
    await subscriber.subscribe(channel).catch((err) => app.log.warn({ err }, 'live: subscribe failed; retried on reconnect'));

    const heartbeat = setInterval(() => {
      for (const client of clients) {
        if (!client.alive) {
          client.socket.terminate();
          continue;
        }
        client.alive = false;
        client.socket.ping();
      }
    }, HEARTBEAT_MS);

    const unsubscribeAll = (client: Client) => {
      for (const name of client.channels) {
        const set = byChannel.get(name);
        set?.delete(client);
        if (set?.size === 0) byChannel.delete(name);
      }
      client.channels.clear();
    };

    app.addHook('onClose', async () => {
      clearInterval(heartbeat);
      for (const client of clients) client.socket.close(1001, 'server shutting down');
      await quitQuietly(subscriber);
    });

    const refuseOtherSites = async (request: FastifyRequest, reply: FastifyReply) => {
      // Browsers send cookies with WebSocket handshakes from any page: only our own pages may open a live socket.
      if (isCrossSite(request)) {
        return reply.status(403).send({ error: { code: 'CSRF_REJECTED', message: 'Live updates are for this site’s pages only' } });
      }
    };

    app.get(
      '/api/v1/live',
      { config: { access: 'public' }, websocket: true, schema: { hide: true }, preValidation: refuseOtherSites },
      (socket, request) => {
        const client: Client = { socket, userId: request.actor?.id ?? null, channels: new Set(), alive: true };
        clients.add(client);
        socket.on('pong', () => {
          client.alive = true;
        });
        socket.on('close', () => {
          unsubscribeAll(client);
          clients.delete(client);
        });
        socket.on('error', () => socket.terminate());
        socket.on('message', (raw: Buffer) => {
          client.alive = true;
          let parsed: ClientMessage;
          try {
            const result = ClientMessage.safeParse(JSON.parse(raw.toString('utf8')));
            if (!result.success) throw new Error('shape');
            parsed = result.data;
          } catch {
            send(client, { type: 'error', code: 'MALFORMED_MESSAGE', message: 'Send {"type":"subscribe","channel":"district:auezov"}' });
            return;
          }
          if (parsed.type === 'ping') return send(client, { type: 'pong' });
          const name = parsed.channel;
          if (!CHANNEL_PATTERN.test(name)) {
            return send(client, { type: 'error', code: 'UNKNOWN_CHANNEL', message: `No channel ${name.slice(0, 100)}` });
          }
          if (parsed.type === 'unsubscribe') {
            client.channels.delete(name);
            byChannel.get(name)?.delete(client);
            return send(client, { type: 'unsubscribed', channel: name });
          }
          if (name.startsWith('user:') && name !== `user:${client.userId}`) {
            return send(client, { type: 'error', code: 'FORBIDDEN_CHANNEL', message: 'Only your own user channel' });
          }
          if (client.channels.size >= MAX_SUBSCRIPTIONS) {
            return send(client, { type: 'error', code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${MAX_SUBSCRIPTIONS} channels` });
          }
          client.channels.add(name);
          if (!byChannel.has(name)) byChannel.set(name, new Set());
          byChannel.get(name)!.add(client);
          send(client, { type: 'subscribed', channel: name });
        });
      },
    );
  },
  { name: 'live', dependencies: ['auth'] },
);
