import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { LiveEvent } from '@dsd/shared/live';
import { keysForLiveEvent } from './query-keys.ts';

type Listener = (channel: string, event: LiveEvent) => void;

/** One WebSocket for the whole app: subscriptions are reference-counted, and it reconnects with backoff. */
class LiveClient {
  private socket: WebSocket | null = null;
  private counts = new Map<string, number>();
  private listeners = new Set<Listener>();
  private statusListeners = new Set<() => void>();
  private attempt = 0;
  private timer: number | undefined;
  connected = false;

  private url() {
    const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
    return `${proto}://${window.location.host}/api/v1/live`;
  }

  private setConnected(value: boolean) {
    this.connected = value;
    for (const l of this.statusListeners) l();
  }

  private connect() {
    if (this.socket || this.counts.size === 0) return;
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setConnected(true);
      for (const channel of this.counts.keys()) socket.send(JSON.stringify({ type: 'subscribe', channel }));
    };
    socket.onmessage = (msg) => {
      const data = JSON.parse(String(msg.data));
      if (data.type === 'event') for (const l of this.listeners) l(data.channel, data.event);
    };
    socket.onclose = () => {
      this.socket = null;
      this.setConnected(false);
      if (this.counts.size === 0) return;
      const delay = Math.min(30_000, 500 * 2 ** this.attempt++) * (0.5 + Math.random() / 2);
      this.timer = window.setTimeout(() => this.connect(), delay);
    };
  }

  subscribe(channel: string) {
    const n = this.counts.get(channel) ?? 0;
    this.counts.set(channel, n + 1);
    if (n === 0 && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'subscribe', channel }));
    this.connect();
    return () => {
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left > 0) return void this.counts.set(channel, left);
      this.counts.delete(channel);
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'unsubscribe', channel }));
      if (this.counts.size === 0) {
        window.clearTimeout(this.timer);
        this.socket?.close();
      }
    };
  }

  /**
   * The socket carries the session it was opened with: after sign-in or sign-out it is replaced at once, so private
   * channels are taken with the new session and a signed-out browser keeps none of the old one's.
   */
  restart() {
    window.clearTimeout(this.timer);
    this.attempt = 0;
    const old = this.socket;
    this.socket = null;
    if (old) {
      old.onclose = null;
      old.close();
      this.setConnected(false);
    }
    this.connect();
  }

  onEvent(listener: Listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: () => void) {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}

export const live = new LiveClient();

/** Subscribes while mounted; an event on these channels refreshes exactly the queries it makes stale. */
export function useLive(channels: Array<string | null | undefined>) {
  const queryClient = useQueryClient();
  const key = channels.filter(Boolean).join('|');
  useEffect(() => {
    const list = key ? key.split('|') : [];
    const unsubscribe = list.map((c) => live.subscribe(c));
    const off = live.onEvent((channel, event) => {
      if (!list.includes(channel)) return;
      for (const queryKey of keysForLiveEvent(channel, event)) void queryClient.invalidateQueries({ queryKey });
    });
    return () => {
      off();
      for (const u of unsubscribe) u();
    };
  }, [key, queryClient]);
  return useSyncExternalStore(
    (cb) => {
      const off = live.onStatus(cb);
      return () => void off();
    },
    () => live.connected,
  );
}
