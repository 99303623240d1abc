import { and, desc, lt, or, eq, type SQL, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { inDateRange } from '@dsd/shared/dates';
import { FieldError } from './errors.ts';

interface CursorKey {
  at: string;
  id: string;
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ at: row.createdAt.toISOString(), id: row.id })).toString('base64url');
}

const CursorKey = z.object({ at: z.iso.datetime().refine((at) => inDateRange(Date.parse(at))), id: z.uuid() });

/** Only what `encodeCursor` gives out: a date the database can compare and a uuid, else a 400 naming the cursor. */
function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed = CursorKey.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {}
  throw new FieldError('querystring.cursor', 'is not a cursor this API gave out');
}

/** Newest-first keyset pagination on (created_at, id): one helper for every list. */
export function cursorCondition(cursor: string | undefined, createdAt: AnyColumn, id: AnyColumn): SQL | undefined {
  if (!cursor) return undefined;
  const key = decodeCursor(cursor);
  const at = new Date(key.at);
  return or(lt(createdAt, at), and(eq(createdAt, at), lt(id, key.id)));
}

export function newestFirst(createdAt: AnyColumn, id: AnyColumn) {
  return [desc(createdAt), desc(id)];
}

/** Callers fetch limit + 1 rows; the extra one tells whether there is a next page. */
export function toPage<T extends { createdAt: Date; id: string }, V>(rows: T[], limit: number, map: (row: T) => V) {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(last) : null };
}
