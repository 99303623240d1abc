import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, startWebApp, type WebApp } from '../support/web-app.ts';
import { expectAccessible, signIn as signInAt } from '../support/e2e.ts';

/** The journeys of issue 11, walked as each role would in Chromium: one server, browser and worker for the file. */
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

const focusedText = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent?.trim()}`);

describe('issue 11: sign-in and sign-out', () => {
  it('the header, the menus and the live socket follow each sign-in and sign-out at once, without moving to another page', async () => {
    const page = await newPage();
    for (let round = 0; round < 3; round++) {
      await signIn(page, 'head@demo.kz');
      await page.waitForURL(/\/tasks/);
      // No reload and no further navigation: the header already knows who signed in.
      await page.getByRole('link', { name: 'Марат Ибраев · Руководитель службы' }).waitFor({ timeout: 3000 });
      await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Задачи службы' }).waitFor();
      await page.locator('.live.on').waitFor({ timeout: 5000 });
      expect(await page.title()).toMatch(/^Задачи моей службы — /);
      expect(await focusedText(page)).toMatch(/^H1:Задачи моей службы/);
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.getByRole('link', { name: 'Войти' }).waitFor({ timeout: 3000 });
      expect(await page.getByRole('link', { name: 'Задачи службы' }).count()).toBe(0);
    }
    await page.context().close();
  });
});

describe('issue 11: a resident’s proposal', () => {
  it('a resident submits a proposal from the district page, edits it while submitted and withdraws it', { timeout: 60_000 }, async () => {
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

    expect(await result.textContent()).toContain('Тёмная арка у дома 12');
    await result.getByRole('link', { name: 'Открыть предложение' }).click();
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

/** Today's date in Almaty at the given hour, as a datetime-local value: a meeting that may be held today. */
function almatyToday(hour: number): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return `${day}T${String(hour).padStart(2, '0')}:00`;
}

async function residentProposal(title: string, extra: Record<string, unknown> = {}) {
  const resident = await t.login('resident@demo.kz');
  return (
    await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie: resident,
      payload: { districtSlug: 'auezov', category: 'lighting', title, body: 'Во дворе темно с шести вечера, фонари не горят уже месяц', ...extra },
    })
  ).json();
}

describe('issue 11: the coordinator’s desk', () => {
  it('plans a meeting, registers attending organizations, holds it, reviews with what is needed to judge, and records a decision — each step shows its result', {
    timeout: 60_000,
  }, async () => {
    const proposal = await residentProposal('Фонари у дома 7 в Аксай-3А', { address: 'мкр. Аксай-3А, 7' });
    const page = await newPage();
    await signIn(page, 'coordinator@demo.kz');
    await page.waitForURL(/\/coordinate/);
    await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/^Встречи и решения — /);

    await page.getByLabel('Название').first().fill('Встреча с ОСИ Аксай-3А');
    await page.getByLabel('Дата и время').first().fill(almatyToday(0));
    await page.getByLabel('Место').first().fill('Школа №139');
    await page.getByRole('button', { name: 'Запланировать встречу' }).click();
    await page.getByTestId('meeting-planned').getByRole('link', { name: 'Встреча с ОСИ Аксай-3А' }).waitFor();
    await page.getByTestId('toasts').getByText('Встреча запланирована').waitFor();

    const item = page.locator('[data-testid=meeting]', { hasText: 'Встреча с ОСИ Аксай-3А' });
    await item.getByText('Участвующие организации').click();
    await item.getByLabel('Добавить организацию').selectOption({ label: 'ОСИ «Аксай-3А»' });
    await item.getByRole('button', { name: 'Записать' }).click();
    await item.getByTestId('attendees').getByText('ОСИ «Аксай-3А»').waitFor();
    await page.getByTestId('toasts').getByText('ОСИ «Аксай-3А» записана на встречу').waitFor();
    await item.getByLabel('Добавить организацию').selectOption({ label: 'КСК «Мамыр»' });
    await item.getByRole('button', { name: 'Записать' }).click();
    await item.getByTestId('attendees').getByText('КСК «Мамыр»').waitFor();
    await expectAccessible(page);
    await item.getByRole('button', { name: 'Отметить как проведённую' }).click();
    await item.locator('.badge-held').waitFor();
    const meetingId = (await item.getByRole('link', { name: 'Встреча с ОСИ Аксай-3А' }).getAttribute('href'))!.split('/').pop()!;
    const attendees = (await t.request({ method: 'GET', url: `/api/v1/meetings/${meetingId}/attendees` })).json().items;
    expect(attendees.map((a: { organization: { name: string } }) => a.organization.name).sort()).toEqual(['КСК «Мамыр»', 'ОСИ «Аксай-3А»']);

    // The review card says who asked, how many support it, where, and what — and the title stands on its own.
    const card = page.getByTestId('review-item').filter({ has: page.getByRole('heading', { name: 'Фонари у дома 7 в Аксай-3А' }) });
    await card.waitFor();
    expect(await card.getByRole('heading', { name: 'Фонари у дома 7 в Аксай-3А' }).count()).toBe(1);
    const text = await card.textContent();
    expect(text).toContain('Житель');
    expect(text).toMatch(/Поддержали\D*0|Поддерж/);
    expect(text).toContain('мкр. Аксай-3А, 7');
    expect(text).toContain('фонари не горят уже месяц');
    await card.getByRole('button', { name: 'На рассмотрение' }).click();
    await page.getByTestId('reviewed').getByRole('link', { name: 'Фонари у дома 7 в Аксай-3А' }).waitFor();
    await card.getByLabel('Официальный ответ / Причина отказа').fill('Включим в план освещения');
    await card.getByRole('button', { name: 'Принять' }).click();
    await expect.poll(() => page.getByTestId('reviewed').locator('.badge-accepted').count()).toBe(1);
    await card.waitFor({ state: 'detached' });

    // The decision form offers the district's open and accepted proposals, from any meeting, never merged ones.
    await item.getByRole('button', { name: 'Записать решение или поручение' }).click();
    const picker = item.getByTestId('decision-proposals');
    await picker.getByText('Фонари у дома 7 в Аксай-3А').waitFor();
    expect(await picker.locator('.badge-merged, .badge-rejected, .badge-withdrawn').count()).toBe(0);
    await item.getByLabel('Название').fill('Восстановить освещение во дворах Аксай-3А');
    await item.getByLabel('Описание (необязательно)').fill('Заменить 12 фонарей, проверить кабель');
    await item.getByLabel('Участковые инспекторы').check();
    await picker.getByLabel(/Фонари у дома 7 в Аксай-3А/).check();
    await item.getByRole('button', { name: 'Сохранить' }).click();
    const saved = item.getByTestId('decision-saved');
    await saved.getByRole('link', { name: 'Восстановить освещение во дворах Аксай-3А' }).waitFor();
    await page.getByTestId('toasts').getByText('Решение сохранено').waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/issue11-coordinate-1200.png', import.meta.url)), fullPage: true });
    await saved.getByRole('link', { name: 'Восстановить освещение во дворах Аксай-3А' }).click();
    await page.getByText('Заменить 12 фонарей, проверить кабель').waitFor();
    const linked = (await t.request({ method: 'GET', url: `/api/v1/proposals/${proposal.id}` })).json();
    expect(linked.decisions.map((d: { title: string }) => d.title)).toContain('Восстановить освещение во дворах Аксай-3А');
    await page.context().close();
  });
});

describe('issue 11: police at work', () => {
  it('a head assigns an officer and moves a deadline; the officer sees where to go; the board says who holds each task', {
    timeout: 60_000,
  }, async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const proposal = await residentProposal('Подростки в подъезде дома 12', { category: 'youth', address: 'мкр. Мамыр-4, 12' });
    const [meeting] = (await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov&status=closed&limit=1' })).json().items;
    const decision = (
      await t.request({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/decisions`,
        cookie: coordinator,
        payload: {
          kind: 'instruction',
          category: 'youth',
          title: 'Рейд участковых по подъездам Мамыра',
          proposalIds: [proposal.id],
          services: ['district_inspectors'],
        },
      })
    ).json();
    const assignmentId = decision.assignments[0].id;
    // Dispatch (by the worker) changes the version; the page then works on the dispatched record.
    await expect
      .poll(async () => (await t.request({ method: 'GET', url: `/api/v1/assignments/${assignmentId}` })).json().status, { timeout: 10_000 })
      .toBe('dispatched');

    const head = await newPage();
    await signIn(head, 'head@demo.kz');
    await head.goto(`${base}/assignments/${assignmentId}`);
    await head.locator('h1').waitFor();
    await head.getByRole('heading', { name: 'Исполнитель и срок' }).waitFor({ timeout: 5000 });
    await head.getByRole('combobox', { name: 'Исполнитель' }).selectOption({ index: 1 });
    const officerName = (await head.getByRole('combobox', { name: 'Исполнитель' }).locator('option:checked').textContent())!;
    await head.getByRole('button', { name: 'Назначить' }).click();
    await head.getByTestId('officer-result').getByText(`Назначен исполнитель: ${officerName}`).waitFor();
    await head.getByLabel('Новый срок (время Алматы)').fill('2027-03-01T18:30');
    await head.getByRole('button', { name: 'Перенести срок' }).click();
    await head.getByTestId('due-result').waitFor();
    const after = (await t.request({ method: 'GET', url: `/api/v1/assignments/${assignmentId}` })).json();
    expect(after.dueAt).toBe('2027-03-01T13:30:00.000Z');
    expect(head.locator('[data-testid=linked-proposals]').getByText('мкр. Мамыр-4, 12')).toBeTruthy();
    await head.getByTestId('linked-proposals').getByText('мкр. Мамыр-4, 12').waitFor();
    await expectAccessible(head);
    await head.goto(`${base}/tasks`);
    const task = head.getByTestId('task').filter({ hasText: 'Рейд участковых по подъездам Мамыра' });
    await task.getByTestId('holder').getByText(officerName).waitFor();
    expect(await task.textContent()).toContain('Ауэзовский район');
    expect(await task.textContent()).not.toMatch(/\bauezov\b/);
    await head.context().close();
  });

  it('an officer who takes up work is told when a chair disputes it; a confirmed assignment says who confirmed it', async () => {
    const inspector = await t.login('inspector@demo.kz');
    const coordinator = await t.login('coordinator@demo.kz');
    const chairApi = await t.login('chair.mamyr@demo.kz');
    // A proposal of the chair's association behind a new decision, so the chair may confirm or dispute it.
    const proposal = (
      await t.request({
        method: 'POST',
        url: '/api/v1/proposals',
        cookie: chairApi,
        payload: { districtSlug: 'auezov', category: 'foot_patrol', title: 'Обход дворов Мамыра вечером', body: 'Нужен вечерний обход' },
      })
    ).json();
    const [meeting] = (await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov&status=closed&limit=1' })).json().items;
    const decision = (
      await t.request({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.id}/decisions`,
        cookie: coordinator,
        payload: {
          kind: 'instruction',
          category: 'foot_patrol',
          title: 'Вечерние обходы дворов Мамыра',
          proposalIds: [proposal.id],
          services: ['district_inspectors', 'patrol'],
        },
      })
    ).json();
    const [first, second] = decision.assignments;
    const waitDispatched = async (id: string) => {
      await expect
        .poll(async () => (await t.request({ method: 'GET', url: `/api/v1/assignments/${id}` })).json().status, { timeout: 10_000 })
        .toBe('dispatched');
    };
    const inspectorsTask = [first, second].find((a: { serviceCode: string }) => a.serviceCode === 'district_inspectors');
    await waitDispatched(inspectorsTask.id);
    let a = (await t.request({ method: 'GET', url: `/api/v1/assignments/${inspectorsTask.id}`, cookie: inspector })).json();
    for (const to of ['accepted', 'in_progress', 'done']) {
      a = (
        await t.request({ method: 'POST', url: `/api/v1/assignments/${a.id}/transition`, cookie: inspector, payload: { to, version: a.version } })
      ).json();
    }
    expect(a.officer?.name).toBeTruthy();

    const chair = await newPage();
    await signIn(chair, 'chair.mamyr@demo.kz');
    await chair.waitForURL(/\/portal/);
    // The chair's list of work awaiting confirmation comes before the long form.
    await chair.locator('#proposal-heading').waitFor();
    const order = await chair.evaluate(() => {
      const list = document.getElementById('to-confirm');
      const form = document.getElementById('proposal-heading');
      return list && form ? list.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
    await chair.getByTestId('to-confirm').filter({ hasText: 'Вечерние обходы дворов Мамыра' }).getByRole('link').click();
    await chair.getByLabel('Комментарий').fill('Обходов во дворе дома 102 не было');
    await chair.getByRole('button', { name: 'Оспорить' }).click();
    await chair.getByTestId('toasts').getByText('Выполнение оспорено, работа возвращена службе').waitFor();
    await expect
      .poll(
        async () =>
          (await t.request({ method: 'GET', url: '/api/v1/notifications?limit=50', cookie: inspector }))
            .json()
            .items.map((n: { link: string | null }) => n.link),
        { timeout: 10_000 },
      )
      .toContain(`/decisions/${decision.id}`);

    // Redone, then confirmed: the panel says by whom, also after a reload, and no longer asks.
    a = (await t.request({ method: 'GET', url: `/api/v1/assignments/${a.id}`, cookie: inspector })).json();
    for (const to of ['in_progress', 'done']) {
      a = (
        await t.request({ method: 'POST', url: `/api/v1/assignments/${a.id}/transition`, cookie: inspector, payload: { to, version: a.version } })
      ).json();
    }
    await chair.reload();
    await chair.getByRole('button', { name: 'Подтвердить выполнение' }).click();
    await chair.getByTestId('confirmed-by').getByText('Выполнение подтвердил(а): КСК «Мамыр»').waitFor();
    await chair.reload();
    await chair.getByTestId('confirmed-by').waitFor();
    expect(await chair.getByRole('button', { name: 'Подтвердить выполнение' }).count()).toBe(0);
    await expectAccessible(chair);
    await chair.context().close();
  });
});

describe('issue 11: a 375 px phone', () => {
  it('the header folds into a menu and the coordinator’s pages never scroll sideways', async () => {
    await residentProposal('Очень-длинное-название-без-пробелов-которое-не-должно-раздвигать-страницу-телефона', { address: 'мкр. Аксай-3А, 61' });
    const page = await newPage(375);
    await signIn(page, 'coordinator@demo.kz');
    await page.waitForURL(/\/coordinate/);
    await page.getByTestId('review-item').first().waitFor();
    const menu = page.getByRole('button', { name: 'Меню' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('navigation', { name: 'Основное меню' }).isVisible()).toBe(false);
    const headerHeight = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
    expect(headerHeight).toBeLessThan(900 / 8);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > 376)
        .slice(0, 5)
        .map((el) => `${el.tagName}.${el.className}#${el.id}:${Math.round(el.getBoundingClientRect().right)}`),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: 'Записать решение или поручение' }).first().click();
    await page.getByLabel('Описание (необязательно)').first().waitFor();
    const wideForm = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > 376)
        .slice(0, 6)
        .map((el) => `${el.tagName}.${el.className}:${Math.round(el.getBoundingClientRect().right)}:${(el.textContent ?? '').slice(0, 30)}`),
    );
    expect(wideForm).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/issue11-coordinate-375.png', import.meta.url)), fullPage: true });
    await expectAccessible(page);
    await menu.click();
    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Журнал' }).click();
    await page.waitForURL(/\/audit/);
    await page.screenshot({ path: fileURLToPath(new URL('../.artifacts/issue11-audit-375.png', import.meta.url)), fullPage: true });
    await expect.poll(() => menu.getAttribute('aria-expanded'), { timeout: 5000 }).toBe('false');
    await page.getByRole('heading', { name: 'Журнал аудита', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.context().close();
  });
});
