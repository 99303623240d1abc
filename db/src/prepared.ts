import type { Executor } from './client.ts';

/**
 * A query drizzle builds once per database and PostgreSQL prepares once per connection, for the reads every request
 * makes (building a drizzle query costs more CPU than a simple indexed read). Values are `sql.placeholder`s given to
 * `execute`. On a transaction it is built for that transaction: drizzle's prepared statements run on the executor
 * they were built on (drizzle-orm#2826), so one built on the pool would read outside the transaction.
 */
export function preparedOn<P>(build: (executor: Executor) => P): (executor: Executor) => P {
  const built = new WeakMap<Executor, P>();
  return (executor) => {
    let prepared = built.get(executor);
    if (!prepared) {
      prepared = build(executor);
      built.set(executor, prepared);
    }
    return prepared;
  };
}
