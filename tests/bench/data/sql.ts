/**
 * SQL snippets for generating rows on the server (INSERT … SELECT … FROM generate_series). Every generated record has
 * an id derived from its kind and number, so a row can name another (a decision its meeting and proposals) by
 * arithmetic instead of a lookup, and the ids still look random to the indexes, as gen_random_uuid() ones do.
 */

/**
 * The id of record `n` of a kind, as a SQL expression: two 64-bit hashes of n (seeded by the kind) shaped into a
 * version-4 UUID. About four times cheaper than md5 here, and the ids still look random to the indexes.
 */
export function uid(tag: string, n: string): string {
  const seed = tag.charCodeAt(0) * 2;
  const half = (s: number, mask: string, set: string) =>
    `lpad(to_hex((hashint8extended((${n})::bigint, ${s}) & x'${mask}'::bigint) | x'${set}'::bigint), 16, '0')`;
  return `((${half(seed, 'ffffffffffff0fff', '0000000000004000')} || ${half(seed + 1, '3fffffffffffffff', '8000000000000000')})::uuid)`;
}

/** The id of one known record (a district's coordinator, a bench account), as a SQL expression. */
export const uidOf = (tag: string, n: number) => uid(tag, String(n));

/**
 * A UUIDv7 for generated row `rn` of statement `statement`: its 48-bit clock starts at 2026-01-01 plus a billion
 * milliseconds per statement and counts rows, so ids ascend in the order rows are written; the other bits are hashed.
 */
export function timelineId(statement: number, rn: string): string {
  const clock = `(${Date.UTC(2026, 0, 1)}::bigint + ${statement * 1_000_000_000}::bigint + (${rn}))`;
  return `((lpad(to_hex((${clock} << 16) | x'7000'::bigint | (hashint8extended(${clock}, 1) & x'0fff'::bigint)), 16, '0') || lpad(to_hex((hashint8extended(${clock}, 2) & x'3fffffffffffffff'::bigint) | x'8000000000000000'::bigint), 16, '0'))::uuid)`;
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
