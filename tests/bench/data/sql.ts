import { createHash } from 'node:crypto';

/**
 * SQL snippets for generating rows on the server (INSERT … SELECT … FROM generate_series). Every generated record has
 * an id derived from its kind and number, so a row can name another (a decision its meeting and proposals) by
 * arithmetic instead of a lookup, and the ids still look random to the indexes, as gen_random_uuid() ones do.
 */

/** The id of record `n` of a kind, as a SQL expression: md5 shaped into a version-4 UUID. */
export const uid = (tag: string, n: string) => `(overlay(overlay(md5('${tag}' || (${n})::text) placing '4' from 13) placing '8' from 17))::uuid`;

/** The same id computed here, for the few rows written from this side. */
export function uidOf(tag: string, n: number): string {
  const h = createHash('md5').update(`${tag}${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}

/** A stable pseudo-random integer in [0, m) from an integer expression: the same on every run. */
export const hmod = (expr: string, salt: number, m: number) =>
  `((hashint8(((${expr})::bigint) * 1000003 + ${salt}) & 2147483647) % ${Math.max(1, Math.floor(m))})`;

export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const textArray = (items: readonly string[]) => `ARRAY[${items.map(lit).join(', ')}]::text[]`;

/** `items[index]` with a 0-based index expression. */
export const pick = (items: readonly string[], index: string) => `(${textArray(items)})[1 + (${index}) % ${items.length}]`;

/** CASE over cumulative shares: `bucket` in [0, total) picks the entry whose range holds it. */
export function bucketCase(bucket: string, entries: ReadonlyArray<readonly [string, number]>): string {
  let upTo = 0;
  const whens = entries.slice(0, -1).map(([value, share]) => {
    upTo += share;
    return `when ${bucket} < ${upTo} then ${value}`;
  });
  return `(case ${whens.join(' ')} else ${entries[entries.length - 1]![0]} end)`;
}

/** A VALUES list usable in FROM, e.g. a status path table. */
export function valuesTable(alias: string, columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cell = (v: string | number | null) => (v === null ? 'null' : typeof v === 'number' ? String(v) : lit(v));
  return `(values ${rows.map((r) => `(${r.map(cell).join(', ')})`).join(', ')}) as ${alias}(${columns.join(', ')})`;
}
