import { parse } from 'csv-parse/sync';
import { users } from '@dsd/db/schema/index';
import { EXPORT_COLUMNS } from '@dsd/shared/exports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';

let t: TestApp;
let coordinator: string;
const TIP = 'Квартира 47, продавец по имени Арман';

/** Every item of a list, page by page, as the API gives them to anyone: the total the export must equal. */
async function listAll(path: string, cookie?: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await t.request({ method: 'GET', url: `${path}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`, cookie });
    expect(res.statusCode).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return items;
}

function parseCsv(body: string): Array<Record<string, string>> {
  // A standard RFC 4180 parser, told nothing but that the first line names the columns and the BOM may be there.
  return parse(body, { columns: true, bom: true, relax_quotes: false, skip_empty_lines: false });
}

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator@demo.kz');
  const resident = await t.login('resident@demo.kz');
  const meeting = await heldMeeting(t, coordinator);
  // Quotes, commas, line breaks and Cyrillic: what a spreadsheet chokes on when CSV is written by hand.
  const tip = await t.request({
    method: 'POST',
    url: '/api/v1/proposals',
    cookie: resident,
    payload: {
      districtSlug: 'auezov',
      category: 'drugs',
      title: 'Закладки у школы №5, "Мамыр-4"',
      body: 'Первая строка\nвторая, с запятой',
      confidentialDetails: TIP,
      lat: 43.2123456,
      lng: 76.8512345,
    },
  });
  expect(tip.statusCode).toBe(201);
  await createDecision(t, coordinator, meeting.id, {
    kind: 'instruction',
    category: 'drugs',
    title: 'Профилактика наркопреступлений',
    proposalIds: [tip.json().id],
    dueAt: '2026-11-20T18:00:00+05:00',
    services: ['counter_narcotics', 'juvenile'],
  });
});
afterAll(async () => t?.close());

describe('CSV exports', () => {
  it.each(['proposals', 'decisions', 'assignments'] as const)('%s: RFC 4180 with BOM, one row per record the list API gives', async (kind) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/exports/${kind}.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // RFC 4180: records end with CRLF.
    expect(res.body.split('\r\n')[0]).toBe(`\ufeff${EXPORT_COLUMNS[kind].join(',')}`);
    const rows = parseCsv(res.body);
    const listed = await listAll(`/api/v1/${kind}`);
    expect(rows.length).toBe(listed.length);
    expect(rows.map((r) => r.id).sort()).toEqual(listed.map((i) => i.id).sort());
    for (const row of rows) {
      expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('row counts equal the dashboard’s totals in every district; a hidden proposal leaves both', async () => {
    // The oldest: the tip the next test reads stays shown.
    const first = (await listAll('/api/v1/proposals?district=auezov')).at(-1);
    const hide = await t.request({
      method: 'POST',
      url: `/api/v1/proposals/${first!.id}/moderation`,
      cookie: coordinator,
      payload: { hidden: true, reason: 'Персональные данные в тексте' },
    });
    expect(hide.statusCode).toBe(200);
    const dashboard = (await t.request({ method: 'GET', url: '/api/v1/dashboard' })).json();
    for (const d of dashboard.districts) {
      for (const kind of ['proposals', 'decisions', 'assignments'] as const) {
        const rows = parseCsv((await t.request({ method: 'GET', url: `/api/v1/exports/${kind}.csv?district=${d.slug}` })).body);
        expect(rows.length, `${d.slug} ${kind}`).toBe(d[kind].total);
      }
    }
    const exported = parseCsv((await t.request({ method: 'GET', url: '/api/v1/exports/proposals.csv?district=auezov', cookie: coordinator })).body);
    expect(exported.some((r) => r.id === first!.id)).toBe(false);
  });

  it('keeps quotes, commas, line breaks and Cyrillic intact and blurs the position as the public map does', async () => {
    const rows = parseCsv((await t.request({ method: 'GET', url: '/api/v1/exports/proposals.csv?district=auezov&status=submitted' })).body);
    const tip = rows.find((r) => r.title === 'Закладки у школы №5, "Мамыр-4"');
    expect(tip).toMatchObject({
      body: 'Первая строка\nвторая, с запятой',
      author_kind: 'resident',
      lat: '43.212',
      lng: '76.851',
      district: 'auezov',
    });
  });

  it('carries no e-mail, user id or confidential tip detail, whoever asks', async () => {
    const ids = (await t.db.db.select({ id: users.id }).from(users)).map((u) => u.id);
    for (const cookie of [undefined, coordinator]) {
      for (const kind of ['proposals', 'decisions', 'assignments']) {
        const body = (await t.request({ method: 'GET', url: `/api/v1/exports/${kind}.csv`, cookie })).body;
        expect(body).not.toContain(TIP);
        expect(body).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
        for (const id of ids) expect(body).not.toContain(id);
      }
    }
  });

  it('applies the list filters: district, status and a creation window', async () => {
    const byStatus = parseCsv((await t.request({ method: 'GET', url: '/api/v1/exports/assignments.csv?district=auezov&status=queued' })).body);
    const listed = await listAll('/api/v1/assignments?district=auezov&status=queued');
    expect(byStatus.length).toBe(listed.length);
    expect(byStatus.every((r) => r.status === 'queued' && r.district === 'auezov')).toBe(true);

    const all = parseCsv((await t.request({ method: 'GET', url: '/api/v1/exports/proposals.csv' })).body);
    const today = new Date().toISOString().slice(0, 10);
    const sinceRes = await t.request({ method: 'GET', url: `/api/v1/exports/proposals.csv?from=${new Date(Date.now() - 86_400_000).toISOString()}` });
    expect(sinceRes.statusCode, sinceRes.body).toBe(200);
    const sinceYesterday = parseCsv(
      (await t.request({ method: 'GET', url: `/api/v1/exports/proposals.csv?from=${new Date(Date.now() - 86_400_000).toISOString()}` })).body,
    );
    expect(sinceYesterday.length).toBeGreaterThan(0);
    expect(sinceYesterday.every((r) => Date.parse(r.created_at!) >= Date.now() - 86_400_000 - 5000)).toBe(true);
    const beforeTwoThousandTwenty = parseCsv((await t.request({ method: 'GET', url: '/api/v1/exports/proposals.csv?to=2020-01-01' })).body);
    expect(beforeTwoThousandTwenty).toHaveLength(0);
    expect(all.length).toBeGreaterThanOrEqual(sinceYesterday.length);
    expect((await t.request({ method: 'GET', url: `/api/v1/exports/proposals.csv?from=${today}&to=${today}` })).statusCode).toBe(200);
  });

  it.each([
    ['an unknown district', 'district=atlantis', 'querystring.district'],
    ['a malformed date', 'from=26.11.2026', 'querystring.from'],
    ['a date out of range', 'from=1999-12-31', 'querystring.from'],
    ['a window that ends before it starts', 'from=2026-11-20&to=2026-11-01', 'querystring.to'],
    ['a status of another record', 'status=held', 'querystring.status'],
  ])('refuses %s with a 400 naming the field', async (_what, query, path) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/exports/proposals.csv?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json().error.details)).toContain(path);
  });

  it('caps concurrent exports per caller with 429 and frees the slot when a download ends', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(t.config.redisUrl);
    try {
      // Two exports of this address still streaming (as a slow client keeps them): the third is refused.
      const key = `${t.prefix}:exports:ip:127.0.0.1`;
      await redis.set(key, 2);
      const refused = await t.request({ method: 'GET', url: '/api/v1/exports/decisions.csv' });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('TOO_MANY_EXPORTS');
      expect(await redis.get(key)).toBe('2');
      await redis.set(key, 1);
      const served = await t.request({ method: 'GET', url: '/api/v1/exports/decisions.csv' });
      expect(served.statusCode).toBe(200);
      await expect.poll(() => redis.get(key)).toBe('1');
      // A signed-in caller has a cap of their own.
      await redis.set(key, 2);
      expect((await t.request({ method: 'GET', url: '/api/v1/exports/decisions.csv', cookie: coordinator })).statusCode).toBe(200);
    } finally {
      redis.disconnect();
    }
  });
});
