import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, buildings, cameras, decisions, registryTimeline } from '@dsd/db/schema/index';
import { liveChannelName } from '@dsd/server/lib/events';
import type { RegistryMetric } from '@dsd/shared/registries';
import { createTestApp, type TestApp } from '../support/app.ts';
import { organizationId } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const as = (who: string) => cookies[who];
const get = (url: string, who?: string) => t.request({ method: 'GET', url, cookie: who ? as(who) : undefined });
const post = (url: string, payload: unknown, who: string, method: 'POST' | 'PATCH' | 'PUT' = 'POST') =>
  t.request({ method, url, payload: payload as object, cookie: as(who) });

async function decisionByMetric(metric: RegistryMetric) {
  const [row] = await t.db.db
    .select()
    .from(decisions)
    .where(and(eq(decisions.districtSlug, 'auezov'), eq(decisions.targetMetric, metric)));
  return row!;
}

/** A live camera of an organization's building in Auezov, from the seed. */
async function cameraOf(orgName: string, year?: number) {
  const org = await organizationId(t.db, orgName);
  const rows = await t.db.db
    .select({ id: cameras.id, version: cameras.version, status: cameras.status, installYear: cameras.installYear, buildingId: cameras.buildingId })
    .from(cameras)
    .innerJoin(buildings, eq(buildings.id, cameras.buildingId))
    .where(and(eq(buildings.organizationId, org), eq(cameras.status, 'working')));
  return rows.find((r) => year === undefined || r.installYear === year) ?? rows[0]!;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const [who, email] of Object.entries({
    chair: 'chair@demo.kz',
    mamyr: 'chair.mamyr@demo.kz',
    video: 'video@demo.kz',
    inspector: 'inspector@demo.kz',
    helpers: 'helpers@demo.kz',
    migration: 'migration@demo.kz',
    coordinator: 'coordinator@demo.kz',
    admin: 'admin@demo.kz',
    resident: 'resident@demo.kz',
  }))
    cookies[who] = await t.login(email);
});
afterAll(async () => t?.close());

describe('cameras', () => {
  it('shows Auezov’s 2013–2017 cohort as due for modernization, and what was replaced since the meeting', async () => {
    const res = await get('/api/v1/districts/auezov/cameras');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.total).toBeGreaterThan(200);
    expect(s.ageRuleYears).toBe(8);
    expect(s.replacedSince).toMatchObject({ count: 12 });
    expect(s.replacedSince.date).toBeTruthy();
    const cohort = s.byInstallYear.filter((y: { year: number }) => y.year >= 2013 && y.year <= 2017);
    expect(cohort).toHaveLength(5);
    for (const y of cohort) {
      // Every camera of the cohort still on the wall is due; none counts as plain working.
      expect(y.working).toBe(0);
      expect(y.outdated + y.replaced).toBe(y.count);
    }
    expect(s.dueForModernization).toBeGreaterThanOrEqual(cohort.reduce((n: number, y: { outdated: number }) => n + y.outdated, 0));
    expect((await get('/api/v1/districts/atlantis/cameras')).statusCode).toBe(404);
  });

  it('a video-surveillance officer records a replacement: audited, on the timeline, and the cameras decision moves live', async () => {
    const before = await decisionByMetric('cameras_modernized');
    expect(before).toMatchObject({ achieved: 12, progress: 30 });
    const listener = new Redis(t.config.redisUrl);
    const seen: Array<{ channels: string[]; event: { kind: string; id: string; progress?: number } }> = [];
    listener.on('message', (_c, m) => seen.push(...[JSON.parse(m)].flat()));
    await listener.subscribe(liveChannelName(t.config.redisPrefix));
    try {
      const camera = await cameraOf('КСК «Мамыр»', 2015);
      const res = await post(
        `/api/v1/cameras/${camera.id}/transition`,
        {
          to: 'replaced',
          version: camera.version,
          note: 'Заменена на IP-камеру',
          replacement: { installYear: new Date().getFullYear(), owner: 'city_network', kind: 'ip_ai' },
        },
        'video',
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'replaced', dueForModernization: false });
      const after = await decisionByMetric('cameras_modernized');
      expect(after).toMatchObject({ achieved: 13, progress: 33 });
      await waitFor(async () => seen.some((m) => m.event.kind === 'decision.updated' && m.event.id === after.id && m.event.progress === 33), {
        what: 'decision.updated',
      });
      const message = seen.find((m) => m.event.kind === 'decision.updated' && m.event.id === after.id)!;
      expect(message.channels).toContain('district:auezov');
      const replacement = await t.db.db.select().from(cameras).where(eq(cameras.replacesId, camera.id));
      expect(replacement).toHaveLength(1);
      expect(replacement[0]).toMatchObject({ status: 'working', kind: 'ip_ai', location: expect.any(String) });
      const audit = await t.db.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'camera'), eq(auditLog.entityId, camera.id)));
      expect(audit.map((a) => a.action)).toContain('camera.replaced');
      const timeline = await t.db.db.select().from(registryTimeline).where(eq(registryTimeline.entityId, camera.id));
      expect(timeline.some((e) => e.toStatus === 'replaced')).toBe(true);
      const summary = (await get('/api/v1/districts/auezov/cameras')).json();
      expect(summary.replacedSince.count).toBe(13);
      // The same move again, with the old version: 409, nothing changes.
      const stale = await post(`/api/v1/cameras/${camera.id}/transition`, { to: 'removed', version: camera.version }, 'video');
      expect(stale.statusCode).toBe(409);
      const invalid = await post(`/api/v1/cameras/${camera.id}/transition`, { to: 'working', version: camera.version + 1 }, 'video');
      expect(invalid.statusCode).toBe(409);
      expect(invalid.json().error.code).toBe('INVALID_TRANSITION');
    } finally {
      listener.disconnect();
    }
  });

  it('chairs report faults on their own cameras only, and may not record replacements', async () => {
    const own = await cameraOf('ПКСК «Дәуір»');
    const fault = await post(`/api/v1/cameras/${own.id}/transition`, { to: 'faulty', version: own.version, note: 'Нет изображения' }, 'chair');
    expect(fault.statusCode).toBe(200);
    expect(fault.json().status).toBe('faulty');
    const replace = await post(`/api/v1/cameras/${own.id}/transition`, { to: 'replaced', version: own.version + 1 }, 'chair');
    expect(replace.statusCode).toBe(403);
    const other = await cameraOf('КСК «Таугуль»');
    expect((await post(`/api/v1/cameras/${other.id}/transition`, { to: 'faulty', version: other.version }, 'chair')).statusCode).toBe(403);
    // Another service's officer: no.
    expect((await post(`/api/v1/cameras/${other.id}/transition`, { to: 'faulty', version: other.version }, 'migration')).statusCode).toBe(403);
  });

  it('registers a camera; refuses impossible years, unknown buildings and another organization’s building', async () => {
    const own = await cameraOf('ПКСК «Дәуір»');
    const body = { buildingId: own.buildingId, location: 'parking', installYear: 2024, owner: 'association', kind: 'ip' };
    const created = await post('/api/v1/cameras', body, 'chair');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'working', installYear: 2024, dueForModernization: false });
    expect(created.json().confirmed).toBe(false);
    expect((await post('/api/v1/cameras', body, 'chair')).statusCode).toBe(409);
    // A chair's report waits for the video-surveillance officer; another service may not confirm it.
    const confirmUrl = `/api/v1/cameras/${created.json().id}/confirm`;
    expect((await post(confirmUrl, { version: 1 }, 'migration')).statusCode).toBe(403);
    const confirmed = await post(confirmUrl, { version: 1 }, 'video');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ confirmed: true, version: 2 });
    expect((await post(confirmUrl, { version: 2 }, 'video')).statusCode).toBe(409);
    const year = new Date().getFullYear();
    for (const installYear of [1999, year + 1, 2015.5]) {
      const res = await post('/api/v1/cameras', { ...body, installYear }, 'chair');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const unknown = await post('/api/v1/cameras', { ...body, buildingId: '00000000-0000-4000-8000-000000000000' }, 'chair');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('body.buildingId');
    const foreign = await cameraOf('КСК «Таугуль»');
    expect((await post('/api/v1/cameras', { ...body, buildingId: foreign.buildingId }, 'chair')).statusCode).toBe(403);
    const list = await get(`/api/v1/cameras?building=${own.buildingId}&installedFrom=2024&installedTo=2024`);
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(created.json().id);
    expect((await get('/api/v1/cameras?installedFrom=1990')).statusCode).toBe(400);
  });

  it('the age rule is an admin setting: changing it re-marks the cohort, and the change is audited', async () => {
    expect((await post('/api/v1/settings/camera-age', { years: 12 }, 'coordinator', 'PUT')).statusCode).toBe(403);
    const set = await post('/api/v1/settings/camera-age', { years: 12 }, 'admin', 'PUT');
    expect(set.statusCode).toBe(200);
    expect(set.json().years).toBe(12);
    const s = (await get('/api/v1/districts/auezov/cameras')).json();
    expect(s.ageRuleYears).toBe(12);
    const y2017 = s.byInstallYear.find((y: { year: number }) => y.year === 2017);
    expect(y2017.working).toBeGreaterThan(0);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'setting.updated'));
    expect(audit).toHaveLength(1);
    await post('/api/v1/settings/camera-age', { years: 8 }, 'admin', 'PUT');
  });
});

describe('buildings', () => {
  it('lists and shows buildings with cameras, inspector and chat status; positions rounded', async () => {
    const page = await get('/api/v1/buildings?district=auezov&limit=10');
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toHaveLength(10);
    expect(page.json().nextCursor).toBeTruthy();
    const next = await get(`/api/v1/buildings?district=auezov&limit=10&cursor=${page.json().nextCursor}`);
    expect(next.json().items[0].id).not.toBe(page.json().items[0].id);
    const found = (await get(`/api/v1/buildings?q=${encodeURIComponent('Аксай-4, 27')}`)).json().items;
    expect(found).toHaveLength(1);
    const detail = (await get(`/api/v1/buildings/${found[0].id}`)).json();
    expect(detail.cameras.length).toBeGreaterThan(0);
    expect(detail.inspector).toMatchObject({ name: expect.any(String), receptionHours: expect.any(String) });
    expect(detail.canEdit).toBe(false);
    expect(String(detail.lat).split('.')[1]!.length).toBeLessThanOrEqual(3);
    expect((await get(`/api/v1/buildings/${found[0].id}`, 'chair')).json().canEdit).toBe(true);
    expect((await get('/api/v1/buildings/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('chairs add and edit their organization’s buildings, never another’s', async () => {
    const dauir = await organizationId(t.db, 'ПКСК «Дәуір»');
    const mamyr = await organizationId(t.db, 'КСК «Мамыр»');
    const created = await post('/api/v1/buildings', { organizationId: dauir, address: 'мкр. Аксай-4, 101', entrances: 4, flats: 120 }, 'chair');
    expect(created.statusCode).toBe(201);
    expect((await post('/api/v1/buildings', { organizationId: dauir, address: 'МКР. Аксай-4,  101'.replace(',  ', ', ') }, 'chair')).statusCode).toBe(
      409,
    );
    expect((await post('/api/v1/buildings', { organizationId: mamyr, address: 'мкр. Мамыр-4, 200' }, 'chair')).statusCode).toBe(403);
    const { id, version } = created.json();
    const edited = await post(`/api/v1/buildings/${id}`, { flats: 121, version }, 'chair', 'PATCH');
    expect(edited.statusCode).toBe(200);
    expect(edited.json().flats).toBe(121);
    expect((await post(`/api/v1/buildings/${id}`, { flats: 122, version }, 'chair', 'PATCH')).statusCode).toBe(409);
    expect((await post(`/api/v1/buildings/${id}`, { flats: 122, version: version + 1 }, 'mamyr', 'PATCH')).statusCode).toBe(403);
    expect((await post(`/api/v1/buildings/${id}`, { flats: 122, version: version + 1 }, 'coordinator', 'PATCH')).statusCode).toBe(200);
  });
});

describe('inspectors and building chats', () => {
  it('a chair marks the inspector in the building chat: the inspector’s and the district’s coverage change', async () => {
    const district = (await get('/api/v1/districts/auezov/inspectors')).json();
    expect(district.items.length).toBeGreaterThanOrEqual(4);
    const dauir = await organizationId(t.db, 'ПКСК «Дәуір»');
    const [building] = await t.db.db
      .select()
      .from(buildings)
      .where(and(eq(buildings.organizationId, dauir), eq(buildings.chatJoined, false)));
    const inspectorBefore = (await get(`/api/v1/inspectors/${building!.inspectorId}`)).json();
    const res = await post(`/api/v1/buildings/${building!.id}/chat`, { joined: true, joinedAt: '2026-11-01T10:00:00+05:00' }, 'chair');
    expect(res.statusCode).toBe(200);
    expect(res.json().chat).toEqual({ joined: true, joinedAt: '2026-11-01T05:00:00.000Z' });
    const inspectorAfter = (await get(`/api/v1/inspectors/${building!.inspectorId}`)).json();
    expect(inspectorAfter.buildingsWithChat).toBe(inspectorBefore.buildingsWithChat + 1);
    expect(inspectorAfter.coveragePercent).toBeGreaterThan(inspectorBefore.coveragePercent);
    const districtAfter = (await get('/api/v1/districts/auezov/inspectors')).json();
    expect(districtAfter.buildingsWithChat).toBe(district.buildingsWithChat + 1);
    // Another organization's chair may not; the district's inspector may.
    expect((await post(`/api/v1/buildings/${building!.id}/chat`, { joined: false }, 'mamyr')).statusCode).toBe(403);
    expect((await post(`/api/v1/buildings/${building!.id}/chat`, { joined: false }, 'inspector')).statusCode).toBe(200);
  });

  it('chairs’ feedback shows as the organization once a coordinator approves it', async () => {
    const dauir = await organizationId(t.db, 'ПКСК «Дәуір»');
    const [building] = await t.db.db.select().from(buildings).where(eq(buildings.organizationId, dauir));
    const inspectorId = building!.inspectorId!;
    const sent = await post(`/api/v1/inspectors/${inspectorId}/feedback`, { kind: 'commendation', body: 'Быстро отвечает в чате дома' }, 'chair');
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ organization: 'ПКСК «Дәуір»', status: 'pending' });
    expect((await get(`/api/v1/inspectors/${inspectorId}`)).json().feedback).toHaveLength(0);
    const approved = await post(`/api/v1/inspector-feedback/${sent.json().id}/moderation`, { status: 'approved' }, 'coordinator');
    expect(approved.statusCode).toBe(200);
    const publicView = (await get(`/api/v1/inspectors/${inspectorId}`)).json();
    expect(publicView.feedback).toEqual([expect.objectContaining({ organization: 'ПКСК «Дәуір»', body: 'Быстро отвечает в чате дома' })]);
    expect(JSON.stringify(publicView)).not.toContain('Бактыбаева');
  });
});

describe('public police helpers', () => {
  it('an inspector registers and activates a helper (approval date and document needed); the helpers decision moves', async () => {
    const before = await decisionByMetric('helpers_active');
    expect(before.achieved).toBe(9);
    const created = await post('/api/v1/helpers', { districtSlug: 'auezov', name: 'Самат Ергалиев', phone: '+7 701 555 77 88' }, 'inspector');
    expect(created.statusCode).toBe(201);
    const { id, version } = created.json();
    const missing = await post(`/api/v1/helpers/${id}/transition`, { to: 'active', version, approvedAt: '2026-11-20' }, 'inspector');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe('body.documentNumber');
    const active = await post(
      `/api/v1/helpers/${id}/transition`,
      { to: 'active', version, approvedAt: '2026-11-20', documentNumber: '№ 415-ОП' },
      'inspector',
    );
    expect(active.statusCode).toBe(200);
    expect((await decisionByMetric('helpers_active')).achieved).toBe(10);
    expect(
      (await post(`/api/v1/helpers/${id}/transition`, { to: 'active', version, approvedAt: '2026-11-20', documentNumber: 'x' }, 'inspector'))
        .statusCode,
    ).toBe(409);
    const shift = await post(`/api/v1/helpers/${id}/shifts`, { date: '2026-11-21', hours: 3, area: 'дворы мкр. Аксай-4' }, 'helpers');
    expect(shift.statusCode).toBe(201);
    const future = await post(`/api/v1/helpers/${id}/shifts`, { date: '2099-01-01', hours: 3, area: 'x' }, 'helpers');
    expect(future.statusCode).toBe(400);
    // Another district's officer, or another service: no.
    expect((await post(`/api/v1/helpers/${id}/shifts`, { date: '2026-11-21', hours: 3, area: 'x' }, 'migration')).statusCode).toBe(403);
  });

  it('concurrent activations in one district leave the helpers decision at the true count', async () => {
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post('/api/v1/helpers', { districtSlug: 'auezov', name: `Помощник ${i}`, phone: `+7 701 000 11 ${10 + i}` }, 'inspector'),
      ),
    );
    const results = await Promise.all(
      created.map((c) =>
        post(`/api/v1/helpers/${c.json().id}/transition`, { to: 'active', version: 1, approvedAt: '2026-11-20', documentNumber: '№ 1' }, 'inspector'),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    const [count] = await t.db.sql`select count(*)::int as n from helpers where district_slug = 'auezov' and status = 'active'`;
    expect((await decisionByMetric('helpers_active')).achieved).toBe(count!.n);
  });

  it('names and phones are police-only; the public sees counts', async () => {
    expect((await get('/api/v1/helpers?district=auezov')).statusCode).toBe(401);
    expect((await get('/api/v1/helpers?district=auezov', 'resident')).statusCode).toBe(403);
    expect((await get('/api/v1/helpers?district=auezov', 'chair')).statusCode).toBe(403);
    expect((await get('/api/v1/helpers?district=auezov', 'migration')).statusCode).toBe(403);
    const police = await get('/api/v1/helpers?district=auezov', 'helpers');
    expect(police.statusCode).toBe(200);
    expect(police.json().items[0]).toMatchObject({ name: expect.any(String), phone: expect.any(String) });
    const counts = await get('/api/v1/districts/auezov/helpers');
    expect(counts.json()).toMatchObject({ active: expect.any(Number), shiftsThisMonth: expect.any(Number), hoursThisMonth: expect.any(Number) });
    expect(counts.json().active).toBeGreaterThanOrEqual(9);
    const text = [counts.body, (await get('/api/v1/districts/auezov/inspectors')).body, (await get('/api/v1/buildings?district=auezov')).body].join();
    for (const helper of police.json().items) {
      expect(text).not.toContain(helper.name);
      expect(text).not.toContain(helper.phone);
    }
  });
});
