import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users } from '@dsd/db/schema/index';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('sign-in', () => {
  it('signs in a demo account with an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'Coordinator@Demo.kz', password: 'demo12345' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'coordinator@demo.kz', role: 'coordinator' });
    expect(res.json().user.scope.districts).toHaveLength(8);
    const cookie = res.cookies.find((c) => c.name === 'dsd_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrong = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'chair@demo.kz', password: 'nope-nope' } });
    const unknown = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ghost@demo.kz', password: 'nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    // The same answer but for the request's own id.
    expect({ ...unknown.json().error, requestId: 'x' }).toEqual({ ...wrong.json().error, requestId: 'x' });
    expect(wrong.cookies).toHaveLength(0);
  });

  it('answers /auth/me with the user and scope, and 401 without a session', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const cookie = await t.login('chair@demo.kz');
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.scope.organization.name).toBe('ПКСК «Дәуір»');
    expect(me.json().user.scope.districts).toEqual(['auezov']);
  });

  it('ends the session on the server at logout, so the old cookie stops working', async () => {
    const cookie = await t.login('resident@demo.kz');
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout', cookie })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie })).statusCode).toBe(401);
  });

  it('ignores a forged or unsigned cookie', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: 'dsd_session=forged-token.bad-signature' });
    expect(res.statusCode).toBe(401);
  });

  it('rotates the session at login: the token held before sign-in is dropped', async () => {
    const first = await t.login('resident@demo.kz');
    const second = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      cookie: first,
      payload: { email: 'resident@demo.kz', password: 'demo12345' },
    });
    expect(second.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: first })).statusCode).toBe(401);
  });
});

describe('registration', () => {
  it('creates a resident with an argon2id hash, who then signs in', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'new.resident@example.kz', password: 'long-enough-1', name: 'Новый житель' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
    expect(res.cookies).toHaveLength(0);
    const [row] = await t.db.db.select({ hash: users.passwordHash, role: users.role }).from(users).where(eq(users.email, 'new.resident@example.kz'));
    expect(row!.hash.startsWith('$argon2id$')).toBe(true);
    expect(row!.role).toBe('resident');
    const cookie = await t.login('new.resident@example.kz', 'long-enough-1');
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie })).json().user.email).toBe('new.resident@example.kz');
  });

  it('answers a known email exactly like a new one, changes nothing of that account and tells its owner instead', async () => {
    const register = (email: string) =>
      t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'long-enough-1', name: 'X' } });
    const fresh = await register('fresh.one@example.kz');
    const known = await register('Chair@demo.kz');
    expect(known.statusCode).toBe(fresh.statusCode);
    expect(known.body).toBe(fresh.body);
    expect(Object.keys(known.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    // The owner's password still works; the registrant's does not.
    await t.login('chair@demo.kz');
    await expect(t.login('chair@demo.kz', 'long-enough-1')).rejects.toThrow(/401/);
    const [owner] = await t.db.sql<{ id: string }[]>`select id from users where email = 'chair@demo.kz'`;
    const notices = await t.db.sql`select payload from outbox where payload->>'event' = 'account.register_attempt'`;
    expect(notices.map((n) => n.payload)).toEqual([{ event: 'account.register_attempt', userId: owner!.id }]);
  });

  it('refuses a short password with 400', async () => {
    const short = await t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'a@b.kz', password: 'short', name: 'X' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('body.password');
  });

  it('expires sessions: an expired cookie is refused, and expired rows are dropped at the next sign-in', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'juvenile@demo.kz', password: 'demo12345' } });
    const cookie = res.cookies.find((c) => c.name === 'dsd_session')!;
    expect(cookie.maxAge).toBe(Math.floor(t.config.sessionTtlMs / 1000));
    const session = `dsd_session=${cookie.value}`;
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: session })).statusCode).toBe(200);
    const [u] = await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, 'juvenile@demo.kz'));
    await t.db.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, u!.id));
    const expired = await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: session });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('UNAUTHENTICATED');
    await t.login('juvenile@demo.kz');
    const left = await t.db.db.select().from(sessions).where(eq(sessions.userId, u!.id));
    expect(left).toHaveLength(1);
    expect(left[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('a password change ends every other session of the account', async () => {
    await t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'pw@example.kz', password: 'first-password', name: 'P' } });
    const a = await t.login('pw@example.kz', 'first-password');
    const b = await t.login('pw@example.kz', 'first-password');
    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: a,
      payload: { currentPassword: 'first-password', newPassword: 'second-password' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: a })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: b })).statusCode).toBe(401);
    const [u] = await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, 'pw@example.kz'));
    expect(await t.db.db.select().from(sessions).where(eq(sessions.userId, u!.id))).toHaveLength(1);
    await expect(t.login('pw@example.kz', 'first-password')).rejects.toThrow();
    await t.login('pw@example.kz', 'second-password');
  });
});
