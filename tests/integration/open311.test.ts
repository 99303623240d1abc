import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { auditLog, open311Keys, proposals } from '@dsd/db/schema/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

// JSON schemas written from the GeoReport v2 specification (wiki.open311.org/GeoReport_v2): field names, types and
// allowed values as the spec's tables give them; optional fields may be absent, required ones must be there.
const w3cDateTime = { type: 'string', format: 'date-time' };
const serviceList = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_code', 'service_name', 'metadata', 'type'],
    properties: {
      service_code: { type: 'string' },
      service_name: { type: 'string' },
      description: { type: 'string' },
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: { type: 'string' },
      group: { type: 'string' },
    },
  },
};
const serviceDefinition = {
  type: 'object',
  required: ['service_code', 'attributes'],
  properties: {
    service_code: { type: 'string' },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
        properties: {
          variable: { type: 'boolean' },
          code: { type: 'string' },
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: { type: 'string' },
          order: { type: 'integer' },
          description: { type: 'string' },
          values: { type: 'array', items: { type: 'object', required: ['key', 'name'], properties: { key: {}, name: { type: 'string' } } } },
        },
      },
    },
  },
};
const serviceRequests = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
    additionalProperties: false,
    properties: {
      service_request_id: { type: 'string' },
      status: { enum: ['open', 'closed'] },
      status_notes: { type: 'string' },
      service_name: { type: 'string' },
      service_code: { type: 'string' },
      description: { type: 'string' },
      agency_responsible: { type: 'string' },
      service_notice: { type: 'string' },
      requested_datetime: w3cDateTime,
      updated_datetime: w3cDateTime,
      expected_datetime: w3cDateTime,
      address: { type: 'string' },
      address_id: { type: 'string' },
      zipcode: { type: 'string' },
      lat: { type: 'number', minimum: -90, maximum: 90 },
      long: { type: 'number', minimum: -180, maximum: 180 },
      media_url: { type: 'string', format: 'uri' },
    },
  },
};
const postResponse = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    properties: {
      service_request_id: { type: 'string' },
      token: { type: 'string' },
      service_notice: { type: 'string' },
      account_id: { type: 'string' },
    },
    anyOf: [{ required: ['service_request_id'] }, { required: ['token'] }],
  },
};
const errors = {
  type: 'array',
  minItems: 1,
  items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
};
const discovery = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  properties: {
    changeset: w3cDateTime,
    endpoints: {
      type: 'array',
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        properties: { type: { enum: ['production', 'test'] }, formats: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
function valid(schema: object, value: unknown) {
  const check = ajv.compile(schema);
  expect(check(value), JSON.stringify(check.errors)).toBe(true);
}
const xml = new XMLParser({ parseTagValue: false });

let t: TestApp;
let admin: string;
let coordinator: string;
let key: string;

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://safety.example.kz' });
  [admin, coordinator] = await Promise.all([t.login('admin@demo.kz'), t.login('coordinator@demo.kz')]);
  const issued = await t.request({ method: 'POST', url: '/api/v1/admin/open311-keys', cookie: admin, payload: { partner: 'Qala App' } });
  expect(issued.statusCode).toBe(201);
  key = issued.json().key;
});
afterAll(async () => t?.close());

describe('Open311 partner keys', () => {
  it('an admin issues a key shown once (only its hash is kept), lists and revokes it; each change audited', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/open311-keys', cookie: admin, payload: { partner: 'Temporary partner' } });
    const issued = res.json();
    expect(issued.key).toMatch(/^o311_/);
    const [row] = await t.db.db.select().from(open311Keys).where(eq(open311Keys.id, issued.id));
    expect(JSON.stringify(row)).not.toContain(issued.key);
    const listed = (await t.request({ method: 'GET', url: '/api/v1/admin/open311-keys', cookie: admin })).json().items;
    expect(listed.find((k: { id: string }) => k.id === issued.id)).toEqual({
      id: issued.id,
      partner: 'Temporary partner',
      prefix: issued.key.slice(0, 11),
      createdAt: issued.createdAt,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(issued.key);
    const revoked = await t.request({ method: 'DELETE', url: `/api/v1/admin/open311-keys/${issued.id}`, cookie: admin });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await t.request({ method: 'DELETE', url: `/api/v1/admin/open311-keys/${issued.id}`, cookie: admin })).statusCode).toBe(409);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, issued.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['open311_key.issued', 'open311_key.revoked']);

    const post = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({ api_key: issued.key, service_code: 'lighting', description: 'Темно', 'attribute[district]': 'auezov' }),
    });
    expect(post.statusCode).toBe(403);
    valid(errors, post.json());
  });

  it('only admins manage keys', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/open311-keys', cookie: coordinator })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/v1/admin/open311-keys', payload: { partner: 'X App' } })).statusCode).toBe(401);
  });
});

describe('Open311 GeoReport v2', () => {
  it('discovery, services and a service definition validate against the spec’s schemas', async () => {
    const disc = await t.request({ method: 'GET', url: '/open311/v2/discovery.json' });
    valid(discovery, disc.json());
    expect(disc.json().endpoints[0].url).toBe('https://safety.example.kz/open311/v2/');
    const discXml = xml.parse((await t.request({ method: 'GET', url: '/open311/v2/discovery.xml' })).body);
    expect(discXml.discovery.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);
    const services = await t.request({ method: 'GET', url: '/open311/v2/services.json', headers: { 'accept-language': 'en' } });
    expect(services.statusCode).toBe(200);
    valid(serviceList, services.json());
    expect(services.json().map((s: { service_code: string }) => s.service_code)).toContain('cameras');
    const definition = await t.request({ method: 'GET', url: '/open311/v2/services/cameras.json' });
    valid(serviceDefinition, definition.json());
    expect(definition.json().attributes[0].values.map((v: { key: string }) => v.key)).toContain('auezov');

    const asXml = xml.parse((await t.request({ method: 'GET', url: '/open311/v2/services.xml' })).body);
    expect(asXml.services.service.length).toBe(services.json().length);
    expect(asXml.services.service[0].service_code).toBe(services.json()[0].service_code);
  });

  it('a partner posts a report (form-encoded, as the spec says): it enters as a resident proposal, personal data dropped', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({
        api_key: key,
        service_code: 'lighting',
        lat: '43.2301234',
        long: '76.8498765',
        address_string: 'мкр. Мамыр-4, 105',
        description: 'Не горят фонари во дворе\nУже неделю темно у подъездов',
        email: 'reporter@example.kz',
        first_name: 'Айгерим',
        last_name: 'Сейткали',
        phone: '+77011234567',
      }),
    });
    expect(res.statusCode).toBe(200);
    valid(postResponse, res.json());
    const id = res.json()[0].service_request_id;
    const [row] = await t.db.db.select().from(proposals).where(eq(proposals.id, id));
    expect(row).toMatchObject({ districtSlug: 'auezov', category: 'lighting', title: 'Не горят фонари во дворе', status: 'submitted' });
    expect(JSON.stringify(row)).not.toMatch(/reporter@example|Айгерим|Сейткали|7011234567/);
    const view = (await t.request({ method: 'GET', url: `/api/v1/proposals/${id}` })).json();
    expect(view.author).toEqual({ kind: 'resident' });

    const one = await t.request({ method: 'GET', url: `/open311/v2/requests/${id}.json` });
    valid(serviceRequests, one.json());
    expect(one.json()[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'lighting',
      address: 'мкр. Мамыр-4, 105',
      lat: 43.23,
      long: 76.85,
      description: 'Не горят фонари во дворе\nУже неделю темно у подъездов',
    });
    const asXml = xml.parse((await t.request({ method: 'GET', url: `/open311/v2/requests/${id}.xml` })).body);
    expect(asXml.service_requests.request.service_request_id).toBe(id);
  });

  it('JSON bodies and attribute[district] work too; the official answer is the status note and rejection closes it', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: key, service_code: 'cameras', description: 'Камера у школы не работает', attribute: { district: 'almaly' } },
    });
    expect(res.statusCode).toBe(200);
    const id = res.json()[0].service_request_id;
    await t.request({ method: 'POST', url: `/api/v1/proposals/${id}/transition`, cookie: coordinator, payload: { to: 'under_review', version: 1 } });
    const moved = await t.request({
      method: 'POST',
      url: `/api/v1/proposals/${id}/transition`,
      cookie: coordinator,
      payload: { to: 'rejected', reason: 'Камера принадлежит школе, не полиции', answer: 'Передано в управление образования', version: 2 },
    });
    expect(moved.statusCode).toBe(200);
    const one = (await t.request({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json()[0];
    expect(one).toMatchObject({ status: 'closed', status_notes: 'Передано в управление образования' });
    expect(one.lat).toBeUndefined();
  });

  it('lists public requests with service_code, status and date filters, in JSON and XML', async () => {
    const all = await t.request({ method: 'GET', url: '/open311/v2/requests.json' });
    expect(all.statusCode).toBe(200);
    valid(serviceRequests, all.json());
    expect(all.json().length).toBeGreaterThanOrEqual(2);
    const closed = (await t.request({ method: 'GET', url: '/open311/v2/requests.json?status=closed' })).json();
    expect(closed.length).toBeGreaterThanOrEqual(1);
    expect(closed.every((r: { status: string }) => r.status === 'closed')).toBe(true);
    const lighting = (await t.request({ method: 'GET', url: '/open311/v2/requests.json?service_code=lighting,drugs&status=open' })).json();
    expect(
      lighting.every((r: { service_code: string; status: string }) => ['lighting', 'drugs'].includes(r.service_code) && r.status === 'open'),
    ).toBe(true);
    expect(lighting.length).toBeGreaterThanOrEqual(1);
    const old = (
      await t.request({ method: 'GET', url: '/open311/v2/requests.json?start_date=2010-01-01T00:00:00Z&end_date=2010-02-01T00:00:00Z' })
    ).json();
    expect(old).toEqual([]);
    const xmlAll = xml.parse((await t.request({ method: 'GET', url: '/open311/v2/requests.xml' })).body);
    expect([xmlAll.service_requests.request].flat().length).toBe(all.json().length);
    // Public requests only, no personal data or tip details.
    expect(all.body).not.toMatch(/@demo\.kz|confidential/);
  });

  it.each([
    ['POST', '/open311/v2/requests.json', { api_key: 'o311_not-a-key', service_code: 'lighting', description: 'x' }, 403],
    ['POST', '/open311/v2/requests.json', { service_code: 'lighting', description: 'x' }, 403],
    ['POST', '/open311/v2/requests.json', { api_key: 'KEY', description: 'Темно' }, 400],
    ['POST', '/open311/v2/requests.json', { api_key: 'KEY', service_code: 'potholes', description: 'Яма' }, 404],
    ['POST', '/open311/v2/requests.json', { api_key: 'KEY', service_code: 'lighting', description: 'Темно' }, 400],
    ['POST', '/open311/v2/requests.json', { api_key: 'KEY', service_code: 'lighting', description: 'Темно', lat: '51.5', long: '-0.12' }, 400],
    ['POST', '/open311/v2/requests.json', { api_key: 'KEY', service_code: 'lighting', description: 'Темно', 'attribute[district]': 'atlantis' }, 400],
    ['GET', '/open311/v2/requests.json?start_date=yesterday', undefined, 400],
    ['GET', '/open311/v2/requests.json?start_date=2026-11-20T00:00:00Z&end_date=2026-11-01T00:00:00Z', undefined, 400],
    ['GET', '/open311/v2/requests.json?status=pending', undefined, 400],
    ['GET', '/open311/v2/requests.json?jurisdiction_id=london', undefined, 404],
    ['GET', '/open311/v2/requests/00000000-0000-4000-8000-000000000000.json', undefined, 404],
    ['GET', '/open311/v2/services/potholes.json', undefined, 404],
    ['GET', '/open311/v2/nothing.json', undefined, 404],
  ])('%s %s %o → the spec’s error array with %d', async (method, url, fields, status) => {
    const payload = fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === 'KEY' ? key : v])) : undefined;
    const res = await t.request({ method: method as 'GET', url, ...(payload ? form(payload) : {}) });
    expect(res.statusCode).toBe(status);
    valid(errors, res.json());
    expect(res.json()[0].code).toBe(status);
  });

  it('answers errors in XML for .xml', async () => {
    const res = await t.request({ method: 'GET', url: '/open311/v2/requests.xml?status=pending' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.parse(res.body).errors.error.code).toBe('400');
  });

  it('rate-limits posts per key with 429 in the spec’s shape', async () => {
    const second = (await t.request({ method: 'POST', url: '/api/v1/admin/open311-keys', cookie: admin, payload: { partner: 'Busy App' } })).json()
      .key;
    let last = 0;
    for (let i = 0; i < 31; i++) {
      last = (
        await t.request({ method: 'POST', url: '/open311/v2/requests.json', ...form({ api_key: second, service_code: 'nope', description: 'x' }) })
      ).statusCode;
    }
    expect(last).toBe(429);
    // Another partner's key is not affected.
    const other = await t.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({ api_key: key, service_code: 'nope', description: 'x' }),
    });
    expect(other.statusCode).toBe(404);
  });
});
