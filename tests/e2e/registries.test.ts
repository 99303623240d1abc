import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { BROWSER_TEST_TIMEOUT_MS, startWebApp, type WebApp } from '../support/web-app.ts';
import { expectAccessible, signIn as signInAt } from '../support/e2e.ts';

/** Issue 12 as a user walks it: the registries on the district page, a replacement moving a decision live, CSV import. */
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

const camerasDecision = (page: Page) => page.getByTestId('decision').filter({ hasText: 'Увеличить количество камер' });

describe('issue 12: registries', () => {
  it('the district page shows the 2013–2017 cohort as due; a replacement recorded by the video officer moves the cameras decision without a reload', async () => {
    const resident = await newPage(390);
    await resident.goto(`${base}/districts/auezov?lang=ru`);
    await resident.getByTestId('cameras-cohort').waitFor();
    expect(await resident.getByTestId('cameras-cohort').textContent()).toMatch(/Камеры 2013–2017 годов: \d+ из \d+ пора модернизировать/);
    expect(await resident.getByTestId('cameras-replaced').textContent()).toContain('12');
    await expect.poll(() => camerasDecision(resident).textContent()).toContain('12 из 40 камер');
    await resident.locator('.live.on').waitFor({ timeout: 5000 });
    await expectAccessible(resident);

    // A camera of the 2013–2017 cohort whose place has no camera of this year yet (the replacement takes that place).
    const [camera] = await t.db.sql<Array<{ building_id: string; location: string; install_year: number }>>`
      select c.building_id, c.location, c.install_year from cameras c
      where c.district_slug = 'auezov' and c.status = 'working' and c.install_year between 2013 and 2017
        and not exists (select 1 from cameras n where n.building_id = c.building_id and n.location = c.location
                        and n.install_year = extract(year from now())::int)
      limit 1`;
    const officer = await newPage();
    await signIn(officer, 'video@demo.kz');
    await officer.goto(`${base}/buildings/${camera!.building_id}`);
    const where = { entrance: 'Подъезд', courtyard: 'Двор', playground: 'Детская площадка', parking: 'Парковка' }[camera!.location]!;
    const row = officer
      .getByTestId('camera-row')
      .filter({ hasText: where })
      .filter({ hasText: String(camera!.install_year) });
    await row.getByTestId('record-replacement').click();
    await row.getByTestId('confirm-replacement').click();
    await officer.getByText('Сохранено').waitFor();
    await expectAccessible(officer);

    // The resident's page, never reloaded, shows the decision and the camera numbers move.
    await expect.poll(() => camerasDecision(resident).textContent(), { timeout: 10_000 }).toContain('13 из 40 камер');
    await expect.poll(() => resident.getByTestId('cameras-replaced').textContent(), { timeout: 10_000 }).toContain('13');
    await resident.context().close();
    await officer.context().close();
  }, 60_000);

  it('an inspector activates a helper and the helpers decision moves; a chair marks the inspector in the building chat', async () => {
    const page = await newPage();
    await signIn(page, 'inspector@demo.kz');
    await page.goto(`${base}/registry`);
    const candidate = page.getByTestId('helper').filter({ hasText: 'Кандидат' }).first();
    await candidate.getByLabel('Дата решения акимата').fill('2026-11-20');
    await candidate.getByLabel('Номер документа').fill('№ 501-ОП');
    await candidate.getByRole('button', { name: 'Активировать' }).click();
    await page.getByText('Сохранено').waitFor();
    await page.goto(`${base}/districts/auezov`);
    await expect.poll(() => page.getByTestId('decision').filter({ hasText: 'общественных помощников' }).textContent()).toContain('10 из 25');
    expect(await page.getByTestId('helpers-active').textContent()).toContain('10');

    const chair = await newPage();
    await signIn(chair, 'chair@demo.kz');
    await chair.goto(`${base}/registry`);
    // A building whose chat lacks the inspector.
    await chair.locator('[data-testid=my-buildings] tbody tr', { hasText: 'Участкового нет' }).first().getByRole('link').click();
    const coverageBefore = await chair.getByTestId('inspector-card').locator('.progress-value').textContent();
    await chair.getByTestId('chat-toggle').click();
    await expect.poll(() => chair.getByTestId('chat-status').textContent()).toContain('Участковый в чате дома с');
    await expect.poll(() => chair.getByTestId('inspector-card').locator('.progress-value').textContent()).not.toBe(coverageBefore);
    await expectAccessible(chair);
    await page.context().close();
    await chair.context().close();
  }, 60_000);

  it('a chair checks a CSV of buildings with one bad row, then uploads it without that row', async () => {
    const page = await newPage(390);
    await signIn(page, 'chair@demo.kz');
    await page.goto(`${base}/registry`);
    const file = join(tmpdir(), `buildings-${Date.now()}.csv`);
    writeFileSync(
      file,
      'address,organization,district,entrances,flats\nмкр. Аксай-4 дом 301,ПКСК «Дәуір»,auezov,4,100\nмкр. Аксай-4 дом 303,ПКСК «Дәуір»,auezov,много,100\n',
    );
    await page.getByLabel('Файл CSV (UTF-8, через запятую)').setInputFiles(file);
    await page.getByRole('button', { name: 'Проверить' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('Строк: 2, без ошибок: 1');
    expect(await report.locator('tbody tr').count()).toBe(1);
    expect(await report.locator('tbody tr td').first().textContent()).toBe('3');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Загрузить без ошибочных строк' }).click();
    await page.getByTestId('import-progress').filter({ hasText: 'Загрузка завершена' }).waitFor({ timeout: 15_000 });
    expect(await report.textContent()).toContain('Добавлено: 1');
    await expect.poll(() => page.locator('[data-testid=my-buildings]').textContent()).toContain('мкр. Аксай-4 дом 301');
    const [row] = await t.db.sql`select count(*)::int as n from buildings where address like 'мкр. Аксай-4 дом 30%'`;
    expect(row!.n).toBe(1);
    await page.context().close();
  }, 60_000);

  it('a service head reports progress from a spreadsheet on the task board: the dry run shows the status changes, the upload applies them', async () => {
    // Work of the head's service that can move one step on: accepted → in progress, or dispatched → accepted.
    const [work] = await t.db.sql<Array<{ id: string; status: string }>>`
      select a.id, a.status from assignments a where a.service_code = 'district_inspectors' and a.status in ('accepted', 'dispatched')
      order by a.status = 'accepted' desc limit 1`;
    expect(work).toBeTruthy();
    const to = work!.status === 'accepted' ? 'in_progress' : 'accepted';
    const page = await newPage(390);
    await signIn(page, 'head@demo.kz');
    await page.goto(`${base}/tasks?lang=ru`);
    const file = join(tmpdir(), `progress-${Date.now()}.csv`);
    writeFileSync(file, `assignment_id,status,progress,contribution,note,evidence_url\n${work!.id},${to},,,Взяли в работу,\n`);
    await page.getByLabel('Файл CSV (UTF-8, через запятую)').setInputFiles(file);
    await page.getByRole('button', { name: 'Проверить' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('Какие статусы изменятся');
    expect(await report.locator('tbody tr').count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Загрузить без ошибочных строк' }).click();
    await page.getByTestId('import-progress').filter({ hasText: 'Загрузка завершена' }).waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await t.db.sql`select status from assignments where id = ${work!.id}`)[0]!.status).toBe(to);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'progress-import.png'), fullPage: true });
    await page.context().close();
  });
});
