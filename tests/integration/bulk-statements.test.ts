import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inList, insertRows } from '@dsd/db/bulk';
import { createDb, type DbHandle } from '@dsd/db/client';
import { preparedOn } from '@dsd/db/prepared';
import { categories, notificationDeliveries, outbox, proposals, updates, users } from '@dsd/db/schema/index';
import { createTestDatabase } from '../support/database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DbHandle;
let authorId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 4 });
  const [author] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, 'resident@demo.kz'));
  authorId = author!.id;
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

const proposal = (title: string) => ({ districtSlug: 'auezov', category: 'lighting', title, body: 'Текст', authorId });

describe('insertRows', () => {
  it('returns the rows as drizzle would: property names, dates as Dates, defaults filled in, in the order given', async () => {
    const rows = await insertRows(handle.db, proposals, [proposal('Первое'), proposal('Второе'), proposal('Третье')], { returning: true });
    expect(rows.map((r) => r.title)).toEqual(['Первое', 'Второе', 'Третье']);
    const [viaDrizzle] = await handle.db.select().from(proposals).where(eq(proposals.id, rows[0]!.id));
    expect(rows[0]).toEqual(viaDrizzle);
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);
    expect(rows[0]!.status).toBe('submitted');
    expect(rows[0]!.version).toBe(1);
  });

  it('keeps text with quotes, backslashes, newlines and non-Latin letters exactly', async () => {
    const title = 'Двор «Жетысу» \\ "кавычки" \n вторая строка — Қазақша ✓';
    const [row] = await insertRows(handle.db, proposals, [proposal(title)], { returning: true });
    const [stored] = await handle.sql`select title from proposals where id = ${row!.id}`;
    expect(stored!.title).toBe(title);
  });

  it('gives a row that omits a defaulted column its default, even beside rows that set it', async () => {
    const [proposalRow] = await insertRows(handle.db, proposals, [proposal('Лента')], { returning: true });
    const rows = await insertRows(
      handle.db,
      updates,
      [
        { kind: 'note', proposalId: proposalRow!.id, note: 'первая', authorId },
        { kind: 'note', proposalId: proposalRow!.id, note: 'служебная', authorId, visibility: 'internal' },
        { kind: 'note', proposalId: proposalRow!.id, note: 'третья', authorId },
      ],
      { returning: true },
    );
    expect(rows.map((r) => [r.note, r.visibility])).toEqual([
      ['первая', 'public'],
      ['служебная', 'internal'],
      ['третья', 'public'],
    ]);
    // The trigger filled the district the schema leaves to it.
    expect(rows.every((r) => r.districtSlug === 'auezov')).toBe(true);
  });

  it('stores JSON as JSON (objects, dates as ISO strings) and null as SQL null', async () => {
    const at = new Date('2026-03-01T10:00:00.123Z');
    const [row] = await insertRows(handle.db, outbox, [{ queue: 'notifications', name: 'notify', payload: { event: 'x', at, list: [1, 'два'] } }], {
      returning: true,
    });
    expect(row!.payload).toEqual({ event: 'x', at: '2026-03-01T10:00:00.123Z', list: [1, 'два'] });
    expect(typeof row!.id).toBe('number');
    const [stored] = await handle.sql`select jsonb_typeof(payload) as type, published_at is null as unpublished from outbox where id = ${row!.id}`;
    expect(stored).toEqual({ type: 'object', unpublished: true });
  });

  it('skips conflicting rows with onConflictDoNothing and returns only the rows it inserted', async () => {
    const pairs = [
      { dedupeKey: 'bulk-test', userId: authorId },
      { dedupeKey: 'bulk-test-2', userId: authorId },
    ];
    expect(await insertRows(handle.db, notificationDeliveries, pairs.slice(0, 1), { onConflictDoNothing: true, returning: true })).toHaveLength(1);
    const second = await insertRows(handle.db, notificationDeliveries, pairs, { onConflictDoNothing: true, returning: true });
    expect(second.map((r) => r.dedupeKey)).toEqual(['bulk-test-2']);
  });

  it('writes inside the transaction it is given: a rollback takes the rows with it', async () => {
    const title = `Откат ${Date.now()}`;
    await expect(
      handle.db.transaction(async (tx) => {
        await insertRows(tx, proposals, [proposal(title)]);
        const [seen] = await tx.select({ n: sql<number>`count(*)::int` }).from(proposals).where(eq(proposals.title, title));
        expect(seen!.n).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [after] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(proposals).where(eq(proposals.title, title));
    expect(after!.n).toBe(0);
  });

  it('refuses an unknown column and an SQL expression instead of writing something else', async () => {
    await expect(insertRows(handle.db, outbox, [{ queue: 'q', name: 'n', payload: {}, nope: 1 } as never])).rejects.toThrow(/no column nope/);
    await expect(insertRows(handle.db, outbox, [{ queue: 'q', name: 'n', payload: {}, createdAt: sql`now()` } as never])).rejects.toThrow(
      /SQL expression/,
    );
  });

  it('does nothing for no rows', async () => {
    expect(await insertRows(handle.db, outbox, [], { returning: true })).toEqual([]);
  });
});

describe('inList', () => {
  it('matches the listed values whatever their number, and nothing for an empty list', async () => {
    const rows = await insertRows(
      handle.db,
      proposals,
      Array.from({ length: 300 }, (_, i) => proposal(`Список ${i}`)),
      { returning: true },
    );
    const ids = rows.map((r) => r.id);
    const [all] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(proposals).where(inList(proposals.id, ids));
    expect(all!.n).toBe(300);
    const [none] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(proposals).where(inList(proposals.id, []));
    expect(none!.n).toBe(0);
    const [bySerial] = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(inList(outbox.id, [-1, -2]));
    expect(bySerial!.n).toBe(0);
  });
});

describe('preparedOn', () => {
  it('builds a query once per executor and reads inside the transaction it is given', async () => {
    let builds = 0;
    const byCode = preparedOn((executor) => {
      builds++;
      return executor
        .select({ code: categories.code, active: categories.active })
        .from(categories)
        .where(eq(categories.code, sql.placeholder('code')))
        .prepare('test_category_by_code');
    });
    expect(await byCode(handle.db).execute({ code: 'lighting' })).toEqual([{ code: 'lighting', active: true }]);
    expect(await byCode(handle.db).execute({ code: 'none' })).toEqual([]);
    expect(builds).toBe(1);
    await handle.db
      .transaction(async (tx) => {
        await tx.update(categories).set({ active: false }).where(eq(categories.code, 'lighting'));
        expect(await byCode(tx).execute({ code: 'lighting' })).toEqual([{ code: 'lighting', active: false }]);
        tx.rollback();
      })
      .catch(() => {});
    expect(await byCode(handle.db).execute({ code: 'lighting' })).toEqual([{ code: 'lighting', active: true }]);
  });
});
