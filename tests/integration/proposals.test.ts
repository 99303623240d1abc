import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposals, supports } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let coordinator: string;
let chair: string;
let resident: string;
let inspector: string;
const idea = {
  districtSlug: 'auezov',
  category: 'cameras',
  title: 'Камеры у школы',
  body: 'Нужны камеры у школы №12',
  lat: 43.234567,
  lng: 76.854321,
};

beforeAll(async () => {
  t = await createTestApp();
  [coordinator, chair, resident, inspector] = await Promise.all(
    ['coordinator@demo.kz', 'chair@demo.kz', 'resident@demo.kz', 'inspector@demo.kz'].map((e) => t.login(e)),
  );
});
afterAll(async () => t?.close());

const submit = async (cookie: string, body: Record<string, unknown> = idea) =>
  t.request({ method: 'POST', url: '/api/v1/proposals', cookie, payload: body });
const move = (cookie: string, id: string, payload: Record<string, unknown>) =>
  t.request({ method: 'POST', url: `/api/v1/proposals/${id}/transition`, cookie, payload });

describe('submitting proposals', () => {
  it('a chair submits for the organization, shown publicly by its name', async () => {
    const res = await submit(chair);
    expect(res.statusCode).toBe(201);
    expect(res.json().author).toEqual({ kind: 'organization', organization: expect.objectContaining({ name: 'ПКСК «Дәуір»', type: 'PKSK' }) });
    expect(res.json()).toMatchObject({ status: 'submitted', version: 1, mine: true, lat: 43.234567 });
    const publicView = await t.request({ method: 'GET', url: `/api/v1/proposals/${res.json().id}` });
    expect(publicView.json().lat).toBe(43.235);
    expect(publicView.json().lng).toBe(76.854);
    expect(JSON.stringify(publicView.json())).not.toContain('chair@demo.kz');
  });

  it('a resident is shown as "resident"; an officer cannot submit', async () => {
    const res = await submit(resident);
    expect(res.json().author).toEqual({ kind: 'resident' });
    expect((await submit(inspector)).statusCode).toBe(403);
    expect((await submit('')).statusCode).toBe(401);
  });

  it('a chair submits only in the organization’s district', async () => {
    expect((await submit(chair, { ...idea, districtSlug: 'medeu' })).statusCode).toBe(403);
  });

  it('keeps confidential details of a drug tip from the public and shows them to the district coordinator', async () => {
    const res = await submit(resident, { ...idea, category: 'drugs', title: 'Закладки у подъезда', confidentialDetails: 'Подъезд 3, после 22:00' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const anonymous = await t.request({ method: 'GET', url: `/api/v1/proposals/${id}` });
    expect(anonymous.json().confidentialDetails).toBeUndefined();
    expect(anonymous.body).not.toContain('Подъезд 3');
    const list = await t.request({ method: 'GET', url: '/api/v1/proposals?category=drugs&limit=100' });
    expect(list.body).not.toContain('Подъезд 3');
    const other = await t.request({ method: 'GET', url: `/api/v1/proposals/${id}`, cookie: chair });
    expect(other.json().confidentialDetails).toBeUndefined();
    const coord = await t.request({ method: 'GET', url: `/api/v1/proposals/${id}`, cookie: coordinator });
    expect(coord.json().confidentialDetails).toBe('Подъезд 3, после 22:00');
  });

  it('refuses confidential details outside drugs and migration', async () => {
    const res = await submit(resident, { ...idea, confidentialDetails: 'secret' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('body.confidentialDetails');
  });

  it('refuses a proposal for a closed meeting with 409 and for an unknown meeting with 400', async () => {
    const closed = (await t.request({ method: 'GET', url: '/api/v1/meetings?district=auezov&status=closed' })).json().items[0];
    expect((await submit(chair, { ...idea, meetingId: closed.id })).statusCode).toBe(409);
    expect((await submit(chair, { ...idea, meetingId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
  });
});

describe('listing proposals', () => {
  it('filters by district, category and status', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/proposals?district=auezov&category=cameras&status=accepted' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThan(0);
    for (const p of res.json().items) expect(p).toMatchObject({ districtSlug: 'auezov', category: 'cameras', status: 'accepted' });
  });

  it('pages through every proposal with the cursor, without repeats', async () => {
    const [{ n }] = await t.db.db.select({ n: count() }).from(proposals).where(eq(proposals.hidden, false));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request({ method: 'GET', url: `/api/v1/proposals?limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      seen.push(...res.json().items.map((p: { id: string }) => p.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(n);
  });

  it('refuses a cursor it did not give out with 400', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/proposals?cursor=not-a-cursor' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('supports', () => {
  it('counts one support per user and refuses the author', async () => {
    const id = (await submit(chair)).json().id;
    const once = await t.request({ method: 'POST', url: `/api/v1/proposals/${id}/support`, cookie: resident });
    const twice = await t.request({ method: 'POST', url: `/api/v1/proposals/${id}/support`, cookie: resident });
    expect(once.json()).toEqual({ supportCount: 1, supportedByMe: true });
    expect(twice.json()).toEqual({ supportCount: 1, supportedByMe: true });
    const [{ n }] = await t.db.db.select({ n: count() }).from(supports).where(eq(supports.proposalId, id));
    expect(n).toBe(1);
    expect((await t.request({ method: 'POST', url: `/api/v1/proposals/${id}/support`, cookie: chair })).statusCode).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/v1/proposals/${id}/support` })).statusCode).toBe(401);
    const undo = await t.request({ method: 'DELETE', url: `/api/v1/proposals/${id}/support`, cookie: resident });
    expect(undo.json()).toEqual({ supportCount: 0, supportedByMe: false });
  });
});

describe('reviewing proposals', () => {
  it('a coordinator reviews and accepts with an official answer', async () => {
    const id = (await submit(chair)).json().id;
    expect((await move(coordinator, id, { to: 'under_review', version: 1 })).json().status).toBe('under_review');
    const accepted = await move(coordinator, id, { to: 'accepted', answer: 'Включено в план', version: 2 });
    expect(accepted.json()).toMatchObject({ status: 'accepted', answer: 'Включено в план', version: 3 });
    const detail = await t.request({ method: 'GET', url: `/api/v1/proposals/${id}` });
    expect(detail.json().history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['submitted', 'under_review', 'accepted']);
  });

  it('rejecting needs a reason (400 without) and accepting from submitted is 409', async () => {
    const id = (await submit(chair)).json().id;
    expect((await move(coordinator, id, { to: 'accepted', version: 1 })).statusCode).toBe(409);
    await move(coordinator, id, { to: 'under_review', version: 1 });
    const noReason = await move(coordinator, id, { to: 'rejected', version: 2 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('body.reason');
    const rejected = await move(coordinator, id, { to: 'rejected', reason: 'Вне компетенции полиции', version: 2 });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: 'Вне компетенции полиции' });
  });

  it('merges into another proposal of the district', async () => {
    const target = (await submit(chair)).json().id;
    const dup = (await submit(resident)).json().id;
    await move(coordinator, dup, { to: 'under_review', version: 1 });
    expect((await move(coordinator, dup, { to: 'merged', version: 2 })).statusCode).toBe(400);
    expect((await move(coordinator, dup, { to: 'merged', mergedInto: dup, version: 2 })).statusCode).toBe(400);
    const merged = await move(coordinator, dup, { to: 'merged', mergedInto: target, version: 2 });
    expect(merged.json()).toMatchObject({ status: 'merged', mergedInto: target });
  });

  it('only the author withdraws, and only while open', async () => {
    const id = (await submit(resident)).json().id;
    expect((await move(chair, id, { to: 'withdrawn', version: 1 })).statusCode).toBe(403);
    expect((await move(coordinator, id, { to: 'withdrawn', version: 1 })).statusCode).toBe(403);
    expect((await move(resident, id, { to: 'withdrawn', version: 1 })).json().status).toBe('withdrawn');
    expect((await move(resident, id, { to: 'withdrawn', version: 2 })).statusCode).toBe(409);
  });

  it('a resident cannot review; a stale version is 409', async () => {
    const id = (await submit(chair)).json().id;
    expect((await move(resident, id, { to: 'under_review', version: 1 })).statusCode).toBe(403);
    await move(coordinator, id, { to: 'under_review', version: 1 });
    const stale = await move(coordinator, id, { to: 'accepted', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });
});
