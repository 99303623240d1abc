import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { BROWSER_TEST_TIMEOUT_MS, startWebApp, type WebApp } from '../support/web-app.ts';

let app: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;

vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT_MS });

beforeAll(async () => {
  app = await startWebApp();
  ({ t, base, browser } = app);
}, 120_000);
afterAll(async () => app?.close());

describe('notifications in the browser', () => {
  it('in Kazakh: says what changed and by whom, marks one read when opened, and keeps the reader’s settings', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const resident = await t.login('resident@demo.kz');
    const video = await t.login('video@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'decision',
      category: 'cameras',
      title: 'Камеры у школы №150',
      services: ['video_surveillance'],
    });
    await t.request({ method: 'POST', url: '/api/v1/follows', cookie: resident, payload: { targetType: 'decision', targetId: decision.id } });
    await t.request({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      cookie: resident,
      payload: { mutedEvents: [], inApp: true, email: true, digest: false, locale: 'kk' },
    });
    const assignment = await waitFor(async () => {
      const d = (await t.request({ method: 'GET', url: `/api/v1/decisions/${decision.id}` })).json();
      return d.assignments.find((a: { status: string }) => a.status === 'dispatched');
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/assignments/${assignment.id}/transition`,
      cookie: video,
      payload: { to: 'accepted', version: assignment.version },
    });
    await waitFor(
      async () => (await t.request({ method: 'GET', url: '/api/v1/notifications?unread=true', cookie: resident })).json().items.length > 0,
    );

    const page = await (await browser.newContext({ locale: 'kk-KZ', timezoneId: 'UTC' })).newPage();
    await page.goto(`${base}/login?lang=kk`);
    await page.getByLabel('Электрондық пошта').fill('resident@demo.kz');
    await page.getByLabel('Құпиясөз').fill('demo12345');
    await page.getByRole('button', { name: 'Кіру' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${base}/notifications?lang=kk`);
    const item = page.getByTestId('notification').filter({ hasText: 'Камеры у школы №150' }).first();
    await expect.poll(() => item.textContent()).toContain('Бейнебақылау: міндет жұмысқа алынды — Камеры у школы №150');
    expect(await item.textContent()).toContain('Кімнен: Бейнебақылау');
    expect(await item.locator('time').textContent()).toMatch(
      /^\d{4} ж\. \d{1,2} (қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан), \d\d:\d\d$/,
    );
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/notifications-kk.png', import.meta.url)), fullPage: true });

    const unreadBefore = (await t.request({ method: 'GET', url: '/api/v1/notifications/unread-count', cookie: resident })).json().unread;
    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/decisions/${decision.id}`));
    await expect
      .poll(async () => (await t.request({ method: 'GET', url: '/api/v1/notifications/unread-count', cookie: resident })).json().unread)
      .toBe(unreadBefore - 1);

    await page.goto(`${base}/notifications?lang=kk`);
    await page.getByLabel('Күніне бір хатпен (Алматы уақытымен таңертең)').check();
    await page.getByLabel('Кездесулер: жоспарланды, өткізілді, қорытындылар').uncheck();
    await page.getByRole('button', { name: 'Сақтау' }).click();
    await page.getByTestId('settings-saved').waitFor();
    const prefs = (await t.request({ method: 'GET', url: '/api/v1/notifications/preferences', cookie: resident })).json();
    expect(prefs).toMatchObject({ digest: true, email: true, inApp: true });
    expect(prefs.mutedEvents).toEqual(expect.arrayContaining(['meeting.planned', 'meeting.held', 'meeting.closed', 'meeting.cancelled']));
    await page.context().close();
  });
});
