import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, categories, services } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';

let t: TestApp;
let admin: string;
let coordinator: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@demo.kz');
  coordinator = await t.login('coordinator@demo.kz');
});
afterAll(async () => t?.close());

const names = (base: string) => ({ ru: `${base} (ru)`, kk: `${base} (kk)`, en: base });
const as = (cookie: string, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'GET', url: string, payload?: Record<string, unknown>) =>
  t.request({ method, url: `/api/v1${url}`, cookie, ...(payload === undefined ? {} : { payload }) });
const audited = async (entityId: string) =>
  (await t.db.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, entityId))).map((r) => r.action);

describe('categories and routing', () => {
  it('a category an admin adds is listed publicly, takes proposals and routes instructions to its services; a coordinator may not add one', async () => {
    const created = await as(admin, 'POST', '/admin/categories', {
      code: 'graffiti',
      name: names('Graffiti'),
      services: ['district_inspectors', 'juvenile'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'graffiti', services: ['district_inspectors', 'juvenile'], active: true });
    expect(await audited('graffiti')).toContain('category.created');

    const listed = (await t.request({ method: 'GET', url: '/api/v1/categories' })).json().items.find((c: { code: string }) => c.code === 'graffiti');
    expect(listed).toMatchObject({ name: names('Graffiti'), defaultService: 'district_inspectors', services: ['district_inspectors', 'juvenile'] });

    expect((await as(coordinator, 'POST', '/admin/categories', { code: 'noise', name: names('Noise'), services: ['patrol'] })).statusCode).toBe(403);

    const resident = await t.login('resident@demo.kz');
    const proposal = await as(resident, 'POST', '/proposals', {
      districtSlug: 'auezov',
      category: 'graffiti',
      title: 'Надписи на гаражах',
      body: 'Закрасить и поставить камеру',
    });
    expect(proposal.statusCode).toBe(201);

    const meeting = await heldMeeting(t, coordinator, 'medeu');
    const decision = await createDecision(t, coordinator, meeting.id, { kind: 'instruction', category: 'graffiti', title: 'Убрать граффити' });
    expect(decision.assignments.map((a: { serviceCode: string }) => a.serviceCode).sort()).toEqual(['district_inspectors', 'juvenile']);
  });

  it('a district override replaces the city-wide services there, and an empty list removes it', async () => {
    const set = await as(admin, 'PUT', '/admin/categories/graffiti/routes/almaly', { services: ['patrol'] });
    expect(set.statusCode).toBe(200);
    expect(set.json().overrides).toEqual([{ districtSlug: 'almaly', services: ['patrol'] }]);
    const meeting = await heldMeeting(t, coordinator, 'almaly');
    const routed = await createDecision(t, coordinator, meeting.id, { kind: 'instruction', category: 'graffiti', title: 'Патруль у гаражей' });
    expect(routed.assignments.map((a: { serviceCode: string }) => a.serviceCode)).toEqual(['patrol']);

    const cleared = await as(admin, 'PUT', '/admin/categories/graffiti/routes/almaly', { services: [] });
    expect(cleared.json().overrides).toEqual([]);
    const back = await createDecision(t, coordinator, meeting.id, { kind: 'instruction', category: 'graffiti', title: 'Снова город' });
    expect(back.assignments).toHaveLength(2);
  });

  it('refuses empty routing, unknown services and districts, a duplicate code, with nothing half applied', async () => {
    const empty = await as(admin, 'POST', '/admin/categories', { code: 'empty_one', name: names('Empty'), services: [] });
    expect(empty.statusCode).toBe(400);
    const unknown = await as(admin, 'POST', '/admin/categories', { code: 'bad_one', name: names('Bad'), services: ['patrol', 'space_police'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('body.services');
    expect(await t.db.db.select().from(categories).where(eq(categories.code, 'bad_one'))).toHaveLength(0);
    expect((await as(admin, 'PATCH', '/admin/categories/graffiti', { services: [] })).statusCode).toBe(400);
    expect((await as(admin, 'PUT', '/admin/categories/graffiti/routes/atlantis', { services: ['patrol'] })).statusCode).toBe(400);
    expect((await as(admin, 'PUT', '/admin/categories/nothing_here/routes/auezov', { services: ['patrol'] })).statusCode).toBe(404);
    expect((await as(admin, 'POST', '/admin/categories', { code: 'cameras', name: names('Again'), services: ['patrol'] })).statusCode).toBe(409);
    expect((await as(admin, 'POST', '/admin/categories', { code: 'Bad Code', name: names('Bad'), services: ['patrol'] })).statusCode).toBe(400);
  });

  it('a retired category takes no new proposals but keeps the old ones; the existing categories still work', async () => {
    expect((await as(admin, 'PATCH', '/admin/categories/graffiti', { active: false, name: names('Graffiti, old') })).json().active).toBe(false);
    const resident = await t.login('resident@demo.kz');
    const refused = await as(resident, 'POST', '/proposals', { districtSlug: 'auezov', category: 'graffiti', title: 'Ещё надписи', body: 'Текст' });
    expect(refused.statusCode).toBe(400);
    const unknown = await as(resident, 'POST', '/proposals', { districtSlug: 'auezov', category: 'unicorns', title: 'Нет такой', body: 'Текст' });
    expect(unknown.statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/proposals?category=graffiti&district=auezov' })).json().items).toHaveLength(1);
    const tip = await as(resident, 'POST', '/proposals', {
      districtSlug: 'auezov',
      category: 'drugs',
      title: 'Закладки',
      body: 'У школы',
      confidentialDetails: 'Подъезд 3',
    });
    expect(tip.statusCode).toBe(201);
  });
});

describe('services', () => {
  it('refuses to delete a service with open assignments or routing (409), deletes an unused one and retires one with history', async () => {
    const busy = await as(admin, 'DELETE', '/admin/services/migration');
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('REFERENCE_IN_USE');

    expect((await as(admin, 'POST', '/admin/services', { code: 'cyber', name: names('Cyber police') })).statusCode).toBe(201);
    expect((await as(admin, 'POST', '/admin/services', { code: 'cyber', name: names('Cyber police') })).statusCode).toBe(409);
    expect((await t.request({ method: 'GET', url: '/api/v1/services' })).json().items.map((s: { code: string }) => s.code)).toContain('cyber');
    await as(admin, 'POST', '/admin/categories', { code: 'online_fraud', name: names('Online fraud'), services: ['cyber'] });
    const routed = await as(admin, 'DELETE', '/admin/services/cyber');
    expect(routed.statusCode).toBe(409);
    expect(routed.json().error.message).toContain('online_fraud');
    await as(admin, 'PATCH', '/admin/categories/online_fraud', { services: ['patrol'] });
    const deleted = await as(admin, 'DELETE', '/admin/services/cyber');
    expect(deleted.json()).toEqual({ code: 'cyber', outcome: 'deleted' });
    expect(await t.db.db.select().from(services).where(eq(services.code, 'cyber'))).toHaveLength(0);
    expect(await audited('cyber')).toEqual(expect.arrayContaining(['service.created', 'service.deleted']));
  });
});

describe('districts and organizations', () => {
  it('adds a district of another city with its names and time zone; the public list shows it', async () => {
    const res = await as(admin, 'POST', '/admin/districts', {
      slug: 'astana-yesil',
      city: 'astana',
      name: names('Yesil district'),
      timeZone: 'Asia/Almaty',
    });
    expect(res.statusCode).toBe(201);
    const listed = (await t.request({ method: 'GET', url: '/api/v1/districts' }))
      .json()
      .items.find((d: { slug: string }) => d.slug === 'astana-yesil');
    expect(listed).toMatchObject({ city: 'astana', timeZone: 'Asia/Almaty', name: names('Yesil district') });
    expect((await as(admin, 'POST', '/admin/districts', { slug: 'x1', city: 'aktobe', name: names('X'), timeZone: 'Mars/Olympus' })).statusCode).toBe(
      400,
    );
    expect((await as(admin, 'POST', '/admin/districts', { slug: 'auezov', city: 'almaty', name: names('Dup') })).statusCode).toBe(409);
    const renamed = await as(admin, 'PATCH', '/admin/districts/astana-yesil', { timeZone: 'Asia/Aqtobe' });
    expect(renamed.json().timeZone).toBe('Asia/Aqtobe');
    expect((await audited('astana-yesil')).sort()).toEqual(['district.created', 'district.updated']);
  });

  it('adds, edits and deletes an organization; one with a chair cannot be deleted', async () => {
    const created = await as(admin, 'POST', '/admin/organizations', {
      type: 'OSI',
      name: 'ОСИ «Новый дом»',
      districtSlug: 'astana-yesil',
      buildings: ['пр. Мангилик Ел, 1'],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await t.request({ method: 'GET', url: '/api/v1/organizations?district=astana-yesil' })).json().items).toHaveLength(1);
    expect((await as(admin, 'PATCH', `/admin/organizations/${id}`, { type: 'KSK' })).json().type).toBe('KSK');
    expect((await as(admin, 'POST', '/admin/organizations', { type: 'OSI', name: 'X', districtSlug: 'atlantis' })).statusCode).toBe(400);
    expect((await as(admin, 'DELETE', `/admin/organizations/${id}`)).statusCode).toBe(200);
    const chair = (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: await t.login('chair@demo.kz') })).json().user;
    const held = await as(admin, 'DELETE', `/admin/organizations/${chair.scope.organization.id}`);
    expect(held.statusCode).toBe(409);
  });
});

describe('admin:create', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = (args: string[]) =>
    promisify(execFile)('node', ['--import', 'tsx', 'server/src/cli.ts', 'admin:create', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.databaseUrl, NODE_ENV: 'production', SESSION_SECRET: '' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('creates an admin who signs in with the printed password, refuses a second run unless --reset', async () => {
    const first = await run(['--email', 'Chief@Police.kz', '--name', 'Начальник']);
    expect(first.code, first.stderr).toBe(0);
    const password = /Password: (\S+)/.exec(first.stdout)![1]!;
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'chief@police.kz', password } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.role).toBe('admin');

    const again = await run(['--email', 'chief@police.kz', '--name', 'Начальник']);
    expect(again.code).toBe(64);
    expect(again.stderr).toContain('--reset');

    const reset = await run(['--email', 'chief@police.kz', '--reset', '--password', 'chosen-password-1']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).not.toContain('Password:');
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'chief@police.kz', password: 'chosen-password-1' } }))
        .statusCode,
    ).toBe(200);
    expect((await run(['--email', 'not-an-email', '--name', 'X'])).code).toBe(64);
  }, 60_000);
});
