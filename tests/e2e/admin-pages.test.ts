import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { expectAccessible, signIn as signInAt } from '../support/e2e.ts';
import { BROWSER_TEST_TIMEOUT_MS, startWebApp, type WebApp } from '../support/web-app.ts';

/** The admin pages (staff and configuration) and the invite link, walked in Chromium in the three languages. */
let web: WebApp;
let t: TestApp;
let base: string;
let browser: Browser;

vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT_MS });

beforeAll(async () => {
  web = await startWebApp();
  ({ t, base, browser } = web);
}, 120_000);
afterAll(async () => web?.close());

async function newPage(width = 1280): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ru-RU' });
  return ctx.newPage();
}

const signIn = (page: Page, email: string, password?: string) => signInAt(page, base, email, password);

const SECTIONS = ['users', 'districts', 'services', 'categories', 'organizations'] as const;

describe('admin pages', () => {
  // Every language at desktop width; the phone layout does not depend on the language, Russian (the longest) stands for all.
  // One test per width and language: the twenty pages through axe in one test outran two minutes on a loaded CI machine.
  const LAYOUTS = [
    { width: 1280, lang: 'ru' },
    { width: 1280, lang: 'kk' },
    { width: 1280, lang: 'en' },
    { width: 375, lang: 'ru' },
  ] as const;
  for (const { width, lang } of LAYOUTS) {
    it(`every section opens, is accessible in ${lang} and fits ${width}px`, { timeout: 120_000 }, async () => {
      const page = await newPage(width);
      await signIn(page, 'admin@demo.kz');
      for (const section of SECTIONS) {
        await page.goto(`${base}/admin/${section}?lang=${lang}`);
        await page.locator('table, ul.cards').first().waitFor();
        await expectAccessible(page);
        if (process.env.SCREENSHOTS)
          await page.screenshot({ path: `${process.env.SCREENSHOTS}/admin-${section}-${lang}-${width}.png`, fullPage: true });
        const overflow = await page.evaluate(() => {
          const excess = document.documentElement.scrollWidth - document.documentElement.clientWidth;
          const clipped = (el: Element) => {
            for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
            return false;
          };
          const wide = [...document.querySelectorAll('body *')].filter(
            (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !clipped(el),
          );
          return excess > 0
            ? `${excess}px: ${wide
                .slice(0, 3)
                .map((el) => `${el.tagName}.${el.className}#${el.id}`)
                .join(', ')}`
            : 'none';
        });
        expect(overflow, `${section} ${lang} at ${width}px`).toBe('none');
      }
      await page.context().close();
    });
  }

  it('an admin adds a category with two services from the page; it is listed publicly', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await signIn(page, 'admin@demo.kz');
    await page.goto(`${base}/admin/categories?lang=ru`);
    await page.getByLabel('Код').fill('stray_dogs');
    await page.getByLabel('Название по-русски').fill('Бездомные собаки');
    await page.getByLabel('Название по-казахски').fill('Қаңғыбас иттер');
    await page.getByLabel('Название по-английски').fill('Stray dogs');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Добавить категорию' }) });
    await form.getByLabel('Патрульная полиция').check();
    await form.getByLabel('Участковые инспекторы полиции').check();
    await page.getByRole('button', { name: 'Добавить категорию' }).click();
    await page.getByRole('heading', { name: /Бездомные собаки/ }).waitFor();
    const listed = (await t.request({ method: 'GET', url: '/api/v1/categories' }))
      .json()
      .items.find((c: { code: string }) => c.code === 'stray_dogs');
    expect(listed.services.sort()).toEqual(['district_inspectors', 'patrol']);
    // A refusal is said in words, not swallowed: deleting a routed service.
    await page.goto(`${base}/admin/services?lang=ru`);
    await page.getByRole('button', { name: 'Удалить: Патрульная полиция' }).click();
    await page.getByRole('alert').filter({ hasText: 'Запись используется' }).waitFor();
    await page.context().close();
  });

  it('the invite link sets a password and signs the new officer in', { timeout: 60_000 }, async () => {
    const admin = await t.login('admin@demo.kz');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/admin/invites',
      cookie: admin,
      payload: { email: 'browser.officer@police.kz', role: 'officer', services: [{ service: 'patrol', district: 'auezov' }] },
    });
    const { inviteUrl } = res.json();
    const page = await newPage(375);
    await page.goto(`${base}/accept-invite?lang=ru${new URL(inviteUrl).hash}`);
    await page.getByRole('heading', { name: 'Принять приглашение' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Имя', { exact: true }).fill('Арман Оспанов');
    await page.getByLabel('Пароль', { exact: true }).fill('officer-pass-1');
    await page.getByLabel('Пароль ещё раз').fill('officer-pass-1');
    await page.getByRole('button', { name: 'Создать учётную запись' }).click();
    await page.waitForURL(/\/account/);
    await page.getByText('Патрульная полиция').first().waitFor();
    // The same link again: said plainly.
    await page.goto(`${base}/accept-invite?lang=ru${new URL(inviteUrl).hash}`);
    await page.getByLabel('Имя', { exact: true }).fill('Кто-то');
    await page.getByLabel('Пароль', { exact: true }).fill('another-pass-1');
    await page.getByLabel('Пароль ещё раз').fill('another-pass-1');
    await page.getByRole('button', { name: 'Создать учётную запись' }).click();
    await page.getByText('Эта ссылка уже использована').waitFor();
    await page.context().close();
  });

  it('a resident asks to be a chair from the portal; the coordinator confirms it on the coordinator page', { timeout: 60_000 }, async () => {
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'browser.chair@example.kz', password: 'resident-pass', name: 'Динара Омарова' },
    });
    const page = await newPage(375);
    await signIn(page, 'browser.chair@example.kz', 'resident-pass');
    await page.goto(`${base}/portal?lang=ru`);
    await page.getByText('Вас избрали председателем КСК, ОСИ или ПКСК?').click();
    await page.getByLabel('Организация').selectOption({ label: 'КСК «Таугуль» · Ауэзовский район' });
    await page.getByRole('button', { name: 'Отправить на подтверждение' }).click();
    await page.getByText('Запрос отправлен координатору района').waitFor();
    await expectAccessible(page);

    const coordinator = await newPage();
    await signIn(coordinator, 'coordinator@demo.kz');
    await coordinator.goto(`${base}/coordinate?lang=ru`);
    await coordinator.getByRole('button', { name: 'Подтвердить: Динара Омарова' }).click();
    await coordinator.getByText('Новых запросов нет').waitFor();
    await page.goto(`${base}/account?lang=ru`);
    await page.locator('dl.facts').getByText('Председатель').waitFor();
    await page.locator('dl.facts').getByText('КСК «Таугуль»').waitFor();
    await page.context().close();
    await coordinator.context().close();
  });
});
