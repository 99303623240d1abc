import AxeBuilder from '@axe-core/playwright';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '@dsd/server/app';
import type { WorkerHandle } from '@dsd/server/worker';
import { createTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { startTestWorker } from '../support/worker.ts';

/** The journeys of issue 11, walked as each role would in Chromium: one server, browser and worker for the file. */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
let t: TestApp;
let server: AppInstance;
let base: string;
let browser: Browser;
let worker: WorkerHandle;

beforeAll(async () => {
  t = await createTestApp();
  server = await buildApp({ config: { ...t.config, webDist: WEB_DIST }, databaseUrl: t.databaseUrl, logger: false });
  base = (await server.listen({ host: '127.0.0.1', port: 0 })).replace('127.0.0.1', 'localhost');
  worker = await startTestWorker(t);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await server?.close();
  await t?.close();
});

async function newPage(width = 1280): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ru-RU' });
  return ctx.newPage();
}

async function signIn(page: Page, email: string, password = 'demo12345') {
  await page.goto(`${base}/login?lang=ru`);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
}

const focusedText = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent?.trim()}`);

describe('issue 11: sign-in and sign-out', () => {
  it('the header, the menus and the live socket follow each sign-in and sign-out at once, without moving to another page', async () => {
    const page = await newPage();
    for (let round = 0; round < 3; round++) {
      await signIn(page, 'head@demo.kz');
      await page.waitForURL(/\/tasks/);
      // No reload and no further navigation: the header already knows who signed in.
      await page.getByRole('link', { name: 'Марат Ибраев · Руководитель службы' }).waitFor({ timeout: 3000 });
      await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Поручения' }).waitFor();
      await page.locator('.live.on').waitFor({ timeout: 5000 });
      expect(await page.title()).toMatch(/^Поручения моей службы — /);
      expect(await focusedText(page)).toMatch(/^H1:Поручения моей службы/);
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.getByRole('link', { name: 'Войти' }).waitFor({ timeout: 3000 });
      expect(await page.getByRole('link', { name: 'Поручения' }).count()).toBe(0);
    }
    await page.context().close();
  });
});

describe('issue 11: a resident’s proposal', () => {
  it('a resident submits a proposal from the district page, edits it while submitted and withdraws it', async () => {
    const page = await newPage();
    await signIn(page, 'resident@demo.kz');
    await page.goto(`${base}/districts/auezov`);
    await page.getByRole('link', { name: 'Предложить для этого района' }).click();
    await page.getByRole('heading', { name: 'Мои предложения', level: 1 }).waitFor();
    expect(await page.title()).toMatch(/^Мои предложения — /);
    expect(await page.getByLabel('Район').inputValue()).toBe('auezov');
    await page.getByLabel('Категория').selectOption('lighting');
    await page.getByLabel('Заголовок').fill('Тёмная арка у дома 12');
    await page.getByLabel('Описание проблемы').fill('Вечером в арке нет света, дети боятся ходить');
    // The district's buildings are suggested for the address.
    await expect.poll(() => page.locator('#proposal-buildings option').count()).toBeGreaterThan(0);
    const building = await page.locator('#proposal-buildings option').first().getAttribute('value');
    await page.getByLabel('Дом или адрес').fill(building!);
    await page.getByLabel('Широта').fill('43.2220');
    await page.getByRole('button', { name: 'Отправить' }).click();
    // One coordinate without the other is refused before any request.
    await page.getByText('Укажите и широту, и долготу — или ни одну').waitFor();
    await page.getByLabel('Долгота').fill('76.8512');
    await page.getByRole('button', { name: 'Отправить' }).click();
    const result = page.getByTestId('proposal-sent');
    await result.waitFor();
    expect(await focusedText(page)).toMatch(/^P:Предложение отправлено/);
    await page.getByTestId('toasts').getByText('Предложение отправлено').waitFor();
    await page.getByTestId('proposal').filter({ hasText: 'Тёмная арка у дома 12' }).waitFor();
    await expectAccessible(page);

    await result.getByRole('link', { name: 'Тёмная арка у дома 12' }).click();
    await page.getByRole('heading', { name: 'Тёмная арка у дома 12', level: 1 }).waitFor();
    expect(await page.locator('main').textContent()).toContain(building!);
    await page.getByRole('button', { name: 'Изменить' }).click();
    await page.getByLabel('Заголовок').fill('Тёмная арка у дома 12, двор');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByTestId('proposal-result').getByText('Изменения сохранены').waitFor();
    await page.getByRole('heading', { name: 'Тёмная арка у дома 12, двор', level: 1 }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Отозвать предложение' }).click();
    await page.getByRole('button', { name: 'Да, отозвать' }).click();
    await page.getByTestId('proposal-result').getByText('Предложение отозвано').waitFor();
    await page.locator('.badge-withdrawn').first().waitFor();
    expect(await page.getByRole('button', { name: 'Изменить' }).count()).toBe(0);
    await page.context().close();
  });

  it('the edit route refuses a proposal under review with 409 and someone else’s with 403', async () => {
    const resident = await t.login('resident@demo.kz');
    const coordinator = await t.login('coordinator@demo.kz');
    const created = (
      await t.request({
        method: 'POST',
        url: '/api/v1/proposals',
        cookie: resident,
        payload: { districtSlug: 'auezov', category: 'lighting', title: 'Фонарь у школы', body: 'Не горит' },
      })
    ).json();
    const other = await t.request({
      method: 'PATCH',
      url: `/api/v1/proposals/${created.id}`,
      cookie: coordinator,
      payload: { title: 'Чужая правка', version: 1 },
    });
    expect(other.statusCode).toBe(403);
    const stale = await t.request({
      method: 'PATCH',
      url: `/api/v1/proposals/${created.id}`,
      cookie: resident,
      payload: { title: 'Фонарь у школы №1', version: 7 },
    });
    expect(stale.statusCode).toBe(409);
    await t.request({
      method: 'POST',
      url: `/api/v1/proposals/${created.id}/transition`,
      cookie: coordinator,
      payload: { to: 'under_review', version: 1 },
    });
    const late = await t.request({
      method: 'PATCH',
      url: `/api/v1/proposals/${created.id}`,
      cookie: resident,
      payload: { title: 'Поздняя правка', version: 2 },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBeTruthy();
  });
});
