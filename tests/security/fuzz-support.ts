import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { RegisteredRoute } from '@dsd/server/app';
import { SESSION_COOKIE } from '@dsd/server/plugins/auth';
import { createTestApp, type TestApp } from '../support/app.ts';
import { ACCESS_MATRIX, type CellRequest } from './access-matrix.ts';
import { addMatrixAccounts, createTarget, distinctRoutes, PRINCIPALS, type Target } from './access-world.ts';

/**
 * Bad inputs derived from each route's zod schemas (via their JSON Schema): missing, extra and wrongly typed
 * fields, boundary values just outside each field's limits, huge and strange strings, bad ids and cursors, bad
 * cookies. The property: never a 5xx, every refusal in the one error shape, and nothing written by a refusal.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  default?: unknown;
}

export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'null\u0000byte',
  '\uD800',
  '😀'.repeat(300),
  '\u202Eelbisivni',
  'Z̸̢̛̛͔̱̝͎a̶l̶g̶o̶',
  "' OR 1=1 --",
  '"; drop table users; --',
  '$(reboot)',
  '../../etc/passwd',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  'NaN',
  '-1',
  '1e309',
  '0x1F',
  'true',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '2026-02-30T25:61:00Z',
  '99999-01-01T00:00:00Z',
  'x'.repeat(70_000),
  'Ä'.repeat(5_000),
];
/** Dates at and just past the ends of the accepted range (2000–2100), and ones PostgreSQL or JavaScript cannot hold. */
export const EDGE_DATES = [
  '2000-01-01T00:00:00Z',
  '2100-12-31T23:59:59.999Z',
  '1999-12-31T23:59:59.999Z',
  '2101-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59-12:00',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '20000-01-01T00:00:00Z',
];
/** Characters no database text holds (NUL) or no encoding carries (lone surrogates), to put inside valid strings. */
export const UNSAFE_CHARACTERS = ['\u0000', '\uD800', '\uDFFF', '\uDBFF\u0000'];
const cursorOf = (at: unknown, id: unknown) => Buffer.from(JSON.stringify({ at, id })).toString('base64url');
/** Cursors shaped like the API's own (base64url JSON of a date and an id), with edge contents. */
export const EDGE_CURSORS = [
  ...EDGE_DATES.map((at) => cursorOf(at, randomUUID())),
  cursorOf('2026-01-01T00:00:00.000Z', '-'.repeat(36)),
  cursorOf('2026-01-01T00:00:00.000Z', `${randomUUID().slice(0, 35)}\u0000`),
  cursorOf('2026-01-01T00:00:00.000Z\u0000', randomUUID()),
  cursorOf(1.7e12, randomUUID()),
  cursorOf(null, null),
  cursorOf({ at: '2026-01-01' }, [randomUUID()]),
  Buffer.from('{"at":"2026-01-01T00:00:00.000Z","id":"').toString('base64url'),
];
export const NASTY_NUMBERS = [-1, 0, -0, 0.5, 1.5, -1e308, 1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), Number.MIN_VALUE];

const anyJson = fc.jsonValue({ maxDepth: 2 });

function toJsonSchema(schema: unknown): JsonSchema | undefined {
  if (!schema) return undefined;
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return undefined;
  }
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  return [schema.type ?? []].flat();
}

/** Values just outside what the schema allows, and values of every other type. */
function badValue(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const edges: unknown[] = [];
  if (schema) {
    const types = typesOf(schema);
    if (schema.maxLength !== undefined) edges.push('y'.repeat(schema.maxLength + 1));
    if (schema.minLength) edges.push('y'.repeat(schema.minLength - 1));
    if (schema.maximum !== undefined) edges.push(schema.maximum + 1, schema.maximum + 0.5);
    if (schema.minimum !== undefined) edges.push(schema.minimum - 1, schema.minimum - 0.5);
    if (schema.maxItems !== undefined) edges.push(Array.from({ length: schema.maxItems + 1 }, () => randomUUID()));
    if (schema.enum) edges.push(...schema.enum.map((v) => `${String(v).toUpperCase()} `), 'unknown_value');
    if (schema.format === 'uuid') edges.push(randomUUID().slice(0, 35), `${randomUUID()}0`, randomUUID().replace(/-/g, ''));
    if (schema.format === 'date-time') edges.push('2026-12-10', '2026-12-10T15:00:00', 'yesterday', '2026-12-10T15:00:00+25:00', ...EDGE_DATES);
    if (types.includes('string')) edges.push(...UNSAFE_CHARACTERS.map((c) => `ok${c}ok`));
    if (schema.format === 'email') edges.push('no-at-sign', '@demo.kz', 'a@', `${'a'.repeat(300)}@demo.kz`);
    if (types.includes('integer')) edges.push(1.25, '12');
    if (types.includes('array')) edges.push([null], [[]], ['x'.repeat(5000)]);
  }
  return fc.oneof(
    { weight: 3, arbitrary: edges.length ? fc.constantFrom(...edges) : fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)) },
    { weight: 1, arbitrary: fc.oneof(fc.array(anyJson, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 })) },
  );
}

type Mutation = (value: Record<string, unknown>) => fc.Arbitrary<unknown>;

/** One to three changes to a valid object: drop a required field, add a stranger, break a field. */
function mutatedObject(base: Record<string, unknown>, schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const properties = schema?.properties ?? {};
  const names = [...new Set([...Object.keys(properties), ...Object.keys(base)])];
  const mutations: Mutation[] = [
    (value) =>
      fc
        .record({ key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id', 'role')), extra: anyJson })
        .map(({ key, extra }) => {
          const copy = { ...value };
          Object.defineProperty(copy, key, { value: extra, enumerable: true, configurable: true, writable: true });
          return copy;
        }),
  ];
  const strings = Object.keys(base).filter((name) => typeof base[name] === 'string');
  if (strings.length > 0) {
    // A valid value with one unsafe character somewhere inside: the only thing wrong with the request.
    mutations.push((value) =>
      fc.record({ name: fc.constantFrom(...strings), bad: fc.constantFrom(...UNSAFE_CHARACTERS), at: fc.nat() }).map(({ name, bad, at }) => {
        const current = value[name];
        const valid = typeof current === 'string' ? current : String(base[name]);
        const i = at % (valid.length + 1);
        return { ...value, [name]: `${valid.slice(0, i)}${bad}${valid.slice(i)}` };
      }),
    );
  }
  if (names.length > 0) {
    mutations.push(
      (value) =>
        fc.constantFrom(...names).map((name) => {
          const { [name]: _dropped, ...rest } = value;
          return rest;
        }),
      (value) => fc.constantFrom(...names).chain((name) => badValue(properties[name]).map((bad) => ({ ...value, [name]: bad }))),
    );
  }
  const step = (value: Record<string, unknown>) => fc.oneof(...mutations.map((m) => m(value)));
  return fc.oneof(
    { weight: 6, arbitrary: step(base) },
    { weight: 3, arbitrary: step(base).chain((once) => (isObject(once) ? step(once) : fc.constant(once))) },
    { weight: 1, arbitrary: fc.oneof(anyJson, fc.constant(undefined), fc.constantFrom(...NASTY_STRINGS)) },
  );
}

/** Lone surrogates cannot be percent-encoded; they become U+FFFD as a browser would send them. */
function encodePathSegment(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface FuzzCase {
  actor: 'admin' | 'coordinator' | 'resident' | 'anonymous' | 'forged';
  url: string;
  query?: Record<string, unknown>;
  payload?: unknown;
  rawBody?: string;
}

/** A valid request for the route (from the access matrix, as admin on in-scope records), taken apart. */
function baseRequest(route: RegisteredRoute, target: Target): { params: Record<string, string>; query: Record<string, string>; body: unknown } {
  const row = ACCESS_MATRIX.find((r) => r.route === `${route.method} ${route.url}`);
  const request: CellRequest = row
    ? row.request({ role: 'admin', scope: 'in', target, selfId: null, selfEmail: 'fuzz@matrix.test', otherUserId: randomUUID() }, route.url)
    : { method: route.method, url: route.url };
  // A valid password change would end the fuzzer's own sessions: the base case is one with a wrong current password.
  if (route.url === '/api/v1/auth/password') request.payload = { currentPassword: 'not-the-password', newPassword: 'a-new-password-1' };
  const [path, search] = request.url.split('?') as [string, string | undefined];
  const params: Record<string, string> = {};
  const patternParts = route.url.split('/');
  path.split('/').forEach((part, i) => {
    const name = patternParts[i];
    if (name?.startsWith(':')) params[name.slice(1)] = decodeURIComponent(part);
  });
  return { params, query: Object.fromEntries(new URLSearchParams(search ?? '')), body: request.payload };
}

export function caseArbitrary(route: RegisteredRoute, target: Target): fc.Arbitrary<FuzzCase> {
  const base = baseRequest(route, target);
  const paramsSchema = toJsonSchema(route.schema.params);
  const querySchema = toJsonSchema(route.schema.querystring);
  const bodySchema = toJsonSchema(route.schema.body);

  const paramNames = Object.keys(base.params);
  const params = paramNames.length
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constant(base.params) },
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(...paramNames)
            .chain((name) =>
              fc
                .oneof(badValue(paramsSchema?.properties?.[name]), fc.uuid().map(String))
                .map((bad) => ({ ...base.params, [name]: typeof bad === 'string' ? bad : (JSON.stringify(bad) ?? 'undefined') })),
            ),
        },
      )
    : fc.constant(base.params);

  const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  const stringify = (v: unknown): unknown => (Array.isArray(v) ? v.map(text) : text(v));
  const query = fc.oneof(
    { weight: 1, arbitrary: fc.constant(base.query as Record<string, unknown>) },
    {
      weight: 3,
      arbitrary: mutatedObject(base.query, querySchema).map((q) =>
        isObject(q) ? Object.fromEntries(Object.entries(q).map(([k, v]) => [k, stringify(v)])) : { q: stringify(q) },
      ),
    },
    // Bad paging cursors on every list.
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(...EDGE_CURSORS), fc.base64String({ maxLength: 60 }))
        .map((cursor) => ({ ...base.query, cursor })),
    },
  );

  const hasBody = !['GET', 'HEAD'].includes(route.method);
  const body = hasBody
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constant(base.body) },
        { weight: 6, arbitrary: isObject(base.body) || bodySchema ? mutatedObject(isObject(base.body) ? base.body : {}, bodySchema) : anyJson },
      )
    : fc.constant(undefined);

  return fc
    .record({
      actor: fc.constantFrom('admin', 'admin', 'admin', 'coordinator', 'resident', 'anonymous', 'forged'),
      params,
      query,
      payload: body,
      broken: fc.oneof(
        { weight: 19, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('{"a":', '[1,2', '\u0000', 'null') },
      ),
    })
    .map(({ actor, params: p, query: q, payload, broken }) => ({
      actor: actor as FuzzCase['actor'],
      url: route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodePathSegment(p[name] ?? '')),
      query: q,
      payload,
      rawBody: hasBody ? broken : undefined,
    }));
}

/** A digest of every table a request could write (sessions without their last-seen stamp). */
export async function databaseDigest(t: TestApp): Promise<string> {
  const [row] = await t.db.sql<{ digest: string }[]>`
    select md5(concat_ws('|',
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from users x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from role_grants x),
      (select md5(coalesce(string_agg(token_hash || user_id || expires_at, ',' order by token_hash), '')) from sessions),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from meetings x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from meeting_attendees x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from proposals x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from supports x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from decisions x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from decision_proposals x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from assignments x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from updates x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from notifications x),
      (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from follows x),
      (select count(*) || ':' || coalesce(max(id), 0) from audit_log),
      (select count(*) || ':' || coalesce(max(id), 0) from outbox)
    )) as digest`;
  return row!.digest;
}

export interface FuzzWorld {
  target: Target;
  cookies: Record<'admin' | 'coordinator' | 'resident', string>;
}

export async function prepareFuzzWorld(t: TestApp): Promise<FuzzWorld> {
  await addMatrixAccounts(t.db);
  return {
    target: await createTarget(t.db, 'in'),
    cookies: {
      admin: await t.login(PRINCIPALS.admin),
      coordinator: await t.login(PRINCIPALS.coordinator),
      resident: await t.login(PRINCIPALS.resident),
    },
  };
}

/** API routes the fuzzer drives (the live socket is exercised by its own tests). */
export function fuzzableRoutes(t: TestApp): RegisteredRoute[] {
  return distinctRoutes(t.app).filter((r) => r.url.startsWith('/api/') && !r.websocket);
}

/** Sessions a case must not end: logout and password changes run as anonymous or with a forged cookie. */
export function actorFor(route: RegisteredRoute, actor: FuzzCase['actor']): FuzzCase['actor'] {
  const endsSession = route.url === '/api/v1/auth/logout' || route.url === '/api/v1/auth/login';
  return endsSession && actor !== 'anonymous' ? 'forged' : actor;
}

export const CASES_PER_ROUTE = 240;

/**
 * Runs the property over every other API route (part 0 or 1), so two test files share the work. The app is built
 * while the file is collected, so each route is its own named test.
 */
export async function fuzzRoutes(part: 0 | 1) {
  const t = await createTestApp();
  const allRoutes = fuzzableRoutes(t);
  let world: FuzzWorld;
  let digest: string;
  const statuses = new Map<number, number>();
  const forgedCookie = () => `${SESSION_COOKIE}=${randomUUID()}.${randomUUID().replace(/-/g, '')}`;

  beforeAll(async () => {
    world = await prepareFuzzWorld(t);
    digest = await databaseDigest(t);
  });
  afterAll(async () => {
    const tally = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    console.log(`fuzz part ${part}: ${[...statuses.values()].reduce((a, b) => a + b, 0)} cases; ${tally.join(' ')}`);
    await t.close();
  });

  it('plans at least 10,000 cases over all API routes', () => {
    expect(allRoutes.length).toBeGreaterThan(40);
    expect(allRoutes.length * CASES_PER_ROUTE).toBeGreaterThanOrEqual(10_000);
  });

  for (const route of allRoutes.filter((_, index) => index % 2 === part)) {
    it(`${route.method} ${route.url}: never a 5xx, always the error shape, nothing written by a refusal`, async () => {
      await fc.assert(
        fc.asyncProperty(caseArbitrary(route, world.target), async (c) => {
          const actor = actorFor(route, c.actor);
          const cookie = actor === 'anonymous' ? undefined : actor === 'forged' ? forgedCookie() : world.cookies[actor];
          const headers: Record<string, string> = cookie ? { cookie } : {};
          const options: InjectOptions = { method: route.method as 'GET', url: c.url, query: c.query as Record<string, string>, headers };
          if (c.rawBody !== undefined) {
            options.body = c.rawBody;
            headers['content-type'] = 'application/json';
          } else if (c.payload !== undefined) {
            options.payload = c.payload as object;
          }
          const res = await t.app.inject(options);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const label = `${route.method} ${route.url} as ${actor} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, label).toBeLessThan(500);
          const after = await databaseDigest(t);
          if (res.statusCode >= 400) {
            const body = res.json();
            expect(typeof body?.error?.code, label).toBe('string');
            expect(body.error.code, label).toMatch(/^[A-Z][A-Z_]+$/);
            expect(typeof body.error.message, label).toBe('string');
            expect(after, `${label}: a refused request changed the database`).toBe(digest);
          }
          digest = after;
        }),
        { numRuns: CASES_PER_ROUTE },
      );
    });
  }
}
