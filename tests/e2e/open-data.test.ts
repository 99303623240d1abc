import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, startWebApp, type WebApp } from '../support/web-app.ts';
import { expectAccessible } from '../support/e2e.ts';

/** "Download CSV" and "Add to calendar" as a visitor finds them, at desktop and phone width. */
let web: WebApp;
let base: string;
let browser: Browser;

vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT_MS });

beforeAll(async () => {
  web = await startWebApp();
  ({ base, browser } = web);
}, 120_000);
afterAll(async () => web?.close());

async function newPage(width: number): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ru-RU' });
  return ctx.newPage();
}

describe('open data links', () => {
  it.each([1280, 375])('the district page links its lists to CSV and its meetings to a calendar (%ipx)', async (width) => {
    const page = await newPage(width);
    await page.goto(`${base}/districts/auezov?lang=ru`);
    const proposalsCsv = page.getByRole('link', { name: 'Скачать CSV: предложения' });
    await proposalsCsv.waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Скачать CSV: решения и поручения' }).count()).toBe(1);
    await page.getByLabel('Статус').selectOption('accepted');
    await expect.poll(() => proposalsCsv.getAttribute('href')).toBe('/api/v1/exports/proposals.csv?district=auezov&status=accepted');

    const download = await page.context().request.get(`${base}${await proposalsCsv.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    const rows = parse(await download.text(), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'accepted' && r.district === 'auezov')).toBe(true);

    const calendar = page.getByRole('link', { name: 'Добавить встречи района в календарь' });
    const ics = await page.context().request.get(`${base}${await calendar.getAttribute('href')}`);
    const events = new ICAL.Component(ICAL.parse(await ics.text())).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(0);

    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: fileURLToPath(new URL(`../.artifacts/open-data-district-${width}.png`, import.meta.url)), fullPage: true });
    await page.context().close();
  });

  it('the meeting page offers its own calendar file', async () => {
    const page = await newPage(375);
    await page.goto(`${base}/districts/auezov?lang=ru`);
    await page.getByRole('link', { name: /Вторая встреча/ }).click();
    const link = page.getByRole('link', { name: 'Добавить в календарь', exact: true });
    await link.waitFor();
    const ics = await page.context().request.get(`${base}${await link.getAttribute('href')}`);
    const events = new ICAL.Component(ICAL.parse(await ics.text())).getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    expect(events[0]!.getFirstPropertyValue('summary')).toMatch(/^Вторая встреча/);
    await expectAccessible(page);
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/open-data-meeting-375.png', import.meta.url)), fullPage: true });
    await page.context().close();
  });
});

describe('Open311 keys page', () => {
  it('an admin issues a key, sees it once, revokes it; the page is accessible at phone width', async () => {
    const page = await newPage(375);
    await page.goto(`${base}/login?lang=ru`);
    await page.getByLabel('Электронная почта').fill('admin@demo.kz');
    await page.getByLabel('Пароль').fill('demo12345');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${base}/open311-keys`);
    await page.getByLabel('Название приложения-партнёра').fill('Qala App');
    await page.getByRole('button', { name: 'Выдать ключ' }).click();
    const key = (await page.getByTestId('issued-key').locator('code').textContent())!;
    expect(key).toMatch(/^o311_/);
    const post = await page.context().request.post(`${base}/open311/v2/requests.json`, {
      form: { api_key: key, service_code: 'lighting', description: 'Темно у дома 5', 'attribute[district]': 'auezov' },
    });
    expect(post.status()).toBe(200);
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/open311-keys-375.png', import.meta.url)), fullPage: true });
    await page.getByRole('button', { name: 'Отозвать ключ «Qala App»' }).click();
    await page.getByText('отозван').waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('issued-key').count()).toBe(0);
    const refused = await page.context().request.post(`${base}/open311/v2/requests.json`, {
      form: { api_key: key, service_code: 'lighting', description: 'Ещё раз', 'attribute[district]': 'auezov' },
    });
    expect(refused.status()).toBe(403);
    await page.context().close();
  });
});
