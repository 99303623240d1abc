import type { StatusMachine } from '@dsd/shared/status-machines';
import type { Executor } from '../../client.ts';

const DAY = 24 * 60 * 60 * 1000;

/** What every entity's seed function gets: the transaction, the clock and lookups of what earlier ones wrote. */
export interface SeedContext {
  tx: Executor;
  now: Date;
  /** `days` from now at `hour` o'clock Almaty time (UTC+5). */
  at(days: number, hour?: number): Date;
  user(email: string): string;
  org(name: string): { id: string; name: string; districtSlug: string };
  orgs: ReadonlyArray<{ id: string; name: string; districtSlug: string }>;
}

export function clock(now: Date) {
  return (days: number, hour = 11) => {
    const d = new Date(now.getTime() + days * DAY);
    d.setUTCHours(hour - 5, 0, 0, 0);
    return d;
  };
}

/** The statuses a record passes through from `from` to `to`, by the shortest way its machine allows (BFS). */
export function statusPath<S extends string>(machine: StatusMachine<S>, from: S, to: S): S[] {
  const previous = new Map<S, S | null>([[from, null]]);
  const queue: S[] = [from];
  while (queue.length) {
    const current = queue.shift()!;
    if (current === to) break;
    for (const next of machine[current]) {
      if (previous.has(next)) continue;
      previous.set(next, current);
      queue.push(next);
    }
  }
  if (!previous.has(to)) throw new Error(`seed: ${to} cannot be reached from ${from}`);
  const path: S[] = [];
  for (let s: S | null | undefined = to; s && s !== from; s = previous.get(s)) path.unshift(s);
  return path;
}

/** A record's version after reaching `status` from its first one: every transition adds one. */
export const versionAt = <S extends string>(machine: StatusMachine<S>, initial: S, status: S) => 1 + statusPath(machine, initial, status).length;

/** A small deterministic random generator (mulberry32): the same demo every time. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    weighted: <T>(items: ReadonlyArray<readonly [T, number]>) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) if ((r -= w) < 0) return item;
      return items[items.length - 1]![0];
    },
  };
}
