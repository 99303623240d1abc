import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

const ROWS = 100_000;
// A collection on demand, so what is measured is what the export holds on to, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  // Bulk rows straight in SQL: the export, not the write path, is under test.
  await t.db.db.execute(sql`
    insert into proposals (district_slug, category, title, body, author_id, created_at, updated_at)
    select 'medeu', 'lighting', 'Фонарь №' || g, repeat('Темно во дворе, "надо" свет; ', 8), (select id from users where email = 'resident@demo.kz'),
      now() - (g || ' seconds')::interval, now()
    from generate_series(1, ${ROWS}) g`);
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);
afterAll(async () => t?.close());

describe('CSV export of a large table', () => {
  it('streams 100k rows from a cursor: bytes flow at once and the heap stays flat', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let firstByteMs = -1;
    let lines = 0;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      request(`${base}/api/v1/exports/proposals.csv?district=medeu`, (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = Date.now() - started;
          // Records contain no line breaks here: CRLF counts them.
          const seen = lines;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          if (Math.floor(lines / 10_000) > Math.floor(seen / 10_000)) {
            gc();
            peak = Math.max(peak, process.memoryUsage().heapUsed);
          }
        });
        res.on('end', resolve);
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    const total = Date.now() - started;
    console.log(
      `[export] ${lines - 1} rows in ${total} ms, first byte after ${firstByteMs} ms, heap held +${((peak - before) / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(lines - 1).toBeGreaterThanOrEqual(ROWS);
    // The whole table would hold well over 100 MiB (56 MB of CSV alone); batches of 2000 rows hold a few.
    expect(peak - before).toBeLessThan(32 * 2 ** 20);
    expect(firstByteMs).toBeLessThan(total / 2);
  }, 120_000);
});
