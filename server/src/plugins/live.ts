import websocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { CHANNEL_PATTERN, ClientMessage, type ServerMessage } from '@dsd/shared/live';
import { errorBody } from '../lib/errors.ts';
import { liveChannelName, type ControlMessage, type LiveMessage, type LiveWireMessage, type SessionsEnded } from '../lib/events.ts';
import { createBlockingRedis, quitQuietly } from '../lib/redis.ts';
import { isCrossSite } from './security.ts';

const HEARTBEAT_MS = 25_000;
/** A client this far behind is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;
const MAX_SUBSCRIPTIONS = 50;
/** Close code for a socket whose session ended (sign-out, password change, expiry): the client signs in again. */
export const SESSION_ENDED_CLOSE = 4001;

interface Client {
  socket: WebSocket;
  ip: string;
  userId: string | null;
  /** The session the socket was opened with (the token's hash); null for anonymous sockets. */
  sessionId: string | null;
  channels: Set<string>;
  alive: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Open sockets and channel entries on this instance (operations, tests). */
    liveStats(): { sockets: number; channels: number; subscriptions: number };
  }
}

/** Adds to / removes from a set kept in a map, dropping the entry when its set empties, so maps never grow stale. */
function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/**
 * GET /api/v1/live: clients subscribe to channels; changes made on any API instance arrive through Redis
 * pub/sub and are pushed to the local sockets subscribed to them. A socket lives no longer than its session: ended
 * sessions close their sockets on every instance, and each private (user channel) delivery re-checks the session.
 */
export default fp(
  async (app, opts: { redisUrl: string; prefix: string; socketsPerAddress: number; socketsPerUser: number }) => {
    await app.register(websocket, { options: { maxPayload: 4096 } });
    const clients = new Set<Client>();
    const byChannel = new Map<string, Set<Client>>();
    const byAddress = new Map<string, Set<Client>>();
    const byUser = new Map<string, Set<Client>>();
    app.decorate('liveStats', () => {
      let subscriptions = 0;
      for (const client of clients) subscriptions += client.channels.size;
      return { sockets: clients.size, channels: byChannel.size, subscriptions };
    });

    const sendRaw = (client: Client, data: string) => {
      if (client.socket.readyState !== client.socket.OPEN) return;
      if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        client.socket.close(1013, 'too slow');
        return;
      }
      client.socket.send(data);
    };
    const send = (client: Client, message: ServerMessage) => sendRaw(client, JSON.stringify(message));
    const endSession = (client: Client) => client.socket.close(SESSION_ENDED_CLOSE, 'session ended');

    /** A private delivery goes out only while the socket's session is still valid; otherwise the socket closes. */
    const deliverPrivately = async (client: Client, data: string) => {
      const active = client.sessionId ? await app.auth.sessionActive(client.sessionId).catch(() => false) : false;
      if (active) sendRaw(client, data);
      else endSession(client);
    };

    const onSessionsEnded = (message: SessionsEnded) => {
      for (const client of byUser.get(message.userId) ?? []) {
        const ended = message.sessionIds ? message.sessionIds.includes(client.sessionId ?? '') : client.sessionId !== message.exceptSessionId;
        if (ended) endSession(client);
      }
      // A session rotated at sign-in may have belonged to someone else's socket: match by session id everywhere.
      if (message.sessionIds) for (const client of clients) if (client.sessionId && message.sessionIds.includes(client.sessionId)) endSession(client);
    };

    const subscriber = createBlockingRedis(opts.redisUrl);
    const channel = liveChannelName(opts.prefix);
    const receive = (message: LiveMessage | ControlMessage) => {
      if ('control' in message) {
        if (message.control === 'sessions.ended') onSessionsEnded(message);
        else if (message.control === 'public-cache.clear') app.publicCache.clear();
        return;
      }
      const delivered = new Set<Client>();
      for (const name of message.channels) {
        const subscribers = byChannel.get(name);
        if (!subscribers?.size) continue;
        // Serialized once per channel, not once per client: a district's thousands of watchers share one string.
        const data = JSON.stringify({ type: 'event', channel: name, event: message.event } satisfies ServerMessage);
        const personal = name.startsWith('user:');
        for (const client of subscribers) {
          if (delivered.has(client)) continue;
          delivered.add(client);
          if (personal) void deliverPrivately(client, data);
          else sendRaw(client, data);
        }
      }
    };
    subscriber.on('message', (_ch: string, raw: string) => {
      let wire: LiveWireMessage;
      try {
        wire = JSON.parse(raw) as LiveWireMessage;
      } catch {
        return;
      }
      if (Array.isArray(wire)) for (const message of wire) receive(message);
      else receive(wire);
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

    const forget = (client: Client) => {
      for (const name of client.channels) removeFrom(byChannel, name, client);
      client.channels.clear();
      removeFrom(byAddress, client.ip, client);
      if (client.userId) removeFrom(byUser, client.userId, client);
      clients.delete(client);
    };

    app.addHook('onClose', async () => {
      clearInterval(heartbeat);
      for (const client of clients) client.socket.close(1001, 'server shutting down');
      await quitQuietly(subscriber);
    });

    const admit = async (request: FastifyRequest, reply: FastifyReply) => {
      // Browsers send cookies with WebSocket handshakes from any page: only our own pages may open a live socket.
      if (isCrossSite(request)) {
        return reply.status(403).send(errorBody(request, 'CSRF_REJECTED', 'Live updates are for this site’s pages only'));
      }
      const tooMany =
        (byAddress.get(request.ip)?.size ?? 0) >= opts.socketsPerAddress
          ? `At most ${opts.socketsPerAddress} live connections per address`
          : request.actor && (byUser.get(request.actor.id)?.size ?? 0) >= opts.socketsPerUser
            ? `At most ${opts.socketsPerUser} live connections per account`
            : null;
      if (tooMany) return reply.status(429).send(errorBody(request, 'RATE_LIMITED', tooMany));
    };

    app.get('/api/v1/live', { websocket: true, config: { access: 'public' }, schema: { hide: true }, preValidation: admit }, (socket, request) => {
      const client: Client = {
        socket,
        ip: request.ip,
        userId: request.actor?.id ?? null,
        sessionId: request.actor?.sessionId ?? null,
        channels: new Set(),
        alive: true,
      };
      clients.add(client);
      addTo(byAddress, client.ip, client);
      if (client.userId) addTo(byUser, client.userId, client);
      socket.on('pong', () => {
        client.alive = true;
      });
      socket.on('close', () => forget(client));
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
          removeFrom(byChannel, name, client);
          return send(client, { type: 'unsubscribed', channel: name });
        }
        if (name.startsWith('user:') && name !== `user:${client.userId}`) {
          return send(client, { type: 'error', code: 'FORBIDDEN_CHANNEL', message: 'Only your own user channel' });
        }
        if (client.channels.size >= MAX_SUBSCRIPTIONS && !client.channels.has(name)) {
          return send(client, { type: 'error', code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${MAX_SUBSCRIPTIONS} channels` });
        }
        client.channels.add(name);
        addTo(byChannel, name, client);
        send(client, { type: 'subscribed', channel: name });
      });
    });
  },
  { name: 'live', dependencies: ['auth', 'public-cache'] },
);
