import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/app/locales/en.ts';
import { kk } from '../../web/src/app/locales/kk.ts';
import { ru } from '../../web/src/app/locales/ru.ts';
import { sortForBoard } from '../../web/src/features/assignments/task-board.tsx';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('translations', () => {
  it('ru, kk and en have exactly the same keys (Russian alone has _few and _many plural forms), none empty', () => {
    const ruKeys = keys(ru).sort();
    const shared = ruKeys.filter((k) => !/_(few|many)$/.test(k));
    expect(keys(kk).sort()).toEqual(shared);
    expect(keys(en).sort()).toEqual(shared);
    for (const [messages, own] of [
      [ru, ruKeys],
      [kk, shared],
      [en, shared],
    ] as const) {
      for (const key of own) {
        const value = key.split('.').reduce<any>((o, k) => o[k], messages);
        expect(value, key).not.toBe('');
      }
    }
  });

  it('every key used in the web code exists', () => {
    const root = fileURLToPath(new URL('../../web/src', import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
      );
    const all = new Set(keys(ru).flatMap((k) => [k, k.replace(/_(one|few|many|other)$/, '')]));
    for (const file of files(root)) {
      for (const [, key] of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z_]+\.[a-zA-Z_.]+)'/g))
        expect(all.has(key!), `${file}: ${key}`).toBe(true);
    }
  });
});

describe('status words', () => {
  it('are always looked up for their entity (status.<entity>.<status>): one word for every entity reads wrong in Russian and Kazakh', () => {
    const root = fileURLToPath(new URL('../../web/src', import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const entityless = files(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/t\(`status\.\$\{[^}]+\}`/g)].map((m) => `${file}: ${m[0]}`),
    );
    expect(entityless).toEqual([]);
  });
});

describe('task board order', () => {
  it('puts overdue work first, then the nearest deadline', () => {
    const base = { createdAt: '2026-01-01T00:00:00.000Z' } as any;
    const sorted = sortForBoard([
      { ...base, id: 'late', overdue: false, dueAt: '2027-05-01T00:00:00.000Z' },
      { ...base, id: 'none', overdue: false, dueAt: null },
      { ...base, id: 'overdue', overdue: true, dueAt: '2026-01-01T00:00:00.000Z' },
      { ...base, id: 'soon', overdue: false, dueAt: '2027-01-01T00:00:00.000Z' },
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['overdue', 'soon', 'late', 'none']);
  });
});

describe('bundle size', () => {
  it('keeps the initial JavaScript small (pages are code-split)', () => {
    const dist = fileURLToPath(new URL('../../web/dist', import.meta.url));
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g), ...html.matchAll(/href="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const gzipped = scripts.reduce((n, s) => n + gzipSync(readFileSync(join(dist, s))).length, 0);
    console.log(`[bundle] initial JS: ${scripts.length} file(s), ${(gzipped / 1024).toFixed(1)} KiB gzip`);
    expect(gzipped).toBeLessThan(160 * 1024);
  });
});
