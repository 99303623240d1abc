import { randomBytes } from 'node:crypto';
import type { MatrixRole, Scope, Target } from './access-world.ts';

/**
 * Every route × role × scope → the expected answer. The test beside this file calls each route once per cell and
 * fails on any unexpected allow or deny, and on any registered route without a row here.
 *
 * Answers: 'ok' is any 2xx; 'reachable' is 2xx or a redirect; a number is that exact status; 'pass' is "got past
 * access control" (anything but 401/403), for third-party routes whose admin answer depends on their own state.
 */
export type Answer = 'ok' | 'reachable' | 'pass' | number;
export type ScopedAnswer = Record<Scope, Answer>;
export type Cell = Answer | ScopedAnswer;

export interface CellRequest {
  method: string;
  url: string;
  payload?: unknown;
}

export interface CellContext {
  role: MatrixRole;
  scope: Scope;
  /** In-scope or out-of-scope records for this cell; fresh ones for rows marked `fresh`. */
  target: Target;
  /** The signed-in principal's own user id and email (null for anonymous). */
  selfId: string | null;
  selfEmail: string | null;
  otherUserId: string;
}

export interface RouteRow {
  /**
   * Method and path as registered. `prefix` rows cover every route under a third-party plugin's path (method ANY:
   * all methods); API routes under /api/ always need their own row.
   */
  route: string;
  prefix?: boolean;
  /** The answer differs by where the target sits. */
  scoped?: boolean;
  /** The route changes its target: each cell gets fresh records. */
  fresh?: boolean;
  /** The route ends or rotates the caller's session: each cell signs in anew. */
  ownSession?: boolean;
  /** A WebSocket route: "ok" means the socket opens and takes a public subscription. */
  websocket?: boolean;
  request(context: CellContext, registeredUrl: string): CellRequest;
  expect: Record<MatrixRole, Cell>;
}

// Who may act where, as scope patterns.
/** A coordinator's district. */
const DISTRICT: ScopedAnswer = { in: 'ok', otherDistrict: 403, otherService: 'ok', otherOrganization: 'ok' };
/** An officer's service in the officer's district. */
const SERVICE_HERE: ScopedAnswer = { in: 'ok', otherDistrict: 403, otherService: 403, otherOrganization: 'ok' };
/** A service head's service, city-wide. */
const SERVICE_CITYWIDE: ScopedAnswer = { in: 'ok', otherDistrict: 'ok', otherService: 403, otherOrganization: 'ok' };
/** A chair's organization. */
const ORGANIZATION: ScopedAnswer = { in: 'ok', otherDistrict: 403, otherService: 'ok', otherOrganization: 403 };

const everyone = (answer: Answer): Record<MatrixRole, Cell> => ({
  anonymous: answer,
  resident: answer,
  chair: answer,
  officer: answer,
  service_head: answer,
  coordinator: answer,
  admin: answer,
});
const signedIn = (answer: Answer): Record<MatrixRole, Cell> => ({ ...everyone(answer), anonymous: 401 });
const adminOnly: Record<MatrixRole, Cell> = { ...everyone(403), anonymous: 401, admin: 'ok' };
/** Coordinators of the district run meetings, review proposals and record decisions; admins may do anything. */
const districtCoordinator: Record<MatrixRole, Cell> = { ...everyone(403), anonymous: 401, coordinator: DISTRICT, admin: 'ok' };

const unique = () => randomBytes(4).toString('hex');
const get = (url: string): CellRequest => ({ method: 'GET', url });
const post = (url: string, payload: unknown = {}): CellRequest => ({ method: 'POST', url, payload });

export const ACCESS_MATRIX: RouteRow[] = [
  { route: 'GET /api/v1/health', request: () => get('/api/v1/health'), expect: everyone('ok') },
  { route: 'GET /api/v1/health/live', request: () => get('/api/v1/health/live'), expect: everyone('ok') },
  { route: 'GET /api/v1/health/ready', request: () => get('/api/v1/health/ready'), expect: everyone('ok') },
  // Metrics: loopback callers (as here) need no session; others need METRICS_TOKEN (tests/integration/metrics-health)
  { route: 'GET /metrics', request: () => get('/metrics'), expect: everyone('ok') },
  { route: 'GET /api/v1/live', websocket: true, request: () => get('/api/v1/live'), expect: everyone('ok') },

  // Sign-in and the account itself
  {
    route: 'POST /api/v1/auth/login',
    ownSession: true,
    request: ({ selfEmail }) => post('/api/v1/auth/login', { email: selfEmail ?? 'resident@demo.kz', password: 'demo12345' }),
    expect: everyone('ok'),
  },
  {
    route: 'POST /api/v1/auth/register',
    request: () => post('/api/v1/auth/register', { email: `matrix-${unique()}@example.kz`, password: 'long-enough-1', name: 'Житель' }),
    expect: everyone(202),
  },
  { route: 'POST /api/v1/auth/logout', ownSession: true, request: () => post('/api/v1/auth/logout'), expect: everyone('ok') },
  { route: 'GET /api/v1/auth/me', request: () => get('/api/v1/auth/me'), expect: signedIn('ok') },
  {
    route: 'POST /api/v1/auth/password',
    ownSession: true,
    request: () => post('/api/v1/auth/password', { currentPassword: 'demo12345', newPassword: 'demo12345' }),
    expect: signedIn('ok'),
  },

  // Reference data and the public dashboard
  { route: 'GET /api/v1/districts', request: () => get('/api/v1/districts'), expect: everyone('ok') },
  { route: 'GET /api/v1/districts/:slug', request: () => get('/api/v1/districts/auezov'), expect: everyone('ok') },
  { route: 'GET /api/v1/services', request: () => get('/api/v1/services'), expect: everyone('ok') },
  { route: 'GET /api/v1/categories', request: () => get('/api/v1/categories'), expect: everyone('ok') },
  { route: 'GET /api/v1/organizations', request: () => get('/api/v1/organizations?district=auezov'), expect: everyone('ok') },
  { route: 'GET /api/v1/dashboard', request: () => get('/api/v1/dashboard'), expect: everyone('ok') },

  // Meetings
  { route: 'GET /api/v1/meetings', request: ({ target }) => get(`/api/v1/meetings?district=${target.district}`), expect: everyone('ok') },
  {
    route: 'POST /api/v1/meetings',
    scoped: true,
    request: ({ target }) =>
      post('/api/v1/meetings', {
        districtSlug: target.district,
        title: 'Встреча с председателями',
        startsAt: '2026-12-20T15:00:00+05:00',
        format: 'in_person',
        place: 'Акимат',
      }),
    expect: districtCoordinator,
  },
  {
    route: 'GET /api/v1/meetings/:id',
    scoped: true,
    request: ({ target }) => get(`/api/v1/meetings/${target.heldMeetingId}`),
    expect: everyone('ok'),
  },
  {
    route: 'POST /api/v1/meetings/:id/transition',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/meetings/${target.plannedMeetingId}/transition`, { to: 'cancelled', version: 1 }),
    expect: districtCoordinator,
  },
  {
    route: 'GET /api/v1/meetings/:id/attendees',
    scoped: true,
    request: ({ target }) => get(`/api/v1/meetings/${target.heldMeetingId}/attendees`),
    expect: everyone('ok'),
  },
  {
    route: 'POST /api/v1/meetings/:id/attendees',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/meetings/${target.plannedMeetingId}/attendees`, { organizationId: target.organizationId }),
    // A chair registers the own organization; a coordinator any organization for the district's meetings.
    expect: { ...districtCoordinator, chair: ORGANIZATION },
  },
  {
    route: 'DELETE /api/v1/meetings/:id/attendees/:organizationId',
    scoped: true,
    fresh: true,
    request: ({ target }) => ({ method: 'DELETE', url: `/api/v1/meetings/${target.registeredMeetingId}/attendees/${target.organizationId}` }),
    expect: { ...districtCoordinator, chair: ORGANIZATION },
  },
  {
    route: 'POST /api/v1/meetings/:id/decisions',
    scoped: true,
    fresh: true,
    request: ({ target }) =>
      post(`/api/v1/meetings/${target.heldMeetingId}/decisions`, {
        kind: 'instruction',
        category: 'foot_patrol',
        title: 'Пешие патрули по вечерам',
        proposalIds: [target.proposalId],
        services: [target.service],
      }),
    expect: districtCoordinator,
  },

  {
    route: 'POST /api/v1/meetings/:id/carried/:decisionId',
    scoped: true,
    fresh: true,
    // The held meeting's decision is carried to the planned meeting a week later.
    request: ({ target }) => post(`/api/v1/meetings/${target.plannedMeetingId}/carried/${target.decisionId}`, { status: 'kept', version: 0 }),
    expect: districtCoordinator,
  },

  {
    route: 'GET /api/v1/meetings/:id/report.pdf',
    scoped: true,
    request: ({ target }) => get(`/api/v1/meetings/${target.heldMeetingId}/report.pdf?lang=kk`),
    expect: everyone('ok'),
  },

  // Proposals
  { route: 'GET /api/v1/proposals', request: ({ target }) => get(`/api/v1/proposals?district=${target.district}`), expect: everyone('ok') },
  {
    route: 'POST /api/v1/proposals',
    scoped: true,
    request: ({ target }) =>
      post('/api/v1/proposals', { districtSlug: target.district, category: 'lighting', title: 'Освещение во дворе', body: 'Темно у подъезда' }),
    // Residents anywhere; chairs in their organization's district; coordinators in theirs. Police staff do not submit.
    expect: {
      anonymous: 401,
      resident: 201,
      chair: { in: 201, otherDistrict: 403, otherService: 201, otherOrganization: 201 },
      officer: 403,
      service_head: 403,
      coordinator: DISTRICT,
      admin: 201,
    },
  },
  {
    route: 'GET /api/v1/proposals/:id',
    scoped: true,
    request: ({ target }) => get(`/api/v1/proposals/${target.proposalId}`),
    expect: everyone('ok'),
  },
  {
    route: 'PATCH /api/v1/proposals/:id',
    scoped: true,
    fresh: true,
    request: ({ target }) => ({
      method: 'PATCH',
      url: `/api/v1/proposals/${target.proposalId}`,
      payload: { title: 'Пеший патруль вечером', version: 1 },
    }),
    // Only the author edits, and only while submitted: the chair wrote the in-scope and other-service proposals.
    expect: { ...everyone(403), anonymous: 401, chair: ORGANIZATION },
  },
  {
    route: 'POST /api/v1/proposals/:id/support',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/proposals/${target.proposalId}/support`),
    // The chair wrote the in-scope proposal (and the other-service one): authors do not support their own.
    expect: { ...signedIn('ok'), chair: { in: 409, otherDistrict: 'ok', otherService: 409, otherOrganization: 'ok' } },
  },
  {
    route: 'DELETE /api/v1/proposals/:id/support',
    scoped: true,
    fresh: true,
    request: ({ target }) => ({ method: 'DELETE', url: `/api/v1/proposals/${target.proposalId}/support` }),
    expect: { ...signedIn('ok'), chair: { in: 409, otherDistrict: 'ok', otherService: 409, otherOrganization: 'ok' } },
  },
  {
    route: 'POST /api/v1/proposals/:id/transition',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/proposals/${target.proposalId}/transition`, { to: 'under_review', version: 1 }),
    expect: districtCoordinator,
  },
  {
    route: 'POST /api/v1/proposals/:id/moderation',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/proposals/${target.proposalId}/moderation`, { hidden: true, reason: 'Личные данные в тексте' }),
    expect: districtCoordinator,
  },

  // Decisions and their public feed
  { route: 'GET /api/v1/decisions', request: ({ target }) => get(`/api/v1/decisions?district=${target.district}`), expect: everyone('ok') },
  { route: 'GET /api/v1/updates', request: ({ target }) => get(`/api/v1/updates?district=${target.district}`), expect: everyone('ok') },
  {
    route: 'POST /api/v1/updates/:id/moderation',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/updates/${target.updateId}/moderation`, { hidden: true, reason: 'Фамилия жителя в тексте' }),
    expect: districtCoordinator,
  },
  {
    route: 'GET /api/v1/decisions/:id',
    scoped: true,
    request: ({ target }) => get(`/api/v1/decisions/${target.decisionId}`),
    expect: everyone('ok'),
  },

  // Assignments: the service works them, its head staffs them, coordinators and heads move deadlines, chairs confirm
  { route: 'GET /api/v1/assignments', request: ({ target }) => get(`/api/v1/assignments?district=${target.district}`), expect: everyone('ok') },
  {
    route: 'GET /api/v1/assignments/:id',
    scoped: true,
    request: ({ target }) => get(`/api/v1/assignments/${target.assignmentId}`),
    expect: everyone('ok'),
  },
  {
    route: 'POST /api/v1/assignments/:id/transition',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/assignments/${target.assignmentId}/transition`, { to: 'accepted', version: 1 }),
    expect: { ...everyone(403), anonymous: 401, officer: SERVICE_HERE, service_head: SERVICE_CITYWIDE, admin: 'ok' },
  },
  {
    route: 'POST /api/v1/assignments/:id/updates',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/assignments/${target.workingAssignmentId}/updates`, { note: 'Обход проведён', progress: 20 }),
    expect: { ...everyone(403), anonymous: 401, officer: SERVICE_HERE, service_head: SERVICE_CITYWIDE, admin: 201 },
  },
  {
    route: 'GET /api/v1/assignments/:id/officers',
    scoped: true,
    request: ({ target }) => get(`/api/v1/assignments/${target.assignmentId}/officers`),
    expect: { ...everyone(403), anonymous: 401, service_head: SERVICE_CITYWIDE, admin: 'ok' },
  },
  {
    route: 'POST /api/v1/assignments/:id/officer',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/assignments/${target.assignmentId}/officer`, { officerId: null, version: 1 }),
    expect: { ...everyone(403), anonymous: 401, service_head: SERVICE_CITYWIDE, admin: 'ok' },
  },
  {
    route: 'POST /api/v1/assignments/:id/due',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/assignments/${target.assignmentId}/due`, { dueAt: '2027-01-15T18:00:00+05:00', version: 1 }),
    expect: { ...everyone(403), anonymous: 401, service_head: SERVICE_CITYWIDE, coordinator: DISTRICT, admin: 'ok' },
  },
  {
    route: 'POST /api/v1/assignments/:id/confirmation',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/assignments/${target.doneAssignmentId}/confirmation`, { verdict: 'confirmed', version: 1 }),
    expect: { ...everyone(403), anonymous: 401, chair: ORGANIZATION, admin: 'ok' },
  },

  // Each user's own notifications and follows
  { route: 'GET /api/v1/notifications', request: () => get('/api/v1/notifications'), expect: signedIn('ok') },
  { route: 'GET /api/v1/notifications/unread-count', request: () => get('/api/v1/notifications/unread-count'), expect: signedIn('ok') },
  { route: 'POST /api/v1/notifications/read', request: () => post('/api/v1/notifications/read', { all: true }), expect: signedIn('ok') },
  { route: 'GET /api/v1/notifications/preferences', request: () => get('/api/v1/notifications/preferences'), expect: signedIn('ok') },
  {
    route: 'PUT /api/v1/notifications/preferences',
    request: () => ({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      payload: { mutedEvents: ['meeting.planned'], inApp: true, email: false, digest: false },
    }),
    expect: signedIn('ok'),
  },
  { route: 'GET /api/v1/follows', request: () => get('/api/v1/follows'), expect: signedIn('ok') },
  { route: 'POST /api/v1/follows', request: () => post('/api/v1/follows', { targetType: 'district', targetId: 'auezov' }), expect: signedIn('ok') },
  {
    route: 'DELETE /api/v1/follows',
    request: () => ({ method: 'DELETE', url: '/api/v1/follows', payload: { targetType: 'district', targetId: 'auezov' } }),
    expect: signedIn('ok'),
  },

  // The audit log: its head is public, so anyone can record it and later prove nothing before it changed
  { route: 'GET /api/v1/audit/head', request: () => get('/api/v1/audit/head'), expect: everyone('ok') },
  { route: 'GET /api/v1/audit/verify', request: () => get('/api/v1/audit/verify'), expect: { ...adminOnly, coordinator: 'ok' } },
  { route: 'GET /api/v1/audit', request: () => get('/api/v1/audit?limit=5'), expect: adminOnly },

  // Staff onboarding and configuration: admins only; chairs are confirmed by their district's coordinator
  {
    route: 'POST /api/v1/admin/invites',
    request: () => post('/api/v1/admin/invites', { email: `inv.${unique()}@police.kz`, role: 'admin' }),
    expect: adminOnly,
  },
  { route: 'GET /api/v1/admin/invites', request: () => get('/api/v1/admin/invites'), expect: adminOnly },
  {
    route: 'DELETE /api/v1/admin/invites/:id',
    request: () => ({ method: 'DELETE', url: '/api/v1/admin/invites/00000000-0000-4000-8000-000000000000' }),
    expect: { ...adminOnly, admin: 404 },
  },
  {
    route: 'POST /api/v1/auth/accept-invite',
    request: () => post('/api/v1/auth/accept-invite', { token: `no-such-invite-${unique()}`, name: 'Н', password: 'password-123' }),
    expect: everyone(404),
  },
  { route: 'GET /api/v1/admin/users', request: () => get('/api/v1/admin/users?limit=5'), expect: adminOnly },
  { route: 'GET /api/v1/admin/users/:id', request: ({ otherUserId }) => get(`/api/v1/admin/users/${otherUserId}`), expect: adminOnly },
  {
    route: 'PUT /api/v1/admin/users/:id/role',
    request: ({ otherUserId, target }) => ({
      method: 'PUT',
      url: `/api/v1/admin/users/${otherUserId}/role`,
      payload: { role: 'chair', organizationId: target.organizationId },
    }),
    expect: adminOnly,
  },
  {
    route: 'POST /api/v1/admin/users/:id/deactivate',
    request: ({ otherUserId }) => post(`/api/v1/admin/users/${otherUserId}/deactivate`),
    expect: adminOnly,
  },
  {
    route: 'POST /api/v1/admin/users/:id/reactivate',
    request: ({ otherUserId }) => post(`/api/v1/admin/users/${otherUserId}/reactivate`),
    expect: adminOnly,
  },
  {
    route: 'POST /api/v1/chair-requests',
    request: ({ target }) => post('/api/v1/chair-requests', { organizationId: target.organizationId }),
    // The resident's second cell finds its first request still waiting: 409, past access control either way.
    expect: { ...everyone(403), anonymous: 401, resident: 'pass' },
  },
  {
    route: 'GET /api/v1/chair-requests',
    scoped: true,
    request: ({ target }) => get(`/api/v1/chair-requests?district=${target.district}`),
    expect: districtCoordinator,
  },
  {
    route: 'POST /api/v1/chair-requests/:id/decision',
    request: () => post('/api/v1/chair-requests/00000000-0000-4000-8000-000000000000/decision', { decision: 'reject' }),
    expect: { ...everyone(403), anonymous: 401, coordinator: 404, admin: 404 },
  },
  {
    route: 'POST /api/v1/admin/districts',
    request: () =>
      post('/api/v1/admin/districts', { slug: `d-${unique()}`, city: 'astana', name: { ru: 'Р', kk: 'А', en: 'D' }, timeZone: 'Asia/Almaty' }),
    expect: adminOnly,
  },
  {
    route: 'PATCH /api/v1/admin/districts/:slug',
    request: ({ target }) => ({ method: 'PATCH', url: `/api/v1/admin/districts/${target.district}`, payload: { timeZone: 'Asia/Almaty' } }),
    expect: adminOnly,
  },
  {
    route: 'POST /api/v1/admin/services',
    request: () => post('/api/v1/admin/services', { code: `s_${unique()}`, name: { ru: 'С', kk: 'Қ', en: 'S' } }),
    expect: adminOnly,
  },
  {
    route: 'PATCH /api/v1/admin/services/:code',
    request: ({ target }) => ({ method: 'PATCH', url: `/api/v1/admin/services/${target.service}`, payload: { active: true } }),
    expect: adminOnly,
  },
  // Every seeded service is routed to: the admin is refused with 409 (tested in full in admin-config).
  {
    route: 'DELETE /api/v1/admin/services/:code',
    request: ({ target }) => ({ method: 'DELETE', url: `/api/v1/admin/services/${target.service}` }),
    expect: { ...adminOnly, admin: 409 },
  },
  { route: 'GET /api/v1/admin/categories', request: () => get('/api/v1/admin/categories'), expect: adminOnly },
  {
    route: 'POST /api/v1/admin/categories',
    request: () => post('/api/v1/admin/categories', { code: `c_${unique()}`, name: { ru: 'К', kk: 'С', en: 'C' }, services: ['patrol'] }),
    expect: adminOnly,
  },
  {
    route: 'PATCH /api/v1/admin/categories/:code',
    request: () => ({ method: 'PATCH', url: '/api/v1/admin/categories/other', payload: { sensitive: false } }),
    expect: adminOnly,
  },
  {
    route: 'PUT /api/v1/admin/categories/:code/routes/:district',
    request: ({ target }) => ({ method: 'PUT', url: `/api/v1/admin/categories/other/routes/${target.district}`, payload: { services: [] } }),
    expect: adminOnly,
  },
  {
    route: 'POST /api/v1/admin/organizations',
    request: ({ target }) => post('/api/v1/admin/organizations', { type: 'OSI', name: `ОСИ ${unique()}`, districtSlug: target.district }),
    expect: adminOnly,
  },
  {
    route: 'PATCH /api/v1/admin/organizations/:id',
    request: ({ target }) => ({ method: 'PATCH', url: `/api/v1/admin/organizations/${target.organizationId}`, payload: { buildings: ['д. 1'] } }),
    expect: adminOnly,
  },
  {
    route: 'DELETE /api/v1/admin/organizations/:id',
    request: () => ({ method: 'DELETE', url: '/api/v1/admin/organizations/00000000-0000-4000-8000-000000000000' }),
    expect: { ...adminOnly, admin: 404 },
  },
  // Open data: CSV exports and calendar feeds are public (public fields only)
  ...(['proposals', 'decisions', 'assignments'] as const).map(
    (kind): RouteRow => ({
      route: `GET /api/v1/exports/${kind}.csv`,
      request: ({ target }) => get(`/api/v1/exports/${kind}.csv?district=${target.district}`),
      expect: everyone('ok'),
    }),
  ),
  { route: 'GET /api/v1/calendar.ics', request: () => get('/api/v1/calendar.ics'), expect: everyone('ok') },
  { route: 'GET /api/v1/calendar/:district.ics', request: ({ target }) => get(`/api/v1/calendar/${target.district}.ics`), expect: everyone('ok') },
  {
    route: 'GET /api/v1/calendar/meetings/:id.ics',
    request: ({ target }) => get(`/api/v1/calendar/meetings/${target.heldMeetingId}.ics`),
    expect: everyone('ok'),
  },

  // The neighbourhood feed (police.uk's shape) is public
  { route: 'GET /api/v1/neighbourhoods', request: () => get('/api/v1/neighbourhoods'), expect: everyone('ok') },
  ...['', '/priorities', '/events', '/people'].map(
    (part): RouteRow => ({
      route: `GET /api/v1/neighbourhoods/:slug${part}`,
      request: ({ target }) => get(`/api/v1/neighbourhoods/${target.district}${part}`),
      expect: everyone('ok'),
    }),
  ),
  // Open311 partner keys: admins only
  { route: 'GET /api/v1/admin/open311-keys', request: () => get('/api/v1/admin/open311-keys'), expect: adminOnly },
  {
    route: 'POST /api/v1/admin/open311-keys',
    request: () => post('/api/v1/admin/open311-keys', { partner: `Matrix ${unique()}` }),
    expect: adminOnly,
  },
  {
    route: 'DELETE /api/v1/admin/open311-keys/:id',
    // No such key: an admin gets past access control to a 404, everyone else is stopped before it.
    request: () => ({ method: 'DELETE', url: '/api/v1/admin/open311-keys/00000000-0000-4000-8000-000000000000' }),
    expect: { ...adminOnly, admin: 404 },
  },
  // Open311 GeoReport v2: public reads; writes need a partner key, not a session (403 without one, for everyone)
  { route: 'GET /open311/v2/discovery.:format', request: () => get('/open311/v2/discovery.json'), expect: everyone('ok') },
  { route: 'GET /open311/v2/services.:format', request: () => get('/open311/v2/services.xml'), expect: everyone('ok') },
  { route: 'GET /open311/v2/services/:code.:format', request: () => get('/open311/v2/services/cameras.json'), expect: everyone('ok') },
  { route: 'GET /open311/v2/requests.:format', request: () => get('/open311/v2/requests.json'), expect: everyone('ok') },
  {
    route: 'GET /open311/v2/requests/:id.:format',
    request: () => get('/open311/v2/requests/00000000-0000-4000-8000-000000000000.json'),
    expect: everyone(404),
  },
  {
    route: 'POST /open311/v2/requests.:format',
    request: () => post('/open311/v2/requests.json', { service_code: 'lighting', description: 'Темно во дворе' }),
    expect: everyone(403),
  },

  // Third-party routes: API docs are public, the queue dashboard (and all its actions) is for admins
  { route: 'GET /docs', prefix: true, request: (_context, url) => ({ method: 'GET', url: fillPath(url) }), expect: everyone('reachable') },
  {
    route: 'ANY /admin/queues',
    prefix: true,
    request: (_context, url) => ({ method: 'METHOD', url: fillPath(url) }),
    expect: { ...everyone(403), anonymous: 401, admin: 'pass' },
  },
  // The built web client: static files and the single-page app's index
  { route: 'GET /', prefix: true, request: (_context, url) => get(url), expect: everyone('ok') },

  // Registries: buildings, cameras, helpers, inspectors
  ...[
    'GET /api/v1/buildings',
    'GET /api/v1/cameras',
    'GET /api/v1/inspectors',
    'GET /api/v1/districts/:slug/cameras',
    'GET /api/v1/districts/:slug/helpers',
    'GET /api/v1/districts/:slug/inspectors',
  ].map(
    (route): RouteRow => ({
      route,
      request: ({ target }) =>
        get(`${route.split(' ')[1]!.replace(':slug', target.district)}?${route.includes('districts') ? '' : `district=${target.district}`}`),
      expect: everyone('ok'),
    }),
  ),
  {
    route: 'GET /api/v1/buildings/:id',
    scoped: true,
    request: ({ target }) => get(`/api/v1/buildings/${target.buildingId}`),
    expect: everyone('ok'),
  },
  {
    route: 'GET /api/v1/inspectors/:id',
    scoped: true,
    request: ({ target }) => get(`/api/v1/inspectors/${target.inspectorId}`),
    expect: everyone('ok'),
  },
  {
    route: 'POST /api/v1/buildings',
    scoped: true,
    request: ({ target }) => post('/api/v1/buildings', { organizationId: target.organizationId, address: `Дом ${unique()}` }),
    expect: { ...everyone(403), anonymous: 401, chair: ORGANIZATION, coordinator: DISTRICT, admin: 'ok' },
  },
  {
    route: 'PATCH /api/v1/buildings/:id',
    scoped: true,
    fresh: true,
    request: ({ target }) => ({ method: 'PATCH', url: `/api/v1/buildings/${target.buildingId}`, payload: { flats: 90, version: 1 } }),
    expect: { ...everyone(403), anonymous: 401, chair: ORGANIZATION, coordinator: DISTRICT, admin: 'ok' },
  },
  {
    route: 'POST /api/v1/buildings/:id/chat',
    scoped: true,
    request: ({ target }) => post(`/api/v1/buildings/${target.buildingId}/chat`, { joined: true }),
    expect: {
      ...everyone(403),
      anonymous: 401,
      chair: ORGANIZATION,
      officer: { in: 'ok', otherDistrict: 403, otherService: 'ok', otherOrganization: 'ok' },
      service_head: 'ok',
      coordinator: DISTRICT,
      admin: 'ok',
    },
  },
  {
    route: 'POST /api/v1/cameras',
    scoped: true,
    fresh: true,
    request: ({ target }) =>
      post('/api/v1/cameras', { buildingId: target.buildingId, location: 'parking', installYear: 2025, owner: 'association', kind: 'ip' }),
    expect: { ...everyone(403), anonymous: 401, chair: ORGANIZATION, coordinator: DISTRICT, admin: 'ok' },
  },
  {
    route: 'POST /api/v1/cameras/:id/transition',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/cameras/${target.cameraId}/transition`, { to: 'faulty', version: 1 }),
    expect: { ...everyone(403), anonymous: 401, chair: ORGANIZATION, coordinator: DISTRICT, admin: 'ok' },
  },
  {
    route: 'POST /api/v1/cameras/:id/confirm',
    scoped: true,
    fresh: true,
    request: ({ target }) => post(`/api/v1/cameras/${target.cameraId}/confirm`, { version: 1 }),
    expect: { ...everyone(403), anonymous: 401, coordinator: DISTRICT, admin: 'ok' },
  },
  { route: 'GET /api/v1/settings/camera-age', request: () => get('/api/v1/settings/camera-age'), expect: adminOnly },
  {
    route: 'PUT /api/v1/settings/camera-age',
    request: () => ({ method: 'PUT', url: '/api/v1/settings/camera-age', payload: { years: 8 } }),
    expect: adminOnly,
  },
  ...(
    [
      ['GET /api/v1/helpers', false, ({ target }: CellContext) => get(`/api/v1/helpers?district=${target.district}`)],
      [
        'POST /api/v1/helpers',
        false,
        ({ target }: CellContext) => post('/api/v1/helpers', { districtSlug: target.district, name: 'Кандидат', phone: '+7 701 111 22 33' }),
      ],
      [
        'POST /api/v1/helpers/:id/transition',
        true,
        ({ target }: CellContext) => post(`/api/v1/helpers/${target.helperId}/transition`, { to: 'suspended', version: 1 }),
      ],
      [
        'POST /api/v1/helpers/:id/shifts',
        false,
        ({ target }: CellContext) => post(`/api/v1/helpers/${target.helperId}/shifts`, { date: '2026-11-20', hours: 3, area: 'Дворы' }),
      ],
    ] as const
  ).map(
    ([route, fresh, request]): RouteRow => ({
      route,
      scoped: true,
      fresh,
      request,
      // The district's police: its coordinators, its inspectors and helpers officers; the inspectors' head city-wide.
      expect: {
        ...everyone(403),
        anonymous: 401,
        officer: { in: 'ok', otherDistrict: 403, otherService: 'ok', otherOrganization: 'ok' },
        service_head: 'ok',
        coordinator: DISTRICT,
        admin: 'ok',
      },
    }),
  ),
  {
    route: 'POST /api/v1/inspectors/:id/feedback',
    scoped: true,
    request: ({ target }) => post(`/api/v1/inspectors/${target.inspectorId}/feedback`, { kind: 'feedback', body: 'Спасибо за работу' }),
    expect: { ...everyone(403), anonymous: 401, chair: ORGANIZATION },
  },
  {
    route: 'POST /api/v1/inspector-feedback/:id/moderation',
    scoped: true,
    request: ({ target }) => post(`/api/v1/inspector-feedback/${target.feedbackId}/moderation`, { status: 'approved' }),
    expect: districtCoordinator,
  },
  // Bulk imports: who may upload (rows outside the uploader's scope are refused row by row, in the report)
  {
    route: 'POST /api/v1/imports/:kind',
    // A JSON body gets past access control and is refused as not CSV.
    request: () => post('/api/v1/imports/buildings?dryRun=true', {}),
    expect: { ...everyone(400), anonymous: 401, resident: 403 },
  },
  {
    route: 'GET /api/v1/imports/:jobId',
    request: () => get('/api/v1/imports/00000000-0000-4000-8000-000000000000'),
    expect: { ...everyone(404), anonymous: 401 },
  },
];

/** Third-party paths with parameters get harmless values: no queue or job by these names exists. */
function fillPath(url: string): string {
  return url
    .replace(/\*$/, 'index.css')
    .replace(/:queueName/g, 'matrix-no-such-queue')
    .replace(/:[A-Za-z]+/g, 'matrix-none');
}
