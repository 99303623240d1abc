import type { Redis } from 'ioredis';
import type { LiveEvent } from '@dsd/shared/live';

export interface LiveMessage {
  channels: string[];
  event: LiveEvent;
}

export function liveChannelName(prefix: string): string {
  return `${prefix}:live`;
}

/** Publishes a change on Redis pub/sub so every API instance can push it to its WebSocket subscribers. */
export interface EventPublisher {
  publish(message: LiveMessage): Promise<void>;
}

export function createEventPublisher(redis: Redis, prefix: string, onError: (err: unknown) => void): EventPublisher {
  const channel = liveChannelName(prefix);
  let failing = false;
  return {
    async publish(message) {
      try {
        await redis.publish(channel, JSON.stringify(message));
        failing = false;
      } catch (err) {
        // Live updates are best effort: the change is committed and clients refetch on reconnect.
        // Reported once per outage, not once per change.
        if (!failing) onError(err);
        failing = true;
      }
    },
  };
}
