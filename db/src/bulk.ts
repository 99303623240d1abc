import { getTableColumns, getTableName, is, type InferInsertModel, type InferSelectModel, SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { PostgresJsSession } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import type { Executor } from './client.ts';

// Statements whose text does not grow with the data: the rows or ids travel as one JSON parameter. Drizzle builds a
// statement value by value, and at a few hundred values that costs far more CPU than PostgreSQL spends running it
// (the fan-out of one decision to a district's followers built some 6,000 parameters).

/**
 * `column in (values)` with one parameter however many values (drizzle's `inArray` makes one per value). An empty
 * list matches nothing, as with `inArray`.
 */
export function inList(column: PgColumn, values: ReadonlyArray<string | number>): SQL {
  return sql`${column} = any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::${sql.raw(recordTypeOf(column))}[])`;
}

/**
 * Inserts rows with one statement whose text depends only on the table and the columns given:
 * `insert into t (…) select … from jsonb_to_recordset($1)`, the rows travelling as one JSON parameter.
 *
 * Why not drizzle's `insert().values()`: drizzle builds a multi-row insert value by value, and that costs more CPU
 * than PostgreSQL spends inserting (a decision with five assignments wrote some 150 values: about a third of the
 * request's CPU). Its prepared statements do not help inside a transaction, where every write happens: they stay
 * bound to the pool (drizzle-orm#2826). Here the text is built once per table and column set, PostgreSQL prepares
 * it once per connection, and the rows are one `JSON.stringify` — the same statement for one row or a thousand.
 *
 * Keys are the schema's property names (camelCase) both ways; a column no row gives takes its default. Values are
 * what JSON makes of them (dates as ISO strings), so an SQL expression is refused: leave such a column to its
 * default — the database's: a drizzle `$defaultFn` is not run (the schema's one, the timeline's district, is a
 * placeholder that a trigger fills).
 */
export async function insertRows<T extends PgTable>(
  executor: Executor,
  table: T,
  rows: ReadonlyArray<InferInsertModel<T>>,
  options?: InsertOptions & { returning?: false },
): Promise<undefined>;
export async function insertRows<T extends PgTable>(
  executor: Executor,
  table: T,
  rows: ReadonlyArray<InferInsertModel<T>>,
  options: InsertOptions & { returning: true },
): Promise<Array<InferSelectModel<T>>>;
export async function insertRows<T extends PgTable>(
  executor: Executor,
  table: T,
  rows: ReadonlyArray<InferInsertModel<T>>,
  options: InsertOptions & { returning?: boolean } = {},
): Promise<Array<InferSelectModel<T>> | undefined> {
  const out: Array<InferSelectModel<T>> = [];
  if (rows.length === 0) return options.returning ? out : undefined;
  const client = clientOf(executor);
  const described = describe(table);
  for (const group of groupByColumns(described, rows as ReadonlyArray<Record<string, unknown>>)) {
    const statement = statementFor(described, group.keys, options);
    const result = await client.unsafe(statement, [JSON.stringify(group.rows)], { prepare: true });
    if (options.returning) for (const raw of result) out.push(fromDriver(described, raw) as InferSelectModel<T>);
  }
  return options.returning ? out : undefined;
}

export interface InsertOptions {
  /** `on conflict do nothing` (with `returning`, only the rows inserted come back). */
  onConflictDoNothing?: boolean;
}

interface DescribedColumn {
  key: string;
  dbName: string;
  column: PgColumn;
  recordType: string;
  /** A database default or a drizzle-side one: a row that omits it must not send null. */
  hasDefault: boolean;
}

interface DescribedTable {
  name: string;
  byKey: Map<string, DescribedColumn>;
  statements: Map<string, string>;
}

const tables = new WeakMap<PgTable, DescribedTable>();

function describe(table: PgTable): DescribedTable {
  let described = tables.get(table);
  if (!described) {
    const byKey = new Map<string, DescribedColumn>();
    for (const [key, column] of Object.entries(getTableColumns(table)) as Array<[string, PgColumn]>) {
      byKey.set(key, {
        key,
        column,
        dbName: column.keyAsName ? toSnakeCase(column.name) : column.name,
        recordType: recordTypeOf(column),
        hasDefault: column.hasDefault || column.defaultFn !== undefined,
      });
    }
    described = { name: getTableName(table), byKey, statements: new Map() };
    tables.set(table, described);
  }
  return described;
}

/** The column's type in `jsonb_to_recordset`'s definition list (a serial is its integer type there). */
function recordTypeOf(column: PgColumn): string {
  const type = column.getSQLType();
  const serial: Record<string, string> = { bigserial: 'bigint', serial: 'integer', smallserial: 'smallint' };
  return serial[type] ?? type;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function statementFor(table: DescribedTable, keys: string[], options: InsertOptions & { returning?: boolean }): string {
  const cacheKey = `${keys.join(',')}|${options.onConflictDoNothing ? 'n' : ''}${options.returning ? 'r' : ''}`;
  let text = table.statements.get(cacheKey);
  if (!text) {
    const columns = keys.map((key) => {
      return table.byKey.get(key)!;
    });
    text =
      `insert into ${quote(table.name)} (${columns.map((c) => quote(c.dbName)).join(', ')}) ` +
      `select ${columns.map((c) => `r.${quote(c.key)}`).join(', ')} ` +
      `from jsonb_to_recordset($1::jsonb) as r(${columns.map((c) => `${quote(c.key)} ${c.recordType}`).join(', ')})` +
      (options.onConflictDoNothing ? ' on conflict do nothing' : '') +
      (options.returning ? ' returning *' : '');
    table.statements.set(cacheKey, text);
  }
  return text;
}

/**
 * The statements rows need: every column any row gives, a missing one read as null — except a column with a
 * default, which a row that omits it must not set: such rows form a statement of their own. Order is kept.
 */
function groupByColumns(
  table: DescribedTable,
  rows: ReadonlyArray<Record<string, unknown>>,
): Array<{ keys: string[]; rows: Array<Record<string, unknown>> }> {
  const given = new Set<string>();
  for (const row of rows) {
    for (const key in row) {
      const value = row[key];
      if (value === undefined) continue;
      if (is(value, SQL)) throw new Error(`insertRows: ${table.name}.${key} is an SQL expression; give a value or leave it to the default`);
      given.add(key);
    }
  }
  const always: string[] = [];
  const defaulted: string[] = [];
  for (const key of given) {
    const column = table.byKey.get(key);
    if (!column) throw new Error(`insertRows: ${table.name} has no column ${key}`);
    (column.hasDefault ? defaulted : always).push(key);
  }
  if (defaulted.length === 0) return [{ keys: always, rows: rows as Array<Record<string, unknown>> }];
  const groups: Array<{ keys: string[]; signature: string; rows: Array<Record<string, unknown>> }> = [];
  for (const row of rows) {
    const own = defaulted.filter((k) => row[k] !== undefined);
    const signature = own.join(',');
    const last = groups.at(-1);
    if (last && last.signature === signature) last.rows.push(row);
    else groups.push({ keys: [...always, ...own], signature, rows: [row] });
  }
  return groups;
}

/** A returned row as drizzle gives it: property names, and each column's own decoding (timestamps to Dates). */
function fromDriver(table: DescribedTable, raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of table.byKey.values()) {
    const value = raw[c.dbName];
    row[c.key] = value === null || value === undefined ? null : c.column.mapFromDriverValue(value);
  }
  return row;
}

/** The postgres.js connection behind the pool or the transaction (drizzle's session keeps it). */
function clientOf(executor: Executor): postgres.Sql {
  const session: unknown = executor._.session;
  if (!is(session, PostgresJsSession)) throw new Error('insertRows runs on a postgres.js database or transaction');
  return (session as PostgresJsSession<postgres.Sql, never, never>).client;
}
