import { z } from 'zod';
import {
  AcceptInviteBody,
  AdminCategory,
  AdminDistrict,
  AdminOrganization,
  AdminService,
  AdminUser,
  AdminUsersQuery,
  CategoryRouteBody,
  CategoryRouteParams,
  ChairRequest,
  ChairRequestsQuery,
  CodeParam,
  CreateCategoryBody,
  CreateChairRequestBody,
  CreateDistrictBody,
  CreateInviteBody,
  CreateOrganizationBody,
  CreateServiceBody,
  DecideChairRequestBody,
  Invite,
  InviteCreated,
  RoleScopeInput,
  SlugParam,
  UpdateCategoryBody,
  UpdateDistrictBody,
  UpdateOrganizationBody,
  UpdateServiceBody,
} from '@dsd/shared/admin';
import { UserResponse } from '@dsd/shared/auth';
import { ErrorBody } from '@dsd/shared/errors';
import { IdParam, listOf, pageOf } from '@dsd/shared/pagination';
import { ensure, requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { toCurrentUser } from '../auth/service.ts';
import { createMailer } from '../notifications/mailer.ts';
import { createConfigService } from './config-service.ts';
import { createStaffService } from './staff-service.ts';

const ADMIN = ['admin'] as const;
const ok = z.object({ ok: z.literal(true) });

/** Staff onboarding (invites, roles, deactivation, chair confirmation) and configuration, for admins. */
export default async function adminRoutes(app: App) {
  const staff = createStaffService({ db: app.db, events: app.events, auth: app.auth });
  const config = createConfigService({ db: app.db, events: app.events });
  const { smtpUrl, mailFrom, publicUrl } = app.appConfig;
  const mailer = smtpUrl ? createMailer({ db: app.db, smtpUrl, from: mailFrom, publicUrl, onError: () => {} }) : null;
  app.addHook('onClose', async () => mailer?.close());

  // Invites

  app.post(
    '/admin/invites',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Invite a staff member or chair by email, with a role and its scope; the link works once, for 7 days',
        body: CreateInviteBody,
        response: { 201: InviteCreated.extend({ emailed: z.boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const base = (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
      const invite = await staff.createInvite(actor, request.body, base);
      let emailed = false;
      if (mailer) {
        try {
          await mailer.sendInvite({
            to: request.body.email,
            link: invite.inviteUrl,
            role: request.body.role,
            expiresAt: invite.expiresAt,
            locale: request.body.locale ?? 'ru',
          });
          emailed = true;
        } catch (err) {
          // The invite stands: the admin has the link in this answer and can pass it on, or invite again.
          request.log.warn({ err }, 'invite email not sent');
        }
      }
      return reply.status(201).send({ id: invite.id, inviteUrl: invite.inviteUrl, expiresAt: invite.expiresAt.toISOString(), emailed });
    },
  );

  app.get(
    '/admin/invites',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], summary: 'Recent invites and their state', response: { 200: listOf(Invite), ...errorResponses } },
    },
    async () => ({ items: await staff.listInvites() }),
  );

  app.delete(
    '/admin/invites/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], summary: 'Revoke an open invite', params: IdParam, response: { 200: ok, ...errorResponses } },
    },
    async (request) => {
      await staff.revokeInvite(requireActor(request.actor), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/accept-invite',
    {
      config: { access: 'public', rateLimitKind: 'register' },
      schema: {
        tags: ['auth'],
        summary: 'Accept an invite: set name and password, and be signed in',
        body: AcceptInviteBody,
        response: { 200: UserResponse, ...errorResponses, 410: ErrorBody },
      },
    },
    async (request, reply) => {
      const meta = { ip: request.ip, userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined };
      const { token, actor } = await staff.acceptInvite(request.body, meta);
      app.setSessionCookie(reply, token);
      return { user: toCurrentUser(actor) };
    },
  );

  // Users

  app.get(
    '/admin/users',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Who holds which role and scope, newest first',
        querystring: AdminUsersQuery,
        response: { 200: pageOf(AdminUser), ...errorResponses },
      },
    },
    async (request) => staff.listUsers(request.query),
  );

  app.get(
    '/admin/users/:id',
    { config: { access: ADMIN }, schema: { tags: ['admin'], params: IdParam, response: { 200: AdminUser, ...errorResponses } } },
    async (request) => staff.getUser(request.params.id),
  );

  app.put(
    '/admin/users/:id/role',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Replace a user’s role and scope',
        params: IdParam,
        body: RoleScopeInput,
        response: { 200: AdminUser, ...errorResponses },
      },
    },
    async (request) => staff.changeRole(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/admin/users/:id/deactivate',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Deactivate: sessions end, sockets close, sign-in refused',
        params: IdParam,
        response: { 200: AdminUser, ...errorResponses },
      },
    },
    async (request) => staff.deactivate(requireActor(request.actor), request.params.id),
  );

  app.post(
    '/admin/users/:id/reactivate',
    { config: { access: ADMIN }, schema: { tags: ['admin'], params: IdParam, response: { 200: AdminUser, ...errorResponses } } },
    async (request) => staff.reactivate(requireActor(request.actor), request.params.id),
  );

  // Chairs from self-registration

  app.post(
    '/chair-requests',
    {
      config: { access: ['resident'], rateLimitKind: 'write' },
      schema: {
        tags: ['admin'],
        summary: 'Ask to be confirmed as the chair of an organization (the district’s coordinator decides)',
        body: CreateChairRequestBody,
        response: { 201: ChairRequest, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await staff.requestChair(requireActor(request.actor), request.body)),
  );

  app.get(
    '/chair-requests',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Chair requests in the caller’s districts',
        querystring: ChairRequestsQuery,
        response: { 200: listOf(ChairRequest), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const { district, status } = request.query;
      if (district) ensure(actor.role === 'admin' || actor.districts.includes(district), 'Not your district');
      const scope = district ? [district] : actor.role === 'admin' ? undefined : actor.districts;
      return { items: await staff.chairRequests({ districts: scope, status }) };
    },
  );

  app.post(
    '/chair-requests/:id/decision',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Confirm or reject a chair request',
        params: IdParam,
        body: DecideChairRequestBody,
        response: { 200: ChairRequest, ...errorResponses },
      },
    },
    async (request) => staff.decideChairRequest(requireActor(request.actor), request.params.id, request.body.decision),
  );

  // Districts

  app.post(
    '/admin/districts',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Add a district (of any city)',
        body: CreateDistrictBody,
        response: { 201: AdminDistrict, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await config.createDistrict(requireActor(request.actor), request.body)),
  );

  app.patch(
    '/admin/districts/:slug',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], params: SlugParam, body: UpdateDistrictBody, response: { 200: AdminDistrict, ...errorResponses } },
    },
    async (request) => config.updateDistrict(requireActor(request.actor), request.params.slug, request.body),
  );

  // Services

  app.post(
    '/admin/services',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], summary: 'Add a police service', body: CreateServiceBody, response: { 201: AdminService, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await config.createService(requireActor(request.actor), request.body)),
  );

  app.patch(
    '/admin/services/:code',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], params: CodeParam, body: UpdateServiceBody, response: { 200: AdminService, ...errorResponses } },
    },
    async (request) => config.updateService(requireActor(request.actor), request.params.code, request.body),
  );

  app.delete(
    '/admin/services/:code',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Delete a service (retired instead when records name it); 409 while it has open work or routing',
        params: CodeParam,
        response: { 200: z.object({ code: z.string(), outcome: z.enum(['deleted', 'retired']) }), ...errorResponses },
      },
    },
    async (request) => config.deleteService(requireActor(request.actor), request.params.code),
  );

  // Categories and routing

  app.get(
    '/admin/categories',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], summary: 'Categories with their routing', response: { 200: listOf(AdminCategory), ...errorResponses } },
    },
    async () => ({ items: await config.listCategories() }),
  );

  app.post(
    '/admin/categories',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Add a proposal category routed to one or more services',
        body: CreateCategoryBody,
        response: { 201: AdminCategory, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await config.createCategory(requireActor(request.actor), request.body)),
  );

  app.patch(
    '/admin/categories/:code',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], params: CodeParam, body: UpdateCategoryBody, response: { 200: AdminCategory, ...errorResponses } },
    },
    async (request) => config.updateCategory(requireActor(request.actor), request.params.code, request.body),
  );

  app.put(
    '/admin/categories/:code/routes/:district',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Route a category to other services in one district (empty list: back to the city-wide services)',
        params: CategoryRouteParams,
        body: CategoryRouteBody,
        response: { 200: AdminCategory, ...errorResponses },
      },
    },
    async (request) => config.setCategoryRoute(requireActor(request.actor), request.params.code, request.params.district, request.body.services),
  );

  // Organizations

  app.post(
    '/admin/organizations',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['admin'],
        summary: 'Add a KSK, OSI or PKSK',
        body: CreateOrganizationBody,
        response: { 201: AdminOrganization, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await config.createOrganization(requireActor(request.actor), request.body)),
  );

  app.patch(
    '/admin/organizations/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], params: IdParam, body: UpdateOrganizationBody, response: { 200: AdminOrganization, ...errorResponses } },
    },
    async (request) => config.updateOrganization(requireActor(request.actor), request.params.id, request.body),
  );

  app.delete(
    '/admin/organizations/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['admin'], summary: 'Delete an organization nothing refers to', params: IdParam, response: { 200: ok, ...errorResponses } },
    },
    async (request) => {
      await config.deleteOrganization(requireActor(request.actor), request.params.id);
      return { ok: true as const };
    },
  );
}
