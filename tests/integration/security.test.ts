import { sealAllAudit } from '@dsd/db/audit-chain';
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dsd/server/config/env';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createDecision, heldMeeting } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { startTestWorker } from '../support/worker.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '5', RATE_LIMIT_WRITES_PER_MINUTE: '1000' });
});
afterAll(async () => t?.close());

describe('cross-site request forgery', () => {
  it('refuses a cookie-authenticated write from another site and allows the same site', async () => {
    const cookie = await t.login('resident@demo.kz');
    const body = { districtSlug: 'auezov', category: 'lighting', title: 'Фонари', body: 'Темно' };
    const forged = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie,
      payload: body,
      headers: { origin: 'https://evil.example', host: 'localhost:3000' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_REJECTED');
    const fetchSite = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie,
      payload: body,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchSite.statusCode).toBe(403);
    const same = await t.request({
      method: 'POST',
      url: '/api/v1/proposals',
      cookie,
      payload: body,
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000' },
    });
    expect(same.statusCode).toBe(201);
  });
});

describe('cross-site WebSocket hijacking', () => {
  it('refuses a live socket opened from another site’s page, with or without a session', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address.replace('http', 'ws')}/api/v1/live`;
    const cookie = await t.login('inspector@demo.kz');
    const handshake = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('error', () => resolve(0));
      });
    expect(await handshake({ cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await handshake({ origin: 'https://evil.example' })).toBe(403);
    expect(await handshake({ cookie, origin: address })).toBe(101);
    expect(await handshake({})).toBe(101);
  });
});

describe('rate limits', () => {
  it('stops password guessing on one account with 429 and Retry-After', async () => {
    const codes: number[] = [];
    let last: Awaited<ReturnType<TestApp['request']>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'head@demo.kz', password: `guess-${i}` } });
      codes.push(last.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    expect(last!.headers['retry-after']).toBeDefined();
    expect(last!.json().error.code).toBe('RATE_LIMITED');
  });
});

describe('rate limits per address', () => {
  it('stops guessing across many accounts from one IP, while another IP still signs in', async () => {
    // Behind a trusted proxy on loopback (where injected requests come from), the forwarded address is the client's.
    const perIp = await createTestApp(
      { RATE_LIMIT_LOGIN_PER_MINUTE: '1000', RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '4', TRUST_PROXY: '127.0.0.1' },
      t.databaseUrl,
    );
    try {
      const attempt = (email: string, ip: string, password = 'wrong-password') =>
        perIp.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'x-forwarded-for': ip } });
      const accounts = ['a@demo.kz', 'b@demo.kz', 'c@demo.kz', 'd@demo.kz', 'e@demo.kz'];
      const codes = [];
      for (const email of accounts) codes.push((await attempt(email, '203.0.113.7')).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 429]);
      const blocked = await attempt('resident@demo.kz', '203.0.113.7', 'demo12345');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
      expect(blocked.json().error.code).toBe('RATE_LIMITED');
      expect((await attempt('resident@demo.kz', '198.51.100.9', 'demo12345')).statusCode).toBe(200);
    } finally {
      await perIp.close();
    }
  });
});

describe('account lockout', () => {
  it('wrong passwords from other addresses do not lock the owner out; a slower limit holds the account across addresses', async () => {
    const app = await createTestApp(
      {
        RATE_LIMIT_LOGIN_PER_MINUTE: '3',
        RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_HOUR: '8',
        RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '1000',
        TRUST_PROXY: 'loopback',
      },
      t.databaseUrl,
    );
    try {
      const attempt = (ip: string, password = 'wrong-password') =>
        app.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'video@demo.kz', password }, headers: { 'x-forwarded-for': ip } });
      const fromAttacker = [];
      for (let i = 0; i < 4; i++) fromAttacker.push((await attempt('203.0.113.66')).statusCode);
      expect(fromAttacker).toEqual([401, 401, 401, 429]);
      expect((await attempt('198.51.100.20', 'demo12345')).statusCode).toBe(200);
      // Guesses spread over many addresses: the account's hourly budget (8, five already spent) runs out.
      const spread = [];
      for (let i = 0; i < 5; i++) spread.push((await attempt(`192.0.2.${i + 1}`)).statusCode);
      expect(spread).toEqual([401, 401, 401, 429, 429]);
      const held = await attempt('192.0.2.200');
      expect(held.statusCode).toBe(429);
      expect(held.json().error.message).toMatch(/this account/);
    } finally {
      await app.close();
    }
  });
});

describe('forwarded addresses', () => {
  const spoofedLogins = async (app: TestApp, n: number) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await app.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `nobody-${i}@demo.kz`, password: 'wrong-password' },
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      codes.push(res.statusCode);
    }
    return codes;
  };

  it('trusts no proxy by default: a forged X-Forwarded-For neither lifts the per-address limit nor lands in sessions.ip', async () => {
    const direct = await createTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '1000', RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '3' }, t.databaseUrl);
    try {
      expect(await spoofedLogins(direct, 5)).toEqual([401, 401, 401, 429, 429]);
      const other = await createTestApp({}, t.databaseUrl);
      try {
        const signedIn = await other.request({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'juvenile@demo.kz', password: 'demo12345' },
          headers: { 'x-forwarded-for': '203.0.113.250' },
        });
        expect(signedIn.statusCode).toBe(200);
        const ips = await t.db.sql<{ ip: string }[]>`
          select s.ip from sessions s join users u on u.id = s.user_id where u.email = 'juvenile@demo.kz'`;
        expect(ips.map((r) => r.ip)).not.toContain('203.0.113.250');
        expect(ips.map((r) => r.ip)).toContain('127.0.0.1');
      } finally {
        await other.close();
      }
    } finally {
      await direct.close();
    }
  });

  it('believes X-Forwarded-For only from the configured proxies, by address or by hop count', async () => {
    const behindProxy = await createTestApp(
      { RATE_LIMIT_LOGIN_PER_MINUTE: '1000', RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.0/8' },
      t.databaseUrl,
    );
    const otherProxy = await createTestApp(
      { RATE_LIMIT_LOGIN_PER_MINUTE: '1000', RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '3', TRUST_PROXY: '10.0.0.1' },
      t.databaseUrl,
    );
    const oneHop = await createTestApp(
      { RATE_LIMIT_LOGIN_PER_MINUTE: '1000', RATE_LIMIT_LOGIN_PER_IP_PER_MINUTE: '3', TRUST_PROXY: '1' },
      t.databaseUrl,
    );
    try {
      expect(await spoofedLogins(behindProxy, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(await spoofedLogins(oneHop, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(await spoofedLogins(otherProxy, 5)).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await behindProxy.close();
      await otherProxy.close();
      await oneHop.close();
    }
  });

  it('reads TRUST_PROXY as a hop count or addresses, and refuses "trust everyone"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.1/40' })).toThrow(/TRUST_PROXY/);
  });
});

describe('rate limits across instances', () => {
  it('counts proposals, supports and registrations in Redis, so a second API instance does not reset the budget', async () => {
    const shared = { RATE_LIMIT_WRITES_PER_MINUTE: '3', RATE_LIMIT_LOGIN_PER_MINUTE: '6', REDIS_PREFIX: `t${Date.now().toString(36)}rl` };
    const a = await createTestApp(shared, t.databaseUrl);
    const b = await createTestApp(shared, t.databaseUrl);
    try {
      const resident = await a.login('resident@demo.kz');
      const propose = (app: TestApp, n: number) =>
        app.request({
          method: 'POST',
          url: '/api/v1/proposals',
          cookie: resident,
          payload: { districtSlug: 'medeu', category: 'lighting', title: `Фонарь ${n}`, body: 'Темно' },
        });
      expect((await propose(a, 1)).statusCode).toBe(201);
      expect((await propose(b, 2)).statusCode).toBe(201);
      const third = await propose(a, 3);
      expect(third.statusCode).toBe(201);
      const fourth = await propose(b, 4);
      expect(fourth.statusCode).toBe(429);
      expect(fourth.headers['retry-after']).toBeDefined();
      // Supports have a budget of their own per writer, shared by both instances the same way.
      const chair = await b.login('chair@demo.kz');
      const url = `/api/v1/proposals/${third.json().id}/support`;
      const supports = [];
      for (let n = 0; n < 4; n++) supports.push((await (n % 2 ? a : b).request({ method: 'POST', url, cookie: chair })).statusCode);
      expect(supports).toEqual([200, 200, 200, 429]);

      const register = (app: TestApp, n: number) =>
        app.request({
          method: 'POST',
          url: '/api/v1/auth/register',
          payload: { email: `flood-${n}@example.kz`, password: 'long-enough-1', name: 'Бот' },
          headers: { 'x-forwarded-for': '192.0.2.44' },
        });
      const codes = [];
      for (let n = 0; n < 4; n++) codes.push((await register(n % 2 ? a : b, n)).statusCode);
      expect(codes).toEqual([202, 202, 202, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('caching of personal answers', () => {
  it('every signed-in API answer and every /auth answer says Cache-Control: no-store; public ones and web files do not', async () => {
    const cookie = await t.login('narcotics@demo.kz');
    const personal = [
      '/api/v1/auth/me',
      '/api/v1/decisions?district=auezov',
      '/api/v1/assignments?mine=true',
      '/api/v1/notifications',
      '/api/v1/nothing',
    ];
    for (const url of personal) expect((await t.request({ method: 'GET', url, cookie })).headers['cache-control'], url).toBe('no-store');
    for (const payload of [
      { email: 'narcotics@demo.kz', password: 'wrong-password' },
      { email: 'narcotics@demo.kz', password: 'demo12345' },
    ]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me' })).headers['cache-control']).toBe('no-store');
    expect((await t.request({ method: 'GET', url: '/api/v1/districts' })).headers['cache-control']).not.toBe('no-store');
  });
});

describe('headers', () => {
  it('sends a content security policy and the usual hardening headers', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/districts' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The test app is not behind TLS: no upgrade of requests and no HSTS, which would break plain-HTTP set-ups.
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind TLS in production, tells browsers to upgrade requests and remember HTTPS', async () => {
    const tls = await createTestApp({ COOKIE_SECURE: 'true' }, t.databaseUrl);
    try {
      const res = await tls.request({ method: 'GET', url: '/api/v1/districts' });
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
      const login = await tls.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'resident@demo.kz', password: 'demo12345' } });
      expect(login.headers['set-cookie']).toMatch(/HttpOnly/);
      expect(login.headers['set-cookie']).toMatch(/Secure/);
      expect(login.headers['set-cookie']).toMatch(/SameSite=Lax/);
    } finally {
      await tls.close();
    }
  });
});

describe('audit log', () => {
  it('verifies the sealed chain, reports what awaits the sequencer, refuses rewrites and detects a row edited behind its back', async () => {
    const admin = await t.login('admin@demo.kz');
    const coordinator = await t.login('coordinator@demo.kz');
    await sealAllAudit(t.db.db);
    const sealedBefore = (await t.request({ method: 'GET', url: '/api/v1/audit/head' })).json();
    await t.request({
      method: 'POST',
      url: '/api/v1/meetings',
      cookie: coordinator,
      payload: { districtSlug: 'almaly', title: 'Проверка журнала', startsAt: '2026-12-01T10:00:00Z', format: 'online', place: 'Zoom' },
    });
    // Written in the change's transaction, not yet sealed: verify says so, and the public head has not moved.
    const waiting = await t.request({ method: 'GET', url: '/api/v1/audit/verify', cookie: admin });
    expect(waiting.json()).toMatchObject({ ok: true, checked: sealedBefore.size, sealingLate: false });
    expect(waiting.json().pending).toBeGreaterThanOrEqual(1);
    expect(waiting.json().oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    const list = await t.request({ method: 'GET', url: '/api/v1/audit?entityType=meeting', cookie: admin });
    expect(list.json().items[0]).toMatchObject({ action: 'meeting.created', entityType: 'meeting', seq: null, hash: null });

    await sealAllAudit(t.db.db);
    const ok = await t.request({ method: 'GET', url: '/api/v1/audit/verify', cookie: admin });
    expect(ok.json()).toMatchObject({ ok: true, pending: 0, oldestPendingAt: null });
    expect(ok.json().checked).toBeGreaterThan(sealedBefore.size);
    const head = (await t.request({ method: 'GET', url: '/api/v1/audit/head' })).json();
    expect(head).toMatchObject({ size: ok.json().checked, hash: expect.stringMatching(/^[0-9a-f]{64}$/), maxSealDelayMs: expect.any(Number) });
    expect(head.hash).not.toBe(sealedBefore.hash);
    expect((await t.request({ method: 'GET', url: '/api/v1/audit/verify', cookie: await t.login('resident@demo.kz') })).statusCode).toBe(403);

    // Sealed rows are never rewritten, not even their hash; new rows cannot arrive pre-sealed.
    await expect(t.db.sql`update audit_log set action = 'forged' where seq = 2`).rejects.toThrow(/append-only/);
    await expect(t.db.sql`update audit_log set hash = repeat('0', 64) where seq = 2`).rejects.toThrow(/append-only/);
    await expect(t.db.sql`delete from audit_log where seq = 2`).rejects.toThrow(/append-only/);
    await expect(
      t.db.sql`insert into audit_log (at, action, entity_type, entity_id, seq, prev_hash, hash, sealed_at)
               values (now(), 'forged', 'x', 'x', 999999, 'a', 'b', now())`,
    ).rejects.toThrow(/unsealed/);

    await t.db.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await t.db.db.execute(sql`update audit_log set after = '{"title":"forged"}'::jsonb where seq = (select max(seq) from audit_log)`);
    await t.db.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const broken = await t.request({ method: 'GET', url: '/api/v1/audit/verify', cookie: admin });
    expect(broken.json()).toMatchObject({ ok: false, brokenAt: { reason: 'hash_mismatch' } });
  });
});

describe('notifications belong to their user', () => {
  it('nobody lists, counts or marks read another user’s notifications, even knowing their ids', async () => {
    const [chair] = await t.db.sql`select id from users where email = 'chair.zhetysu2@demo.kz'`;
    const [note] = await t.db.sql`
      insert into notifications (user_id, dedupe_key, kind, title, body)
      values (${chair!.id}, 'security-test', 'proposal.status', 'Статус изменён', 'Только для председателя')
      returning id`;
    const resident = await t.login('resident@demo.kz');
    const listed = await t.request({ method: 'GET', url: '/api/v1/notifications?limit=100', cookie: resident });
    expect(listed.body).not.toContain(note!.id);
    await t.request({ method: 'POST', url: '/api/v1/notifications/read', cookie: resident, payload: { ids: [note!.id] } });
    const [after] = await t.db.sql`select read_at from notifications where id = ${note!.id}`;
    expect(after!.read_at).toBeNull();
    const owner = await t.login('chair.zhetysu2@demo.kz');
    expect((await t.request({ method: 'GET', url: '/api/v1/notifications/unread-count', cookie: owner })).json().unread).toBeGreaterThanOrEqual(1);
    expect((await t.request({ method: 'GET', url: '/api/v1/notifications?limit=100', cookie: owner })).body).toContain(note!.id);
  });
});

describe('audit of sessions', () => {
  it('records sign-in and sign-out in the chain with who and role, and refused sign-ins not at all', async () => {
    await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'patrol@demo.kz', password: 'wrong-password' } });
    const cookie = await t.login('patrol@demo.kz');
    const me = (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie })).json().user;
    await t.request({ method: 'POST', url: '/api/v1/auth/logout', cookie });
    const rows = (await t.request({ method: 'GET', url: `/api/v1/audit?entityId=${me.id}`, cookie: await t.login('admin@demo.kz') })).json().items;
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['user.signed_out', 'user.signed_in']);
    expect(rows[0]).toMatchObject({ actorId: me.id, actorRole: 'officer' });
  });
});

describe('configuration', () => {
  it('refuses to start in production without secrets, and never seeds demo accounts there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://a@b/c', DEMO_DATA: 'true' })).toThrow(
      /DEMO_DATA/,
    );
    const prod = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://a@b/c' });
    expect(prod.demoData).toBe(false);
    expect(prod.cookieSecure).toBe(true);
  });
});

describe('moderation', () => {
  it('a coordinator hides a proposal with a reason: it leaves public lists and pages, the author still sees it, and it is audited', async () => {
    const resident = await t.login('resident@demo.kz');
    const coordinator = await t.login('coordinator@demo.kz');
    const created = (
      await t.request({
        method: 'POST',
        url: '/api/v1/proposals',
        cookie: resident,
        payload: { districtSlug: 'zhetysu', category: 'other', title: 'Оскорбительный текст', body: '…' },
      })
    ).json();
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/proposals/${created.id}/moderation`, cookie: coordinator, payload: { hidden: true } }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await t.request({
          method: 'POST',
          url: `/api/v1/proposals/${created.id}/moderation`,
          cookie: resident,
          payload: { hidden: true, reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const hidden = await t.request({
      method: 'POST',
      url: `/api/v1/proposals/${created.id}/moderation`,
      cookie: coordinator,
      payload: { hidden: true, reason: 'Нарушение правил' },
    });
    expect(hidden.json()).toMatchObject({ hidden: true, hiddenReason: 'Нарушение правил' });
    expect((await t.request({ method: 'GET', url: `/api/v1/proposals/${created.id}` })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/proposals?district=zhetysu&limit=100' })).body).not.toContain(created.id);
    const own = await t.request({ method: 'GET', url: `/api/v1/proposals/${created.id}`, cookie: resident });
    expect(own.json()).toMatchObject({ hidden: true, hiddenReason: 'Нарушение правил' });
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entityId=${created.id}&action=proposal.hidden`,
      cookie: await t.login('admin@demo.kz'),
    });
    expect(audit.json().items).toHaveLength(1);
  });
});

describe('moderation of timeline entries', () => {
  it('a coordinator hides an officer’s public note: it leaves every public timeline and feed, the author is told why, it is audited', async () => {
    const coordinator = await t.login('coordinator@demo.kz');
    const inspector = await t.login('inspector@demo.kz');
    const meeting = await heldMeeting(t, coordinator);
    const decision = await createDecision(t, coordinator, meeting.id, {
      kind: 'instruction',
      category: 'foot_patrol',
      title: 'Вечерние обходы дворов',
      services: ['district_inspectors'],
    });
    const assignmentId = decision.assignments[0].id;
    const worker = await startTestWorker(t);
    try {
      let version = (
        await waitFor(
          async () => {
            const a = (await t.request({ method: 'GET', url: `/api/v1/assignments/${assignmentId}`, cookie: inspector })).json();
            return a.status === 'dispatched' ? a : undefined;
          },
          { what: 'dispatch' },
        )
      ).version;
      for (const to of ['accepted', 'in_progress']) {
        version = (
          await t.request({ method: 'POST', url: `/api/v1/assignments/${assignmentId}/transition`, cookie: inspector, payload: { to, version } })
        ).json().version;
      }
      const SLIP = 'Обход: жалоба от Иванова из кв. 12';
      const noted = await t.request({
        method: 'POST',
        url: `/api/v1/assignments/${assignmentId}/updates`,
        cookie: inspector,
        payload: { note: SLIP },
      });
      expect(noted.statusCode).toBe(201);
      const entry = noted.json().timeline.find((e: { note: string | null }) => e.note === SLIP);
      const publicViews = [`/api/v1/decisions/${decision.id}`, `/api/v1/assignments/${assignmentId}`, '/api/v1/updates?district=auezov&limit=50'];
      for (const url of publicViews) expect((await t.request({ method: 'GET', url })).body).toContain(SLIP);

      const url = `/api/v1/updates/${entry.id}/moderation`;
      expect((await t.request({ method: 'POST', url, cookie: coordinator, payload: { hidden: true } })).statusCode).toBe(400);
      expect((await t.request({ method: 'POST', url, cookie: inspector, payload: { hidden: true, reason: 'x' } })).statusCode).toBe(403);
      const hidden = await t.request({
        method: 'POST',
        url,
        cookie: coordinator,
        payload: { hidden: true, reason: 'Фамилия жителя в открытой записи' },
      });
      expect(hidden.json()).toMatchObject({ hidden: true, hiddenReason: 'Фамилия жителя в открытой записи' });

      for (const viewer of [undefined, await t.login('resident@demo.kz'), await t.login('video@demo.kz')]) {
        for (const page of publicViews) expect((await t.request({ method: 'GET', url: page, cookie: viewer })).body).not.toContain(SLIP);
      }
      const own = (await t.request({ method: 'GET', url: `/api/v1/assignments/${assignmentId}`, cookie: inspector })).json();
      expect(own.timeline.find((e: { id: string }) => e.id === entry.id)).toMatchObject({
        hidden: true,
        hiddenReason: 'Фамилия жителя в открытой записи',
      });
      const told = await waitFor(
        async () =>
          (await t.request({ method: 'GET', url: '/api/v1/notifications', cookie: inspector }))
            .json()
            .items.find((n: { kind: string }) => n.kind === 'update.hidden'),
        { what: 'the author told' },
      );
      expect(told.body).toContain('Фамилия жителя в открытой записи');
      const audit = await t.request({ method: 'GET', url: `/api/v1/audit?entityId=${entry.id}`, cookie: await t.login('admin@demo.kz') });
      expect(audit.json().items.map((r: { action: string }) => r.action)).toEqual(['update.hidden']);

      const shown = await t.request({ method: 'POST', url, cookie: coordinator, payload: { hidden: false } });
      expect(shown.json()).toMatchObject({ hidden: false, hiddenReason: null });
      expect((await t.request({ method: 'GET', url: `/api/v1/decisions/${decision.id}` })).body).toContain(SLIP);
    } finally {
      await worker.close();
    }
  });
});
