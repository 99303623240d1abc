import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followerAnnouncements, notifications, users } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

const QUIET_MS = 1500;
let t: TestApp;
let worker: WorkerHandle;

beforeAll(async () => {
  t = await createTestApp({ FOLLOWER_ANNOUNCE_DELAY_MS: String(QUIET_MS) });
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const idOf = async (email: string) => (await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
const decisionNotices = (userId: string) =>
  t.db.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'decision.created')));
const follow = (cookie: string, targetType: string, targetId: string) =>
  t.request({ method: 'POST', url: '/api/v1/follows', cookie, payload: { targetType, targetId } });

describe('a district’s followers hear of a meeting’s new decisions together', () => {
  it('three decisions recorded in a row reach a district follower as one notice after the quiet period; a meeting follower hears of each at once', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const resident = await t.login('resident@demo.kz');
    const chair = await t.login('chair.mamyr@demo.kz');
    const [residentId, chairId] = await Promise.all([idOf('resident@demo.kz'), idOf('chair.mamyr@demo.kz')]);
    const meeting = await heldMeeting(t, coordinator, 'turksib');
    expect((await follow(resident, 'district', 'turksib')).statusCode).toBe(200);
    expect((await follow(chair, 'district', 'turksib')).statusCode).toBe(200);
    expect((await follow(chair, 'meeting', meeting.id)).statusCode).toBe(200);
    const before = (await decisionNotices(residentId)).length;

    const titles = ['Камеры у школы', 'Освещение во дворе', 'Патруль у рынка'];
    const started = Date.now();
    const created = [];
    for (const title of titles) created.push(await createDecision(t, coordinator, meeting.id, { kind: 'instruction', category: 'cameras', title }));

    // The meeting's follower hears of each decision as it is recorded.
    await waitFor(async () => (await decisionNotices(chairId)).filter((n) => n.link?.startsWith('/decisions/')).length === 3, {
      what: 'a notice per decision for the meeting follower',
    });
    const news = await waitFor(
      async () => {
        const rows = (await decisionNotices(residentId)).slice(before);
        return rows.length > 0 ? rows : null;
      },
      { what: 'the district follower’s notice', timeoutMs: 15_000 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(QUIET_MS);
    expect(news).toHaveLength(1);
    expect(news[0]!.link).toBe(`/meetings/${meeting.id}`);
    expect(news[0]!.title).toBe('Новые решения встречи');
    expect(news[0]!.body).toBe(`3 новых решения встречи — ${titles.join('; ')}`);
    // Nothing is left to announce, and the meeting follower was not told a fourth time.
    expect(await t.db.db.select().from(followerAnnouncements).where(eq(followerAnnouncements.meetingId, meeting.id))).toEqual([]);
    await new Promise((r) => setTimeout(r, QUIET_MS));
    expect(await decisionNotices(chairId)).toHaveLength(3);
    expect((await decisionNotices(residentId)).slice(before)).toHaveLength(1);
    expect(created.map((d) => d.title)).toEqual(titles);
  });

  it('a lone decision reaches the district follower as itself, and the API says so in the follower’s list', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const resident = await t.login('resident@demo.kz');
    const meeting = await heldMeeting(t, coordinator, 'medeu');
    expect((await follow(resident, 'district', 'medeu')).statusCode).toBe(200);
    const decision = await createDecision(t, coordinator, meeting.id, { kind: 'instruction', category: 'lighting', title: 'Фонари у остановки' });
    const notice = await waitFor(
      async () => {
        const list = (await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: resident })).json();
        return list.items.find((n: { link: string }) => n.link === `/decisions/${decision.id}`);
      },
      { what: 'the lone decision’s notice', timeoutMs: 15_000 },
    );
    expect(notice).toMatchObject({ kind: 'decision.created', body: 'Фонари у остановки', title: 'Новое решение встречи' });
  });
});
