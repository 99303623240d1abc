import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { auezovMeetings } from '../support/fixtures.ts';
import { expectAccessible, signIn } from '../support/e2e.ts';
import { BROWSER_TEST_TIMEOUT_MS, startWebApp, type WebApp } from '../support/web-app.ts';

/** Issue 13, items 1 and 2 in Chromium: the promises carried to Auezov's second meeting, and the meeting report. */
let web: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;
let second: string;
const shots = process.env.SCREENSHOT_DIR;

vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT_MS });

beforeAll(async () => {
  web = await startWebApp();
  ({ t, base, browser } = web);
  ({ second } = await auezovMeetings(t.db));
}, 120_000);
afterAll(async () => web?.close());

async function newPage(width = 1280, locale = 'ru-RU'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale });
  return ctx.newPage();
}

describe('issue 13: promises carried to the next meeting', () => {
  it('the coordinator sees the first meeting’s undone promises on the second meeting and extends the overdue one', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await signIn(page, base, 'coordinator@demo.kz');
    await page.goto(`${base}/meetings/${second}`);
    await page.getByRole('heading', { name: 'Обещания прошлых встреч' }).waitFor();
    const items = page.getByTestId('carried-item');
    await expect.poll(() => items.count()).toBe(5);
    const drugs = items.filter({ hasText: 'Усилить профилактику наркопреступлений' });
    expect(await drugs.getByTestId('overdue').count()).toBe(1);
    await expect.poll(() => page.getByTestId('done-since').textContent()).toContain('Ювенальная полиция');
    await expectAccessible(page);
    if (shots) await page.screenshot({ path: `${shots}/meeting-carried.png`, fullPage: true });

    await drugs.getByText('Отметить итог встречи').click();
    await drugs.getByLabel('Продлить срок').check();
    await drugs.getByLabel('Новый срок').fill('2027-03-01T18:00');
    await drugs.getByLabel('Причина').fill('Рейды продолжаются до конца квартала');
    await drugs.getByRole('button', { name: 'Сохранить итог' }).click();
    await drugs.getByTestId('carry-outcome').filter({ hasText: 'Срок продлён' }).waitFor();
    expect(await drugs.getByTestId('overdue').count()).toBe(0);
    await page.context().close();
  });

  it('anyone sees the extension and its reason on the decision page', async () => {
    const page = await newPage();
    await page.goto(`${base}/meetings/${second}`);
    const drugs = page.getByTestId('carried-item').filter({ hasText: 'Усилить профилактику наркопреступлений' });
    await drugs.getByTestId('carry-outcome').waitFor();
    // No ruling form without the coordinator's role.
    expect(await page.getByRole('button', { name: 'Сохранить итог' }).count()).toBe(0);
    await drugs.getByRole('link', { name: 'Усилить профилактику наркопреступлений среди молодёжи' }).click();
    await page.getByRole('heading', { name: 'Решения следующих встреч по этому обещанию' }).waitFor();
    expect(await page.getByTestId('carry-outcome').first().textContent()).toContain('Рейды продолжаются до конца квартала');
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('issue 13: the meeting report', () => {
  it('a printable report at phone width, with the carried promises and the audit head; print hides the site around it', {
    timeout: 60_000,
  }, async () => {
    const page = await newPage(390);
    await page.goto(`${base}/meetings/${second}`);
    await page.getByRole('link', { name: 'Отчёт о встрече для печати и PDF' }).click();
    await page.getByTestId('meeting-report').waitFor();
    await expect.poll(() => page.getByTestId('report-carried').count()).toBe(5);
    await expect.poll(() => page.getByTestId('report-audit').textContent()).toMatch(/[0-9a-f]{64}/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAccessible(page);
    if (shots) await page.screenshot({ path: `${shots}/report-phone.png`, fullPage: true });
    const pdfHref = await page.getByRole('link', { name: 'Скачать PDF с сервера' }).getAttribute('href');
    expect(pdfHref).toBe(`/api/v1/meetings/${second}/report.pdf?lang=ru`);
    const res = await page.request.get(`${base}${pdfHref}`);
    expect(res.headers()['content-type']).toBe('application/pdf');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Печать или сохранить в PDF' }).isVisible()).toBe(false);
    if (shots) {
      const wide = await newPage(1100);
      await wide.goto(`${base}/meetings/${second}/report`);
      await wide.getByTestId('report-carried').first().waitFor();
      await wide.emulateMedia({ media: 'print' });
      await wide.screenshot({ path: `${shots}/report-print.png`, fullPage: true });
      await wide.context().close();
    }
    await page.context().close();
  });
});
