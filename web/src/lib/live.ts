import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';

type LiveEvent = { kind: string; id: string; districtSlug?: string; status?: string; progress?: number };
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

/** Subscribes while mounted; any event on these channels refreshes the matching queries in the cache. */
export function useLive(channels: Array<string | null | undefined>) {
  const queryClient = useQueryClient();
  const key = channels.filter(Boolean).join('|');
  useEffect(() => {
    const list = key ? key.split('|') : [];
    const unsubscribe = list.map((c) => live.subscribe(c));
    const off = live.onEvent((channel) => {
      if (!list.includes(channel)) return;
      void queryClient.invalidateQueries();
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
