import { createHash } from 'node:crypto';
import type { FastifyError, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DateTimeInput } from '@dsd/shared/dates';
import type { Category, Locale } from '@dsd/shared/enums';
import { OPEN311_STATUSES } from '@dsd/shared/open311';
import { driverOf } from '../../lib/sql-text.ts';
import { toErrorReply } from '../../plugins/errors.ts';
import type { App } from '../../lib/route-types.ts';
import { baseUrlOf } from '../calendar/routes.ts';
import { sendOpen311, sendOpen311Error, type Open311Format } from './format.ts';
import { createOpen311Keys } from './keys.ts';
import { createOpen311Service, Open311Error } from './service.ts';

/** Reports per key per minute: a partner app's users, not a script flooding the coordinators' review queue. */
const POSTS_PER_KEY_PER_MINUTE = 30;
const JURISDICTION = 'almaty';
const CHANGESET = '2026-11-26T00:00:00Z';

const Format = z.object({ format: z.enum(['json', 'xml']) });
const formatOf = (request: FastifyRequest): Open311Format => (/\.xml(\?|$)/.test(request.url) ? 'xml' : 'json');
const localeOf = (request: FastifyRequest): Locale => {
  const tag = request.headers['accept-language']?.slice(0, 2).toLowerCase();
  return tag === 'kk' || tag === 'en' ? tag : 'ru';
};
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean) ?? [];

const Jurisdiction = { jurisdiction_id: z.string().max(100).optional() };
const RequestsQuery = z.object({
  ...Jurisdiction,
  service_request_id: z.string().max(4000).optional(),
  service_code: z.string().max(500).optional(),
  status: z.string().max(50).optional(),
  start_date: DateTimeInput.optional(),
  end_date: DateTimeInput.optional(),
});

/** A POSTed report, form-encoded as the spec says (or JSON); the personal fields are accepted and never stored. */
const PostBody = z.object({
  api_key: z.string().max(200).optional(),
  jurisdiction_id: z.string().max(100).optional(),
  service_code: z.string().max(100).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().trim().max(300).optional(),
  description: z.string().trim().max(4000).optional(),
  district: z.string().max(64).optional(),
});

function checkJurisdiction(id: string | undefined) {
  if (id !== undefined && id !== JURISDICTION)
    throw new Open311Error(404, `jurisdiction_id ${id} was not found; this endpoint serves ${JURISDICTION}`);
}

/** Open311 GeoReport v2 over the public proposals, at /open311/v2 (outside /api/v1: its own formats and errors). */
export default async function open311Routes(app: App) {
  const sql = driverOf(app.db);
  const keys = createOpen311Keys({ db: app.db, events: app.events });
  const open311 = createOpen311Service({ db: app.db, sql, proposals: app.services.proposals });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const params = new URLSearchParams(body as string);
    const parsed: Record<string, string> = {};
    for (const [key, value] of params) parsed[key] = value;
    done(null, parsed);
  });

  // Every failure here, ours or the framework's, in the spec's shape and the format the client asked for.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Open311Error) return sendOpen311Error(reply, formatOf(request), error.statusCode, error.message);
    const shaped = toErrorReply(error);
    if (shaped.statusCode >= 500) request.log.error({ err: error }, 'open311 request failed');
    const details = Array.isArray(shaped.details) ? (shaped.details as Array<{ path: string; message: string }>) : [];
    const description = details.length
      ? details.map((d) => `${d.path.replace(/^(querystring|body|params)\./, '')}: ${d.message}`).join('; ')
      : shaped.message;
    return sendOpen311Error(reply, formatOf(request), shaped.statusCode, description);
  });
  app.setNotFoundHandler((request, reply) => sendOpen311Error(reply, formatOf(request), 404, 'No such GeoReport v2 resource'));

  // Names follow the caller's Accept-Language, which the URL-keyed public cache cannot tell apart: not cached.
  const publicGet = { access: 'public' as const };

  app.get('/discovery.:format', { config: publicGet, schema: { tags: ['open311'], params: Format } }, async (request, reply) => {
    const url = `${baseUrlOf(app, request)}/open311/v2/`;
    const endpoint = { specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: CHANGESET, type: 'production' };
    const formats = ['text/xml', 'application/json'];
    const about = {
      changeset: CHANGESET,
      contact: 'Almaty police department: district safety dialogue platform',
      key_service: 'Partner API keys are issued by the platform’s administrators',
    };
    const { format } = request.params;
    // XML nests the lists: <endpoints><endpoint>…<formats><format>…
    const value =
      format === 'xml'
        ? { ...about, endpoints: { endpoint: [{ ...endpoint, formats: { format: formats } }] } }
        : { ...about, endpoints: [{ ...endpoint, formats }] };
    return sendOpen311(reply, format, value, { root: 'discovery' });
  });

  app.get(
    '/services.:format',
    { config: publicGet, schema: { tags: ['open311'], params: Format, querystring: z.object(Jurisdiction) } },
    async (request, reply) => {
      checkJurisdiction(request.query.jurisdiction_id);
      return sendOpen311(reply, request.params.format, await open311.services(localeOf(request)), { root: 'services', item: 'service' });
    },
  );

  app.get(
    '/services/:code.:format',
    { config: publicGet, schema: { tags: ['open311'], params: Format.extend({ code: z.string().max(100) }), querystring: z.object(Jurisdiction) } },
    async (request, reply) => {
      checkJurisdiction(request.query.jurisdiction_id);
      const { code, format } = request.params;
      if (!(await open311.isCategory(code, { active: true }))) throw new Open311Error(404, `service_code ${code} was not found`);
      const definition = await open311.definition(code, localeOf(request));
      // XML nests the lists: <attributes><attribute>…<values><value>…
      const value =
        format === 'xml'
          ? { ...definition, attributes: { attribute: definition.attributes.map((a) => ({ ...a, values: { value: a.values } })) } }
          : definition;
      return sendOpen311(reply, format, value, { root: 'service_definition' });
    },
  );

  app.get(
    '/requests.:format',
    { config: publicGet, schema: { tags: ['open311'], params: Format, querystring: RequestsQuery } },
    async (request, reply) => {
      const q = request.query;
      checkJurisdiction(q.jurisdiction_id);
      const ids = list(q.service_request_id);
      if (ids.some((id) => !z.uuid().safeParse(id).success)) throw new Open311Error(400, 'service_request_id must be ids this endpoint gave out');
      const serviceCodes = list(q.service_code);
      const known = await Promise.all(serviceCodes.map((c) => open311.isCategory(c)));
      const unknown = serviceCodes.find((_c, i) => !known[i]);
      if (unknown) throw new Open311Error(400, `service_code ${unknown} is not one of the services`);
      const statuses = list(q.status);
      if (statuses.some((s) => !(OPEN311_STATUSES as readonly string[]).includes(s)))
        throw new Open311Error(400, 'status must be open, closed or both');
      const start = q.start_date ? new Date(q.start_date) : undefined;
      const end = q.end_date ? new Date(q.end_date) : undefined;
      if (start && end && start > end) throw new Open311Error(400, 'start_date must not be after end_date');
      const items = await open311.requests(
        { ids, serviceCodes: serviceCodes as Category[], statuses: statuses as Array<'open' | 'closed'>, start, end },
        localeOf(request),
      );
      return sendOpen311(reply, request.params.format, items, { root: 'service_requests', item: 'request' });
    },
  );

  app.get(
    '/requests/:id.:format',
    { config: publicGet, schema: { tags: ['open311'], params: Format.extend({ id: z.string().max(100) }), querystring: z.object(Jurisdiction) } },
    async (request, reply) => {
      checkJurisdiction(request.query.jurisdiction_id);
      const { id, format } = request.params;
      const items = z.uuid().safeParse(id).success ? await open311.requests({ ids: [id] }, localeOf(request)) : [];
      if (items.length === 0) throw new Open311Error(404, `service_request_id ${id} was not found`);
      return sendOpen311(reply, format, items, { root: 'service_requests', item: 'request' });
    },
  );

  app.post(
    '/requests.:format',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: POSTS_PER_KEY_PER_MINUTE,
          timeWindow: 60_000,
          // Per key (its hash: keys never sit in Redis), else per address for callers without one.
          keyGenerator: (request: FastifyRequest) => {
            const key = (request.body as { api_key?: unknown } | undefined)?.api_key ?? (request.query as { api_key?: unknown }).api_key;
            return typeof key === 'string' ? `open311:${createHash('sha256').update(key).digest('hex')}` : `open311-ip:${request.ip}`;
          },
        },
      },
      schema: { tags: ['open311'], params: Format },
    },
    async (request, reply) => {
      const parsed = PostBody.safeParse(request.body ?? {});
      if (!parsed.success) {
        throw new Open311Error(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      const body = parsed.data;
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const partner = await keys.authenticate(body.api_key ?? (request.query as { api_key?: string }).api_key);
      if (!partner) throw new Open311Error(403, 'api_key is missing, invalid or revoked');
      checkJurisdiction(body.jurisdiction_id);
      if (!body.service_code) throw new Open311Error(400, 'service_code is required');
      if (!(await open311.isCategory(body.service_code, { active: true })))
        throw new Open311Error(404, `service_code ${body.service_code} was not found`);
      if (!body.description) throw new Open311Error(400, 'description is required');
      if ((body.lat === undefined) !== (body.long === undefined)) throw new Open311Error(400, 'give both lat and long, or neither');
      const nested = raw.attribute && typeof raw.attribute === 'object' ? (raw.attribute as Record<string, unknown>).district : undefined;
      const district = (typeof raw['attribute[district]'] === 'string' ? raw['attribute[district]'] : nested) as string | undefined;
      if (district !== undefined && (typeof district !== 'string' || !/^[a-z0-9_-]{1,64}$/.test(district))) {
        throw new Open311Error(400, 'attribute[district] is not a district');
      }
      const id = await open311.submit(partner, {
        serviceCode: body.service_code as Category,
        description: body.description,
        district,
        lat: body.lat,
        lng: body.long,
        address: body.address_string || undefined,
      });
      return sendOpen311(
        reply,
        request.params.format,
        [{ service_request_id: id, service_notice: 'Received as a resident proposal; the district’s coordinators review it and answer publicly' }],
        { root: 'service_requests', item: 'request' },
      );
    },
  );
}
