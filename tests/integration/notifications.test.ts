import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, users } from '@dsd/db/schema/index';
import type { WorkerHandle } from '@dsd/server/worker';
import { sendDigests } from '../../server/src/modules/notifications/digest.ts';
import { createMailer } from '../../server/src/modules/notifications/mailer.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
let worker: WorkerHandle;
let resident: string;
let video: string;
let residentId: string;

beforeAll(async () => {
  t = await createTestApp();
  worker = await startTestWorker(t);
  resident = await t.login('resident@demo.kz');
  video = await t.login('video@demo.kz');
  residentId = (await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, 'resident@demo.kz')))[0]!.id;
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const mine = (kind: string) =>
  t.db.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, residentId), eq(notifications.kind, kind)));

/** A decision the resident follows, with its one video-surveillance assignment dispatched. */
async function followedWork(title: string) {
  const coordinator = await t.login('coordinator@demo.kz');
  const meeting = await heldMeeting(t, coordinator);
  const decision = await createDecision(t, coordinator, meeting.id, {
    kind: 'decision',
    category: 'cameras',
    title,
    services: ['video_surveillance'],
  });
  await t.request({ method: 'POST', url: '/api/v1/follows', cookie: resident, payload: { targetType: 'decision', targetId: decision.id } });
  const assignment = await waitFor(
    async () => {
      const d = (await t.request({ method: 'GET', url: `/api/v1/decisions/${decision.id}` })).json();
      return d.assignments.find((a: { status: string }) => a.status === 'dispatched');
    },
    { what: 'dispatch' },
  );
  return { decision, assignment: assignment as { id: string; version: number } };
}

const move = (id: string, to: string, version: number) =>
  t.request({ method: 'POST', url: `/api/v1/assignments/${id}/transition`, cookie: video, payload: { to, version } });

describe('notifications', () => {
  it('say what changed and who changed it, in the reader’s language', async () => {
    const { assignment } = await followedWork('Камеры у школы №150');
    expect((await move(assignment.id, 'accepted', assignment.version)).statusCode).toBe(200);
    const [n] = await waitFor(async () => {
      const rows = await mine('assignment.accepted');
      return rows.length ? rows : null;
    });
    expect(n).toMatchObject({ body: 'Видеонаблюдение: задача принята в работу — Камеры у школы №150', actor: 'Видеонаблюдение' });
    const listed = (await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: resident })).json().items;
    expect(listed.find((x: { id: string }) => x.id === n!.id)).toMatchObject({ actor: 'Видеонаблюдение', count: 1 });
  });

  it('group a burst of the same change on the same thing into one notification with a count', async () => {
    const { assignment } = await followedWork('Камеры во дворе Мамыр-4');
    let version = (await move(assignment.id, 'accepted', assignment.version)).json().version;
    version = (await move(assignment.id, 'in_progress', version)).json().version;
    for (const progress of [10, 20, 30]) {
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/assignments/${assignment.id}/updates`,
        cookie: video,
        payload: { note: `Установлено ${progress}%`, progress, visibility: 'public', version },
      });
      expect(res.statusCode).toBe(201);
      version = res.json().version;
    }
    const rows = await waitFor(
      async () => {
        const r = (await mine('assignment.progress')).filter((x) => x.body.endsWith('Камеры во дворе Мамыр-4'));
        return r.length === 1 && r[0]!.groupCount === 3 ? r : null;
      },
      { what: 'three progress reports grouped' },
    );
    expect(rows[0]!.body).toMatch(/^Видеонаблюдение: выполнено на \d+% — /);
  });

  it('follow each person’s preferences: a muted event is not delivered; unknown events are 400', async () => {
    const put = (payload: Record<string, unknown>) =>
      t.request({ method: 'PUT', url: '/api/v1/notifications/preferences', cookie: resident, payload });
    const saved = await put({ mutedEvents: ['assignment.accepted'], inApp: true, email: false, digest: false });
    expect(saved.json()).toEqual({ mutedEvents: ['assignment.accepted'], inApp: true, email: false, digest: false, locale: 'ru' });
    expect((await t.request({ method: 'GET', url: '/api/v1/notifications/preferences', cookie: resident })).json().mutedEvents).toEqual([
      'assignment.accepted',
    ]);
    expect((await put({ mutedEvents: ['nonsense'], inApp: true, email: true, digest: false })).statusCode).toBe(400);

    const before = (await mine('assignment.accepted')).length;
    const { assignment } = await followedWork('Камеры у рынка');
    const version = (await move(assignment.id, 'accepted', assignment.version)).json().version;
    await move(assignment.id, 'in_progress', version);
    await waitFor(async () => (await mine('assignment.in_progress')).some((x) => x.body.endsWith('Камеры у рынка')), { what: 'the unmuted event' });
    expect((await mine('assignment.accepted')).length).toBe(before);
    await put({ mutedEvents: [], inApp: true, email: true, digest: false });
  });

  it('are written in the language the reader chose for them', async () => {
    await t.request({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      cookie: resident,
      payload: { mutedEvents: [], inApp: true, email: true, digest: false, locale: 'kk' },
    });
    const { assignment } = await followedWork('Камеры у парка');
    await move(assignment.id, 'accepted', assignment.version);
    const n = await waitFor(async () => (await mine('assignment.accepted')).find((x) => x.body.endsWith('Камеры у парка')));
    expect(n).toMatchObject({
      title: 'Тапсырма жұмысқа қабылданды',
      body: 'Бейнебақылау: міндет жұмысқа алынды — Камеры у парка',
      actor: 'Бейнебақылау',
    });
    await t.request({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      cookie: resident,
      payload: { mutedEvents: [], inApp: true, email: true, digest: false, locale: 'ru' },
    });
  });

  it('mark one notification read when it is opened', async () => {
    const unread = async () => (await t.request({ method: 'GET', url: '/api/v1/notifications/unread-count', cookie: resident })).json().unread;
    const first = (await t.request({ method: 'GET', url: '/api/v1/notifications?unread=true', cookie: resident })).json().items[0];
    const n = await unread();
    expect(n).toBeGreaterThan(0);
    await t.request({ method: 'POST', url: '/api/v1/notifications/read', cookie: resident, payload: { ids: [first.id] } });
    expect(await unread()).toBe(n - 1);
  });

  it('send a daily digest once per Almaty day, from 08:00, to those who chose it', async () => {
    const smtp = await startSmtpCapture();
    const mailer = createMailer({ db: t.db.db, smtpUrl: smtp.url, from: 'noreply@demo.kz', onError: () => {} });
    try {
      await t.request({
        method: 'PUT',
        url: '/api/v1/notifications/preferences',
        cookie: resident,
        payload: { mutedEvents: [], inApp: true, email: true, digest: true },
      });
      // 07:30 in Almaty: too early.
      expect(await sendDigests({ db: t.db.db, mailer }, new Date('2026-11-27T02:30:00Z'))).toBe(0);
      expect(await sendDigests({ db: t.db.db, mailer }, new Date('2026-11-27T03:05:00Z'))).toBe(1);
      const mail = await waitFor(async () => smtp.mails.find((m) => m.to.includes('resident@demo.kz')), { what: 'the digest' });
      expect(mail.data).toMatch(/Subject:/);
      // The same day again: nothing; every listed notification is marked as emailed.
      expect(await sendDigests({ db: t.db.db, mailer }, new Date('2026-11-27T10:00:00Z'))).toBe(0);
      const left = (await t.db.db.select().from(notifications).where(eq(notifications.userId, residentId))).filter((x) => !x.emailedAt);
      expect(left).toEqual([]);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});
