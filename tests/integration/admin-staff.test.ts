import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { auditLog, invites, roleGrants, sessions, users } from '@dsd/db/schema/index';
import { buildApp } from '@dsd/server/app';
import { SESSION_ENDED_CLOSE } from '@dsd/server/plugins/live';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting, organizationId, userId } from '../support/fixtures.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';

let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let t: TestApp;
let admin: string;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://police.example.kz' });
  admin = await t.login('admin@demo.kz');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** The text of a captured email, quoted-printable soft breaks and escapes undone. */
const plain = (data: string) =>
  data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
const tokenOf = (inviteUrl: string) => new URL(inviteUrl).hash.replace('#token=', '');

async function invite(payload: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/v1/admin/invites', cookie: admin, payload });
}

async function accept(token: string, name = 'Новый сотрудник', password = 'strong-password-1') {
  return t.request({ method: 'POST', url: '/api/v1/auth/accept-invite', payload: { token, name, password } });
}

describe('staff invites', () => {
  it('invites an officer by email; the link signs them in with the service and district, and they see the service’s work', async () => {
    const res = await invite({
      email: 'New.Officer@Police.kz',
      role: 'officer',
      services: [{ service: 'migration', district: 'auezov' }],
      locale: 'en',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.inviteUrl).toMatch(/^https:\/\/police\.example\.kz\/accept-invite#token=/);
    expect(body.emailed).toBe(true);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
    const mail = await waitFor(async () => smtp.mails.find((m) => m.to.includes('new.officer@police.kz')), { what: 'invite email' });
    expect(plain(mail.data)).toContain(body.inviteUrl);
    // Only a hash of the token is stored.
    const [row] = await t.db.db.select().from(invites).where(eq(invites.id, body.id));
    expect(row!.tokenHash).not.toContain(tokenOf(body.inviteUrl));

    const accepted = await accept(tokenOf(body.inviteUrl), 'Серик Ахметов');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ email: 'new.officer@police.kz', role: 'officer', name: 'Серик Ахметов', locale: 'en' });
    expect(accepted.json().user.scope).toMatchObject({ districts: ['auezov'], services: ['migration'] });
    const cookie = `dsd_session=${accepted.cookies.find((c) => c.name === 'dsd_session')!.value}`;

    // An instruction routed to the migration service in Auezov reaches the new officer's list.
    const coordinator = await t.login('coordinator@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const decision = await createDecision(t, coordinator, meeting.id, { kind: 'instruction', category: 'migration', title: 'Рейд по адресам' });
    const list = await t.request({ method: 'GET', url: '/api/v1/assignments?service=migration&district=auezov&limit=100', cookie });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.some((a: { decisionId: string }) => a.decisionId === decision.id)).toBe(true);
    // And the password works at the sign-in form.
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'new.officer@police.kz', password: 'strong-password-1' } }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses a used link with 409 and an expired one with 410, creating nothing', async () => {
    const first = (await invite({ email: 'twice@police.kz', role: 'coordinator', districts: ['auezov', 'medeu'] })).json();
    expect((await accept(tokenOf(first.inviteUrl))).statusCode).toBe(200);
    const again = await accept(tokenOf(first.inviteUrl), 'Другой', 'another-password');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVITE_USED');

    const late = (await invite({ email: 'late@police.kz', role: 'service_head', services: [{ service: 'patrol', district: null }] })).json();
    await t.db.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, late.id));
    const expired = await accept(tokenOf(late.inviteUrl));
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('INVITE_EXPIRED');
    expect(await t.db.db.select().from(users).where(eq(users.email, 'late@police.kz'))).toHaveLength(0);

    expect((await accept('not-a-real-token-at-all')).statusCode).toBe(404);
  });

  it('a second invite to the same email replaces the first link', async () => {
    const first = (await invite({ email: 'replaced@police.kz', role: 'admin' })).json();
    const second = (await invite({ email: 'replaced@police.kz', role: 'admin' })).json();
    expect((await accept(tokenOf(first.inviteUrl))).statusCode).toBe(410);
    expect((await accept(tokenOf(second.inviteUrl))).statusCode).toBe(200);
  });

  it('refuses unknown districts, services and organizations, and scopes that do not fit the role, with 400 and no invite', async () => {
    const [before] = await t.db.db.select({ n: sql<number>`count(*)::int` }).from(invites);
    const cases = [
      [{ email: 'a@police.kz', role: 'coordinator', districts: ['atlantis'] }, 'body.districts'],
      [{ email: 'a@police.kz', role: 'officer', services: [{ service: 'space_police', district: 'auezov' }] }, 'body.services'],
      [{ email: 'a@police.kz', role: 'officer', services: [{ service: 'patrol', district: 'atlantis' }] }, 'body.districts'],
      [{ email: 'a@police.kz', role: 'chair', organizationId: '00000000-0000-4000-8000-000000000000' }, 'body.organizationId'],
      [{ email: 'a@police.kz', role: 'coordinator' }, 'body.districts'],
      [{ email: 'a@police.kz', role: 'admin', districts: ['auezov'] }, 'body.districts'],
    ] as const;
    for (const [payload, path] of cases) {
      const res = await invite(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.details[0].path).toBe(path);
    }
    expect((await invite({ email: 'a@police.kz', role: 'resident' })).statusCode).toBe(400);
    expect((await invite({ email: 'coordinator@demo.kz', role: 'admin' })).statusCode).toBe(409);
    const [after] = await t.db.db.select({ n: sql<number>`count(*)::int` }).from(invites);
    expect(after!.n).toBe(before!.n);
  });

  it('is for admins only', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/admin/invites', cookie: coordinator, payload: { email: 'x@police.kz', role: 'admin' } }))
        .statusCode,
    ).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/users' })).statusCode).toBe(401);
  });

  it('invites a chair of an organization', async () => {
    const org = await organizationId(t.db, 'КСК «Таугуль»');
    const res = (await invite({ email: 'chair.taugul@police.kz', role: 'chair', organizationId: org })).json();
    const user = (await accept(tokenOf(res.inviteUrl))).json().user;
    expect(user.role).toBe('chair');
    expect(user.scope.organization).toMatchObject({ id: org, districtSlug: 'auezov' });
  });
});

describe('roles, scopes and deactivation', () => {
  it('lists who holds what, filtered by role', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/admin/users?role=officer&limit=200', cookie: admin });
    expect(res.statusCode).toBe(200);
    const inspector = res.json().items.find((u: { email: string }) => u.email === 'inspector@demo.kz');
    expect(inspector.scope.services).toEqual([{ service: 'district_inspectors', district: 'auezov' }]);
    expect(res.json().items.every((u: { role: string }) => u.role === 'officer')).toBe(true);
  });

  it('changes a role and scope as a whole, audited', async () => {
    const id = await userId(t.db, 'juvenile@demo.kz');
    const res = await t.request({
      method: 'PUT',
      url: `/api/v1/admin/users/${id}/role`,
      cookie: admin,
      payload: { role: 'service_head', services: [{ service: 'juvenile', district: null }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'service_head', scope: { services: [{ service: 'juvenile', district: null }] } });
    const grants = await t.db.db.select().from(roleGrants).where(eq(roleGrants.userId, id));
    expect(grants).toHaveLength(1);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.some((a) => a.action === 'user.role_changed')).toBe(true);
  });

  it('deactivating a user ends their sessions and closes their sockets on every instance; sign-in is refused', async () => {
    const cookie = await t.login('helpers@demo.kz');
    const id = await userId(t.db, 'helpers@demo.kz');
    // A socket on this instance and one on a second instance sharing the Redis: both close.
    const other = await buildApp({ config: t.config, databaseUrl: t.databaseUrl, logger: false });
    const urls = [await t.app.listen({ port: 0, host: '127.0.0.1' }), await other.listen({ port: 0, host: '127.0.0.1' })];
    const sockets = await Promise.all(
      urls.map(
        (url) =>
          new Promise<{ ws: WebSocket; events: number; closed: Promise<number> }>((resolve, reject) => {
            const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
            const live = { ws, events: 0, closed: new Promise<number>((done) => ws.on('close', (code) => done(code))) };
            ws.on('message', (raw) => {
              if (JSON.parse(raw.toString()).type === 'event') live.events++;
            });
            ws.once('open', () => {
              ws.send(JSON.stringify({ type: 'subscribe', channel: 'district:auezov' }));
              resolve(live);
            });
            ws.once('error', reject);
          }),
      ),
    );
    // Both instances hear Redis before the deactivation is published: an event reaches both sockets.
    await waitFor(
      async () => {
        await t.app.events.publish({ channels: ['district:auezov'], event: { kind: 'meeting.updated', id, at: new Date().toISOString() } });
        return sockets.every((s) => s.events > 0);
      },
      { what: 'both instances subscribed', intervalMs: 100 },
    );

    const res = await t.request({ method: 'POST', url: `/api/v1/admin/users/${id}/deactivate`, cookie: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect(await Promise.all(sockets.map((s) => s.closed))).toEqual([SESSION_ENDED_CLOSE, SESSION_ENDED_CLOSE]);
    await other.close();
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie })).statusCode).toBe(401);
    expect(await t.db.db.select().from(sessions).where(eq(sessions.userId, id))).toHaveLength(0);
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'helpers@demo.kz', password: 'demo12345' } });
    expect(login.statusCode).toBe(401);

    expect((await t.request({ method: 'POST', url: `/api/v1/admin/users/${id}/reactivate`, cookie: admin })).json().active).toBe(true);
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'helpers@demo.kz', password: 'demo12345' } })).statusCode,
    ).toBe(200);
  });

  it('never removes the last admin: neither by demotion nor by deactivation', async () => {
    // Earlier tests made more admins; leave exactly one active.
    const admins = await t.db.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.role, 'admin'));
    const self = admins.find((a) => a.email === 'admin@demo.kz')!;
    for (const other of admins.filter((a) => a.id !== self.id)) {
      expect((await t.request({ method: 'POST', url: `/api/v1/admin/users/${other.id}/deactivate`, cookie: admin })).statusCode).toBe(200);
    }
    const demote = await t.request({
      method: 'PUT',
      url: `/api/v1/admin/users/${self.id}/role`,
      cookie: admin,
      payload: { role: 'coordinator', districts: ['auezov'] },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('LAST_ADMIN');
    const deactivate = await t.request({ method: 'POST', url: `/api/v1/admin/users/${self.id}/deactivate`, cookie: admin });
    expect(deactivate.statusCode).toBe(409);
    const [row] = await t.db.db.select().from(users).where(eq(users.id, self.id));
    expect(row).toMatchObject({ role: 'admin', deactivatedAt: null });
  });
});

describe('chairs from self-registration', () => {
  it('a resident asks, the district’s coordinator confirms, and the account becomes the organization’s chair', async () => {
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'future.chair@example.kz', password: 'resident-pass', name: 'Гульнара' },
    });
    const resident = await t.login('future.chair@example.kz', 'resident-pass');
    const org = await organizationId(t.db, 'ОСИ «Аксай-3А»');
    const asked = await t.request({
      method: 'POST',
      url: '/api/v1/chair-requests',
      cookie: resident,
      payload: { organizationId: org, note: 'Избрана на собрании' },
    });
    expect(asked.statusCode).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/v1/chair-requests', cookie: resident, payload: { organizationId: org } })).statusCode).toBe(
      409,
    );

    const coordinator = await t.login('coordinator@demo.kz');
    const list = await t.request({ method: 'GET', url: '/api/v1/chair-requests?district=auezov', cookie: coordinator });
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(asked.json().id);
    const decided = await t.request({
      method: 'POST',
      url: `/api/v1/chair-requests/${asked.json().id}/decision`,
      cookie: coordinator,
      payload: { decision: 'confirm' },
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().status).toBe('confirmed');
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: resident });
    expect(me.json().user).toMatchObject({ role: 'chair', scope: { organization: { id: org } } });
    const twice = await t.request({
      method: 'POST',
      url: `/api/v1/chair-requests/${asked.json().id}/decision`,
      cookie: coordinator,
      payload: { decision: 'reject' },
    });
    expect(twice.statusCode).toBe(409);
  });
});
