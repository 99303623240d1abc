import { and, count, eq, inArray, lt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, meetings, proposals } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const dashboard = async () => (await t.request({ method: 'GET', url: '/api/v1/dashboard' })).json();
const district = (d: { districts: Array<{ slug: string }> }, slug: string) =>
  d.districts.find((x) => x.slug === slug) as never as Record<string, any>;

describe('dashboard', () => {
  it('lists all eight districts with counts that match the records', async () => {
    const d = await dashboard();
    expect(d.districts.map((x: { slug: string }) => x.slug)).toEqual([
      'alatau',
      'almaly',
      'auezov',
      'bostandyk',
      'zhetysu',
      'medeu',
      'nauryzbay',
      'turksib',
    ]);
    const auezov = district(d, 'auezov');
    const [m] = await t.db.db
      .select({ n: count() })
      .from(meetings)
      .where(and(eq(meetings.districtSlug, 'auezov'), eq(meetings.status, 'planned')));
    expect(auezov.meetings.planned).toBe(m!.n);
    expect(auezov.meetings.closed).toBe(1);
    const [p] = await t.db.db
      .select({ n: count() })
      .from(proposals)
      .where(and(eq(proposals.districtSlug, 'auezov'), eq(proposals.hidden, false)));
    expect(auezov.proposals.total).toBe(p!.n);
    expect(auezov.proposals.byCategory.cameras).toBeGreaterThanOrEqual(1);
    const [o] = await t.db.db
      .select({ n: count() })
      .from(assignments)
      .where(
        and(
          eq(assignments.districtSlug, 'auezov'),
          lt(assignments.dueAt, sql`now()`),
          inArray(assignments.status, ['queued', 'dispatched', 'accepted', 'in_progress', 'blocked', 'reopened']),
        ),
      );
    expect(auezov.assignments.overdue).toBe(o!.n);
    expect(auezov.assignments.overdue).toBeGreaterThanOrEqual(1);
    expect(auezov.decisions.total).toBe(5);
    expect(auezov.decisions.progress).toBeGreaterThan(0);
    for (const x of d.districts) expect(x.meetings.planned + x.meetings.held + x.meetings.closed).toBeGreaterThan(0);
  });

  it('follows a new proposal and its acceptance', async () => {
    const before = district(await dashboard(), 'turksib');
    const resident = await t.login('resident@demo.kz');
    await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'turksib', category: 'youth', title: 'Секции для подростков', body: 'Нужны' },
    });
    const after = district(await dashboard(), 'turksib');
    expect(after.proposals.total).toBe(before.proposals.total + 1);
    expect(after.proposals.byCategory.youth).toBe((before.proposals.byCategory.youth ?? 0) + 1);
    expect(after.proposals.byStatus.submitted).toBe((before.proposals.byStatus.submitted ?? 0) + 1);
  });
});
