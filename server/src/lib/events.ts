import type { Redis } from 'ioredis';
import type { LiveEvent } from '@dsd/shared/live';

export interface LiveMessage {
  channels: string[];
  event: LiveEvent;
}

/**
 * Not an event for clients: tells every API instance that sessions ended (sign-out, password change), so their open
 * sockets close. `sessionIds`: those sessions; `exceptSessionId`: every session of the user but this one.
 */
export interface SessionsEnded {
  control: 'sessions.ended';
  userId: string;
  sessionIds?: string[];
  exceptSessionId?: string;
}

/**
 * Not an event for clients either: reference data (districts, services, categories, organizations) changed, so every
 * API instance drops its public-read cache at once rather than serving the old lists until the entries expire.
 */
export interface PublicCacheCleared {
  control: 'public-cache.clear';
}

export type ControlMessage = SessionsEnded | PublicCacheCleared;

/** Messages published together travel as one JSON array of at most this many. */
export const LIVE_BATCH = 500;

/** What one Redis message on the live channel holds: a message, or several published together. */
export type LiveWireMessage = LiveMessage | ControlMessage | Array<LiveMessage | ControlMessage>;

export function liveChannelName(prefix: string): string {
  return `${prefix}:live`;
}

/** Publishes a change on Redis pub/sub so every API instance can push it to its WebSocket subscribers. */
export interface EventPublisher {
  publish(message: LiveMessage): Promise<void>;
  /** Several changes in one round trip and one message: a job or a request publishes what it changed at once. */
  publishMany(messages: LiveMessage[]): Promise<void>;
  /** Best effort like events: every socket also re-checks its session before each delivery on its user channel. */
  sessionsEnded(message: Omit<SessionsEnded, 'control'>): Promise<void>;
  /** Best effort too: the cache's own short expiry bounds how long an instance that missed it serves old answers. */
  publicCacheCleared(): Promise<void>;
}

export function createEventPublisher(redis: Redis, prefix: string, onError: (err: unknown) => void): EventPublisher {
  const channel = liveChannelName(prefix);
  let failing = false;
  const publishMany = async (messages: Array<LiveMessage | ControlMessage>) => {
    if (messages.length === 0) return;
    try {
      // A job's changes travel together, as one Redis message per LIVE_BATCH: a decision told to a district's
      // thousand followers is a few messages for every API instance to parse, not a thousand.
      if (messages.length === 1) await redis.publish(channel, JSON.stringify(messages[0]));
      else if (messages.length <= LIVE_BATCH) await redis.publish(channel, JSON.stringify(messages));
      else {
        const pipeline = redis.pipeline();
        for (let i = 0; i < messages.length; i += LIVE_BATCH) pipeline.publish(channel, JSON.stringify(messages.slice(i, i + LIVE_BATCH)));
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([err]) => err);
        if (failed) throw failed[0];
      }
      failing = false;
    } catch (err) {
      // Live updates are best effort: the change is committed and clients refetch on reconnect.
      // Reported once per outage, not once per change.
      if (!failing) onError(err);
      failing = true;
    }
  };
  return {
    publish: (message) => publishMany([message]),
    publishMany,
    sessionsEnded: (message) => publishMany([{ control: 'sessions.ended', ...message }]),
    publicCacheCleared: () => publishMany([{ control: 'public-cache.clear' }]),
  };
}
