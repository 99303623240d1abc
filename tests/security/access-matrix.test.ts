import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { userId } from '../support/fixtures.ts';
import type { RegisteredRoute } from '@dsd/server/app';
import { ACCESS_MATRIX, type Answer, type Cell, type CellContext, type RouteRow } from './access-matrix.ts';
import {
  addMatrixAccounts,
  createTarget,
  distinctRoutes,
  PRINCIPALS,
  ROLES,
  SCOPES,
  type MatrixRole,
  type Scope,
  type Target,
} from './access-world.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

let t: TestApp;
const cookies = new Map<MatrixRole, string | undefined>();
const selfIds = new Map<MatrixRole, string | null>();
const sharedTargets = new Map<Scope, Target>();
let otherUserId: string;

async function signInEveryone() {
  for (const role of ROLES) cookies.set(role, role === 'anonymous' ? undefined : await t.login(PRINCIPALS[role]));
}

beforeAll(async () => {
  t = await createTestApp({ WEB_DIST });
  await addMatrixAccounts(t.db);
  await signInEveryone();
  for (const role of ROLES) selfIds.set(role, role === 'anonymous' ? null : await userId(t.db, PRINCIPALS[role]));
  for (const scope of SCOPES) sharedTargets.set(scope, await createTarget(t.db, scope));
  otherUserId = await userId(t.db, 'chair.zhetysu2@demo.kz');
});
let cellsCalled = 0;
afterAll(async () => {
  console.log(`access matrix: ${cellsCalled} cells called over ${ACCESS_MATRIX.length} rows`);
  await t?.close();
});

const isApi = (url: string) => url.startsWith('/api/');

/** The row that governs a registered route: its own row, or for non-API paths the longest matching prefix row. */
function rowFor(method: string, url: string): RouteRow | undefined {
  const exact = ACCESS_MATRIX.find((row) => !row.prefix && row.route === `${method} ${url}`);
  if (exact || isApi(url)) return exact;
  return ACCESS_MATRIX.filter((row) => {
    if (!row.prefix) return false;
    const [rowMethod, rowPath] = row.route.split(' ') as [string, string];
    return (rowMethod === 'ANY' || rowMethod === method) && (url === rowPath || url.startsWith(rowPath.endsWith('/') ? rowPath : `${rowPath}/`));
  }).sort((a, b) => b.route.length - a.route.length)[0];
}

const registered = () => distinctRoutes(t.app);

function expected(cell: Cell, scope: Scope): Answer {
  return typeof cell === 'object' ? cell[scope] : cell;
}

function matches(answer: Answer, status: number): boolean {
  if (answer === 'ok') return status >= 200 && status < 300;
  if (answer === 'reachable') return status >= 200 && status < 400;
  if (answer === 'pass') return status !== 401 && status !== 403;
  return status === answer;
}

describe('access matrix', () => {
  it('has a row for every registered route, and no row for a route that does not exist', () => {
    const routes = registered();
    const missing = routes.filter((r) => !rowFor(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
    expect(missing, 'routes without a row in tests/security/access-matrix.ts').toEqual([]);
    const stale = ACCESS_MATRIX.filter((row) => !routes.some((r) => rowFor(r.method, r.url) === row)).map((row) => row.route);
    expect(stale, 'rows for routes that are not registered').toEqual([]);
    // The web client is built before tests run, so its files are covered too.
    expect(routes.some((r) => rowFor(r.method, r.url)?.route === 'GET /')).toBe(true);
  });

  for (const row of ACCESS_MATRIX) {
    it(`${row.route}: every role in and out of scope`, async () => {
      const urls = row.prefix
        ? registered()
            .filter((r) => rowFor(r.method, r.url) === row)
            .map((r) => ({ method: r.method, url: r.url }))
        : [{ method: row.route.split(' ')[0]!, url: row.route.split(' ')[1]! }];
      const mismatches: string[] = [];
      for (const role of ROLES) {
        for (const scope of row.scoped ? SCOPES : (['in'] as const)) {
          for (const registeredRoute of urls) {
            const target = row.fresh ? await createTarget(t.db, scope) : sharedTargets.get(scope)!;
            const context: CellContext = {
              role,
              scope,
              target,
              selfId: selfIds.get(role)!,
              selfEmail: role === 'anonymous' ? null : PRINCIPALS[role],
              otherUserId,
            };
            const answer = expected(row.expect[role], scope);
            const cookie = row.ownSession && role !== 'anonymous' ? await t.login(PRINCIPALS[role]) : cookies.get(role);
            const status = row.websocket ? await socketStatus(cookie) : await httpStatus(row, context, registeredRoute, cookie);
            cellsCalled++;
            if (!matches(answer, status.code)) {
              mismatches.push(
                `${role} × ${scope} ${registeredRoute.method} ${registeredRoute.url}: expected ${answer}, got ${status.code} ${status.body}`,
              );
            }
          }
        }
      }
      // A password change ends the principal's other sessions too.
      if (row.ownSession) await signInEveryone();
      expect(mismatches).toEqual([]);
    });
  }
});

/** Roles a route's declaration lets past the gate (scope rules may still refuse them, in the service). */
function admits(access: RegisteredRoute['access'], role: MatrixRole): boolean {
  if (access === 'public') return true;
  if (role === 'anonymous') return false;
  return access === 'signedIn' || (access?.includes(role) ?? false);
}

describe('the gate each route declares (sign-in and role, before the body is read)', () => {
  const apiRoutes = () => registered().filter((r) => isApi(r.url));

  it('every API route declares who may call it', () => {
    expect(
      apiRoutes()
        .filter((r) => !r.access)
        .map((r) => `${r.method} ${r.url}`),
    ).toEqual([]);
  });

  it('the matrix agrees with the declarations: a role a route does not admit is refused in every cell', () => {
    const disagreements: string[] = [];
    for (const route of apiRoutes()) {
      const row = rowFor(route.method, route.url);
      if (!row) continue;
      for (const role of ROLES) {
        if (admits(route.access, role)) continue;
        const refusal = role === 'anonymous' ? 401 : 403;
        for (const scope of SCOPES) {
          const answer = expected(row.expect[role], scope);
          if (answer !== refusal) disagreements.push(`${row.route} ${role} × ${scope}: matrix says ${answer}, the route refuses with ${refusal}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses everyone it does not admit with 401 or 403 whatever the body, the params or the query', async () => {
    const mismatches: string[] = [];
    for (const route of apiRoutes().filter((r) => !r.websocket)) {
      const url = route.url.replace(/:[A-Za-z]+/g, () => crypto.randomUUID());
      const bodies = ['GET', 'HEAD'].includes(route.method) ? [undefined] : ['{}', '{"broken":', '[]'];
      for (const role of ROLES) {
        if (admits(route.access, role)) continue;
        const refusal = role === 'anonymous' ? 401 : 403;
        for (const body of bodies) {
          const res = await t.request({
            method: route.method as 'GET',
            url: `${url}?limit=-1&cursor=%00`,
            cookie: cookies.get(role),
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body,
          });
          cellsCalled++;
          if (res.statusCode !== refusal)
            mismatches.push(`${role} ${route.method} ${route.url} ${body ?? ''}: expected ${refusal}, got ${res.statusCode}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

async function httpStatus(row: RouteRow, context: CellContext, route: { method: string; url: string }, cookie: string | undefined) {
  const request = row.request(context, route.url);
  const method = (request.method === 'METHOD' ? route.method : request.method) as 'GET';
  const res = await t.request({ method, url: request.url, payload: request.payload as object | undefined, cookie });
  return { code: res.statusCode, body: res.body.slice(0, 160) };
}

/** Opens the live socket as the principal: 200 when it connects and a public subscription is confirmed. */
async function socketStatus(cookie: string | undefined): Promise<{ code: number; body: string }> {
  if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, { headers: cookie ? { cookie } : {} });
    const timer = setTimeout(() => finish({ code: 504, body: 'no answer' }), 5000);
    const finish = (result: { code: number; body: string }) => {
      clearTimeout(timer);
      ws.terminate();
      resolve(result);
    };
    ws.on('unexpected-response', (_req, res) => finish({ code: res.statusCode ?? 0, body: 'upgrade refused' }));
    ws.on('error', (err) => finish({ code: 0, body: err.message }));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'district:auezov' })));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'subscribed') finish({ code: 200, body: '' });
      else if (message.type === 'error') finish({ code: 403, body: message.code });
    });
  });
}
