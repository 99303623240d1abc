import { index, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/**
 * Partner apps' keys for Open311 GeoReport v2 writes. Only the SHA-256 of a key is kept (a leaked table leaks no
 * key); `prefix` lets admins tell keys apart. Each key posts as its own account (`author_id`, a resident that can
 * never sign in), so the partner is the author of what it submits and shows as "a resident" to the public.
 */
export const open311Keys = pgTable(
  'open311_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    partner: text().notNull(),
    keyHash: text().notNull(),
    prefix: text().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedBy: uuid().references(() => users.id),
  },
  (t) => [uniqueIndex().on(t.keyHash), index().on(t.createdAt)],
);
