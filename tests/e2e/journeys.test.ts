import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, startWebApp, type WebApp } from '../support/web-app.ts';
import { expectAccessible, signIn as signInAt } from '../support/e2e.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';

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

async function newPage(width = 1280, timezoneId?: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ru-RU', timezoneId });
  return ctx.newPage();
}

const signIn = (page: Page, email: string, password?: string) => signInAt(page, base, email, password);

const RAW_KEY =
  /\b(common|status|category|nav|home|district|meeting|proposal|decision|assignment|tasks|portal|coordinate|auth|errors|services|roles|kind|format|audit|moderation|account)\.[a-z_]+\b/;

describe('a resident follows Auezov', () => {
  for (const [lang, heading, target] of [
    ['ru', 'Ауэзовский район', /12 из 40 камер/],
    ['kk', 'Әуезов ауданы', /12 \/ 40 камера/],
    ['en', 'Auezov district', /12 of 40 cameras/],
  ] as const) {
    it(`in ${lang}: the district page shows decisions with progress, no raw keys, nothing serious for axe`, async () => {
      const page = await newPage();
      await page.goto(`${base}/districts/auezov?lang=${lang}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe(heading);
      await page.locator('[data-testid=decision]').first().waitFor();
      expect(await page.locator('main').textContent()).toMatch(target);
      // Dates in the page's language: Kazakh month names even where Chromium has none ("2026 M12 16").
      const dates = (await page.locator('main time').allTextContents()).join('\n');
      expect(dates).not.toMatch(/\bM\d{1,2}\b/);
      if (lang === 'kk')
        expect(dates).toMatch(/\d{4} ж\. \d{1,2} (қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)/);
      // The overdue the district's card counts is marked on its decision, with the due date beside it.
      const overdue = page.getByTestId('decision').filter({ has: page.getByTestId('overdue') });
      await expect.poll(() => overdue.count()).toBeGreaterThanOrEqual(1);
      expect(await overdue.first().locator('time').count()).toBe(1);
      // The feed names the service and says what it did, in the page's language.
      const feed = (await page.getByTestId('feed-entry').allTextContents()).join('\n');
      expect(feed).toMatch({ ru: /Видеонаблюдение: выполнено на 30%/, kk: /30% орындалды/, en: /reported 30% done/ }[lang]);
      expect(feed).not.toMatch(/\b(queued|dispatched|in_progress)\b/);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await page.locator('body').textContent()).not.toMatch(RAW_KEY);
      await expectAccessible(page);
      await page.context().close();
    });
  }

  it('the home page shows all eight districts, remembers the language, and fits a 375 px phone', async () => {
    const page = await newPage(375);
    await page.goto(`${base}/?lang=en`);
    await page.locator('.card').nth(7).waitFor();
    expect(await page.locator('.card').count()).toBe(8);
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Districts of Almaty');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.goto(`${base}/districts/auezov`);
    await page.locator('[data-testid=decision]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page);
    await page.context().close();
  });
});

/** Presses Tab until the focused element has this accessible label; fails after 40 presses. Returns its outline. */
async function tabTo(page: Page, label: string): Promise<string> {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const byFor = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      const name = el.getAttribute('aria-label') ?? byFor ?? el.closest('label')?.textContent ?? el.textContent ?? '';
      return { name: name.trim(), outline: getComputedStyle(el).outlineStyle };
    });
    if (focused?.name.startsWith(label)) return focused.outline;
  }
  throw new Error(`Tab never reached "${label}"`);
}

describe('my account', () => {
  it('a resident changes the password on the account page and the other device is signed out', async () => {
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'aliya.two@example.kz', password: 'first-password-1', name: 'Алия Второва' },
    });
    const phone = await newPage(375);
    await signIn(phone, 'aliya.two@example.kz', 'first-password-1');
    const laptop = await newPage();
    await signIn(laptop, 'aliya.two@example.kz', 'first-password-1');

    await laptop.getByRole('link', { name: 'Алия Второва · Житель' }).click();
    await laptop.getByRole('heading', { name: 'Мой профиль' }).waitFor();
    await laptop.getByLabel('Текущий пароль').fill('not-my-password');
    await laptop.getByLabel('Новый пароль (не короче 8 символов)').fill('second-password-2');
    await laptop.getByLabel('Новый пароль ещё раз').fill('second-password-2');
    await laptop.getByRole('button', { name: 'Сменить пароль' }).click();
    await laptop.getByText('Текущий пароль неверен').waitFor();
    await laptop.getByLabel('Текущий пароль').fill('first-password-1');
    await laptop.getByRole('button', { name: 'Сменить пароль' }).click();
    await laptop.getByText('Пароль изменён. На всех других устройствах выполнен выход.').waitFor();
    await laptop.screenshot({ path: fileURLToPath(new URL('../.artifacts/account.png', import.meta.url)), fullPage: true });
    expect(await laptop.locator('body').textContent()).not.toMatch(RAW_KEY);
    await expectAccessible(laptop);

    await phone.reload();
    await phone.getByRole('link', { name: 'Войти' }).waitFor();
    await laptop.goto(`${base}/notifications`);
    await laptop.getByRole('link', { name: 'Алия Второва · Житель' }).waitFor();
    await phone.context().close();
    await laptop.context().close();
  });
});

describe('keyboard only', () => {
  it('a chair signs in and submits a proposal without a mouse, with focus always visible', async () => {
    const page = await newPage();
    await page.goto(`${base}/login?lang=ru`);
    await page.locator('h1').waitFor();
    expect(await tabTo(page, 'Электронная почта')).not.toBe('none');
    await page.keyboard.type('chair@demo.kz');
    expect(await tabTo(page, 'Пароль')).not.toBe('none');
    await page.keyboard.type('demo12345');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/portal/);
    expect(await tabTo(page, 'Категория')).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    expect(await tabTo(page, 'Заголовок')).not.toBe('none');
    await page.keyboard.type('Скамейки и свет у детской площадки');
    expect(await tabTo(page, 'Описание проблемы')).not.toBe('none');
    await page.keyboard.type('Вечером площадка не освещена');
    expect(await tabTo(page, 'Отправить')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Скамейки и свет у детской площадки' }).waitFor();
    await page.context().close();
  });
});

describe('police and chairs at work', () => {
  it('an officer reports progress while a second browser on the district page sees it live, without reload', async () => {
    const watcher = await newPage();
    await watcher.goto(`${base}/districts/auezov`);
    await watcher.locator('.live.on').waitFor();
    await watcher.evaluate(() => ((window as any).__noReload = true));
    const bar = watcher.locator('[data-testid=decision]', { hasText: 'Активизировать пешее патрулирование' }).getByRole('progressbar');
    const before = Number(await bar.getAttribute('aria-valuenow'));

    const officer = await newPage();
    await signIn(officer, 'inspector@demo.kz');
    await officer.locator('[data-testid=task]', { hasText: 'Активизировать пешее патрулирование' }).getByRole('link').click();
    await officer.getByLabel('Заметка').fill('Обошли все дворы Аксай-4');
    await officer.getByLabel('Выполнено (%)').fill('90');
    await officer.getByLabel('Ссылка на подтверждение (фото, документ), необязательно').fill('https://akimat.example.kz/photo-aksai4.jpg');
    await officer.getByRole('button', { name: 'Отправить' }).click();
    await expect.poll(() => bar.getAttribute('aria-valuenow').then(Number), { timeout: 5000 }).toBeGreaterThan(before);
    const evidence = officer.locator('[data-testid=timeline-entry]', { hasText: 'Обошли все дворы Аксай-4' }).getByRole('link');
    expect(await evidence.getAttribute('href')).toBe('https://akimat.example.kz/photo-aksai4.jpg');
    expect(await evidence.getAttribute('rel')).toContain('noopener');
    expect(await watcher.evaluate(() => (window as any).__noReload)).toBe(true);
    await expectAccessible(officer);
    await watcher.context().close();
    await officer.context().close();
  });

  it('a stale version is shown plainly and the item reloads', async () => {
    const page = await newPage();
    // No live socket here, so the page keeps the version it loaded while someone else changes the record.
    await page.routeWebSocket(/\/api\/v1\/live/, () => {});
    await signIn(page, 'inspector@demo.kz');
    await page.locator('[data-testid=task]', { hasText: 'Активизировать пешее патрулирование' }).getByRole('link').click();
    await page.locator('.panel').waitFor();
    const id = page.url().split('/').pop()!;
    const cookie = await t.login('inspector@demo.kz');
    const current = (await t.request({ method: 'GET', url: `/api/v1/assignments/${id}` })).json();
    await t.request({
      method: 'POST',
      url: `/api/v1/assignments/${id}/updates`,
      cookie,
      payload: { note: 'Параллельная правка', visibility: 'internal', progress: current.progress, version: current.version },
    });
    await page.getByLabel('Заметка').fill('Моя правка');
    await page.getByRole('button', { name: 'Отправить' }).click();
    await page.getByText('Запись изменил кто-то другой').first().waitFor();
    await page.getByText('Параллельная правка').waitFor();
    await page.context().close();
  });

  it('a chair submits a proposal and sees it appear', async () => {
    const page = await newPage();
    await signIn(page, 'chair@demo.kz');
    await page.waitForURL(/\/portal/);
    await page.getByLabel('Категория').selectOption('youth');
    await page.getByLabel('Заголовок').fill('Секция бокса для подростков во дворе');
    await page.getByLabel('Описание проблемы').fill('Подростки вечером без дела, нужна секция');
    await page.getByRole('button', { name: 'Отправить' }).click();
    await page.getByRole('link', { name: 'Секция бокса для подростков во дворе' }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('a chair disputes a done assignment with a comment, and it reopens', async () => {
    const page = await newPage();
    await signIn(page, 'chair.mamyr@demo.kz');
    await page.goto(`${base}/portal`);
    await page.getByRole('link', { name: 'Усилить профилактику наркопреступлений среди молодёжи' }).click();
    await page.getByLabel('Комментарий').fill('Надписи у подъездов остались');
    await page.getByRole('button', { name: 'Оспорить' }).click();
    await page.locator('.panel .badge-reopened').first().waitFor();
    await page.context().close();
  });

  it('a coordinator hides a note on a decision timeline with a reason, and visitors no longer see it', async () => {
    const inspector = await t.login('inspector@demo.kz');
    const tasks = (await t.request({ method: 'GET', url: '/api/v1/assignments?mine=true&limit=100', cookie: inspector })).json().items;
    const task = tasks.find((a: { status: string }) => ['accepted', 'in_progress'].includes(a.status));
    const NOTE = 'Жалоба от жителя кв. 7, телефон у участкового';
    await t.request({ method: 'POST', url: `/api/v1/assignments/${task.id}/updates`, cookie: inspector, payload: { note: NOTE } });

    const page = await newPage();
    await signIn(page, 'coordinator@demo.kz');
    await page.goto(`${base}/decisions/${task.decisionId}`);
    const entry = page.locator('[data-testid=timeline-entry]', { hasText: NOTE });
    await entry.getByRole('button', { name: 'Скрыть' }).click();
    await entry.getByLabel('Почему скрыто (автор увидит причину)').fill('Личные данные жителя');
    await expectAccessible(page);
    await entry.getByRole('button', { name: 'Скрыть' }).click();
    await entry.getByText('Скрыто модератором: Личные данные жителя').waitFor();
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/moderation.png', import.meta.url)) });

    const visitor = await newPage();
    await visitor.goto(`${base}/decisions/${task.decisionId}`);
    await visitor.locator('[data-testid=timeline-entry]').first().waitFor();
    expect(await visitor.locator('main').textContent()).not.toContain(NOTE);
    await visitor.context().close();
    await page.context().close();
  });

  it('an admin checks the audit chain and filters the log; a coordinator sees the chain only', async () => {
    const page = await newPage();
    await signIn(page, 'admin@demo.kz');
    await page.getByRole('link', { name: 'Журнал' }).click();
    await page
      .getByTestId('chain-status')
      .getByText(/Цепочка цела/)
      .waitFor();
    await page.getByLabel('Действие').fill('user.signed_in');
    await page.getByRole('button', { name: 'Отфильтровать' }).click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBeGreaterThan(0);
    const actions = await page.getByTestId('audit-row').locator('td:nth-child(4)').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['user.signed_in']));
    expect(await page.getByTestId('chain-head').textContent()).toMatch(/Записей: \d+, последний хеш [0-9a-f]{64}/);
    expect(await page.locator('body').textContent()).not.toMatch(RAW_KEY);
    await expectAccessible(page);
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/audit.png', import.meta.url)), fullPage: true });
    await page.context().close();

    const coordinator = await newPage();
    await signIn(coordinator, 'coordinator@demo.kz');
    await coordinator.goto(`${base}/audit`);
    await coordinator.getByTestId('chain-status').waitFor();
    expect(await coordinator.getByTestId('audit-row').count()).toBe(0);
    await coordinator.context().close();
  });

  it('a coordinator runs a meeting from plan to decisions, typing Almaty times from a browser set to UTC', async () => {
    const page = await newPage(1280, 'UTC');
    await signIn(page, 'coordinator@demo.kz');
    await page.waitForURL(/\/coordinate/);
    await page.getByLabel('Название').first().fill('Встреча с ОСИ мкр. Мамыр');
    await page.getByLabel('Дата и время').fill('2026-11-20T15:00');
    await page.getByLabel('Место').first().fill('Школа №150');
    await page.getByRole('button', { name: 'Запланировать встречу' }).click();
    const item = page.locator('[data-testid=meeting]', { hasText: 'Встреча с ОСИ мкр. Мамыр' });
    // 15:00 typed is 15:00 in Almaty (10:00 UTC), and shown back as 15:00, whatever the browser's zone.
    await expect.poll(async () => (await item.locator('time').first().textContent()) ?? '').toMatch(/20 нояб\. 2026 г\.,? 15:00/);
    const planned = (await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov&status=planned&limit=100' })).json();
    expect(planned.items.find((m: { title: string }) => m.title === 'Встреча с ОСИ мкр. Мамыр')?.startsAt).toBe('2026-11-20T10:00:00.000Z');
    await item.getByRole('button', { name: 'Отметить как проведённую' }).click();
    await item.getByRole('button', { name: 'Записать решение или поручение' }).click();
    await item.getByLabel('Название').fill('Установить 10 камер во дворах Мамыра');
    await item.getByLabel('Видеонаблюдение').check();
    await item.getByLabel('Цель (число)').fill('10');
    await item.getByLabel('Единица').selectOption('cameras');
    await item.getByRole('button', { name: 'Сохранить' }).click();
    await item.getByRole('link', { name: 'Встреча с ОСИ мкр. Мамыр' }).click();
    await page.getByRole('link', { name: 'Установить 10 камер во дворах Мамыра' }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('a coordinator merges a duplicate proposal into the accepted original', async () => {
    const resident = await t.login('resident@demo.kz');
    const coordinatorApi = await t.login('coordinator@demo.kz');
    const submit = async (title: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/proposals',
          cookie: resident,
          payload: { districtSlug: 'turksib', category: 'lighting', title, body: 'Темно во дворе' },
        })
      ).json();
    const original = await submit('Фонари во дворе Жулдыз-1');
    const duplicate = await submit('Нет света во дворе Жулдыз-1');
    for (const [p, to] of [
      [original, 'under_review'],
      [duplicate, 'under_review'],
    ] as const) {
      await t.request({ method: 'POST', url: `/api/v1/proposals/${p.id}/transition`, cookie: coordinatorApi, payload: { to, version: 1 } });
    }
    await t.request({
      method: 'POST',
      url: `/api/v1/proposals/${original.id}/transition`,
      cookie: coordinatorApi,
      payload: { to: 'accepted', answer: 'Включим в план освещения', version: 2 },
    });

    const page = await newPage();
    await signIn(page, 'coordinator@demo.kz');
    await page.goto(`${base}/coordinate`);
    await page.getByRole('combobox', { name: 'Район' }).first().selectOption({ label: 'Турксибский район' });
    const item = page.locator('li.item', { hasText: 'Нет света во дворе Жулдыз-1' });
    await item.getByLabel('Объединить с').selectOption({ label: 'Фонари во дворе Жулдыз-1' });
    await item.getByRole('button', { name: 'Объединить', exact: true }).click();
    await item.waitFor({ state: 'detached' });
    const merged = (await t.request({ method: 'GET', url: `/api/v1/proposals/${duplicate.id}` })).json();
    expect(merged).toMatchObject({ status: 'merged', mergedInto: original.id });
    await page.context().close();
  });

  it('the demo inspector signs in at /login and sees the service’s assignments', async () => {
    const page = await newPage();
    await signIn(page, 'inspector@demo.kz');
    await page.waitForURL(/\/tasks/);
    await page.locator('[data-testid=task]').first().waitFor();
    expect(await page.locator('[data-testid=task]').count()).toBeGreaterThan(0);
    // Names, not codes: the district and the service as people call them.
    await expect.poll(() => page.locator('main').textContent()).toContain('Ауэзовский район');
    expect(await page.locator('main').textContent()).not.toMatch(/\b(auezov|district_inspectors|system)\b/);
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('long lists', () => {
  it('a district with more decisions than a page shows the newest 50, and the older ones on "Показать ещё"', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator, 'nauryzbay');
    const listed = async () => (await t.request({ method: 'GET', url: '/api/v1/decisions?district=nauryzbay&limit=100' })).json().items.length;
    const seeded = await listed();
    const total = Math.max(seeded, 50) + 3;
    for (let i = 0; (await listed()) < total; i++)
      await createDecision(t, coordinator, meeting.id, { kind: 'instruction', category: 'other', title: `Обход дворов ${i}`, services: ['patrol'] });

    const page = await newPage();
    await page.goto(`${base}/districts/nauryzbay?lang=ru`);
    const decisions = page.getByTestId('decision');
    await expect.poll(() => decisions.count()).toBe(50);
    // Newest first: the first decision recorded is on the second page.
    expect(await page.locator('main').textContent()).not.toContain('Обход дворов 0');
    const more = page.locator('section[aria-labelledby=decisions]').getByRole('button', { name: 'Показать ещё' });
    if (process.env.SCREENSHOTS) {
      await more.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/district-decisions-more.png` });
    }
    await more.click();
    await expect.poll(() => decisions.count()).toBe(total);
    await decisions.filter({ hasText: 'Обход дворов 0' }).waitFor();
    await more.waitFor({ state: 'detached' });
    await expectAccessible(page);
    await page.context().close();
  });
});
