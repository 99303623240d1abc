import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { and, asc, eq, gt, ilike, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '@dsd/db/client';
import { chairRequests, districts, invites, organizations, roleGrants, services, sessions, users, type InviteGrants } from '@dsd/db/schema/index';
import type { AdminUser, ChairRequest, CreateInviteBody, Invite, RoleScopeInput } from '@dsd/shared/admin';
import type { Role } from '@dsd/shared/enums';
import { coordinates, ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { Conflict, FieldError, NotFound } from '../../lib/errors.ts';
import { cursorCondition, newestFirst, toPage } from '../../lib/pagination.ts';
import { hashToken, type AuthService, type SessionMeta } from '../auth/service.ts';
import { InviteExpired, InviteUsed, LastAdmin } from './errors.ts';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

export interface StaffDeps extends ChangeDeps {
  auth: Pick<AuthService, 'openSession' | 'loadActor'>;
}

/**
 * The scope a role needs, checked against the records: coordinators name districts; officers and service heads name
 * services (in a district, or city-wide with district null); chairs one organization; admins nothing. Anything
 * else, or a name that does not exist, is a 400 that points at the field.
 */
export async function checkRoleScope(db: Executor, input: RoleScopeInput): Promise<InviteGrants> {
  const districtList = [...new Set(input.districts ?? [])];
  const serviceList = dedupeServices(input.services ?? []);
  const organizationId = input.organizationId ?? null;
  const needs = {
    districts: input.role === 'coordinator',
    services: input.role === 'officer' || input.role === 'service_head',
    organization: input.role === 'chair',
  };
  if (needs.districts !== districtList.length > 0)
    throw new FieldError(
      'body.districts',
      needs.districts ? 'a coordinator needs at least one district' : `a ${input.role} has no districts`,
      needs.districts ? 'required' : 'invalid',
    );
  if (needs.services !== serviceList.length > 0)
    throw new FieldError(
      'body.services',
      needs.services ? `a ${input.role} needs at least one service` : `a ${input.role} has no services`,
      needs.services ? 'required' : 'invalid',
    );
  if (needs.organization !== (organizationId !== null))
    throw new FieldError(
      'body.organizationId',
      needs.organization ? 'a chair needs an organization' : `a ${input.role} has no organization`,
      needs.organization ? 'required' : 'invalid',
    );

  const namedDistricts = [...new Set([...districtList, ...serviceList.flatMap((s) => (s.district ? [s.district] : []))])];
  const namedServices = [...new Set(serviceList.map((s) => s.service))];
  const [foundDistricts, foundServices, foundOrganizations] = await Promise.all([
    namedDistricts.length ? db.select({ slug: districts.slug }).from(districts).where(inArray(districts.slug, namedDistricts)) : [],
    namedServices.length
      ? db
          .select({ code: services.code })
          .from(services)
          .where(and(inArray(services.code, namedServices), eq(services.active, true)))
      : [],
    organizationId ? db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)) : [],
  ]);
  const missingDistricts = namedDistricts.filter((d) => !foundDistricts.some((f) => f.slug === d));
  if (missingDistricts.length) throw new FieldError('body.districts', `unknown district: ${missingDistricts.join(', ')}`, 'unknown_reference');
  const missingServices = namedServices.filter((c) => !foundServices.some((f) => f.code === c));
  if (missingServices.length)
    throw new FieldError('body.services', `unknown or inactive service: ${missingServices.join(', ')}`, 'unknown_reference');
  if (organizationId && foundOrganizations.length === 0) throw new FieldError('body.organizationId', 'unknown organization', 'unknown_reference');
  return { districts: districtList.sort(), services: serviceList, organizationId };
}

function dedupeServices(list: ReadonlyArray<{ service: string; district: string | null }>) {
  const seen = new Map<string, { service: string; district: string | null }>();
  for (const s of list) seen.set(`${s.service}|${s.district ?? ''}`, { service: s.service, district: s.district });
  return [...seen.values()];
}

function grantRows(userId: string, grants: InviteGrants): Array<typeof roleGrants.$inferInsert> {
  return [
    ...grants.districts.map((districtSlug) => ({ userId, districtSlug })),
    ...grants.services.map((s) => ({ userId, serviceCode: s.service, districtSlug: s.district })),
    ...(grants.organizationId ? [{ userId, organizationId: grants.organizationId }] : []),
  ];
}

async function replaceGrants(tx: Executor, userId: string, grants: InviteGrants) {
  await tx.delete(roleGrants).where(eq(roleGrants.userId, userId));
  const rows = grantRows(userId, grants);
  if (rows.length) await tx.insert(roleGrants).values(rows);
}

const orgColumns = { id: organizations.id, name: organizations.name, type: organizations.type, districtSlug: organizations.districtSlug };

async function scopesOf(db: Executor, userIds: string[]): Promise<Map<string, AdminUser['scope']>> {
  const result = new Map<string, AdminUser['scope']>(userIds.map((id) => [id, { districts: [], services: [], organization: null }]));
  if (userIds.length === 0) return result;
  const rows = await db
    .select({ userId: roleGrants.userId, districtSlug: roleGrants.districtSlug, serviceCode: roleGrants.serviceCode, org: orgColumns })
    .from(roleGrants)
    .leftJoin(organizations, eq(organizations.id, roleGrants.organizationId))
    .where(inArray(roleGrants.userId, userIds));
  for (const r of rows) {
    const scope = result.get(r.userId)!;
    if (r.org?.id) scope.organization = r.org;
    else if (r.serviceCode) scope.services.push({ service: r.serviceCode, district: r.districtSlug });
    else if (r.districtSlug) scope.districts.push(r.districtSlug);
  }
  for (const scope of result.values()) scope.districts.sort();
  return result;
}

async function scopeOfGrants(db: Executor, grants: InviteGrants): Promise<AdminUser['scope']> {
  const [org] = grants.organizationId ? await db.select(orgColumns).from(organizations).where(eq(organizations.id, grants.organizationId)) : [];
  return { districts: grants.districts, services: grants.services, organization: org ?? null };
}

/** Admins who can still sign in, other than `exceptId`: the platform never loses its last one. */
async function otherActiveAdmins(tx: Executor, exceptId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt), ne(users.id, exceptId)));
  return row?.n ?? 0;
}

export function createStaffService(deps: StaffDeps) {
  const { db } = deps;

  async function userRow(id: string) {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    if (!row) throw new NotFound('User');
    return row;
  }

  async function toAdminUser(row: typeof users.$inferSelect): Promise<AdminUser> {
    const scope = (await scopesOf(db, [row.id])).get(row.id)!;
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      active: row.deactivatedAt === null,
      createdAt: row.createdAt.toISOString(),
      scope,
    };
  }

  /** Two admins demoting or deactivating each other at once must not both succeed: one lock orders them. */
  const lockAdmins = (tx: Executor) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('dsd:last-admin'))`);

  return {
    async createInvite(actor: Actor, input: CreateInviteBody, linkBase: string) {
      const grants = await checkRoleScope(db, input);
      const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
      if (existing) throw new Conflict('This email already has an account: change its role on the users page instead');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
      const id = await recordChanges(deps, actor, async (changes) => {
        // A new invite replaces any earlier link for the same person.
        await changes.tx
          .update(invites)
          .set({ expiresAt: new Date() })
          .where(and(eq(invites.email, input.email), isNull(invites.acceptedAt), gt(invites.expiresAt, sql`now()`)));
        const [row] = await changes.tx
          .insert(invites)
          .values({
            tokenHash: hashToken(token),
            email: input.email,
            role: input.role,
            locale: input.locale ?? 'ru',
            grants,
            invitedBy: actor.id,
            expiresAt,
          })
          .returning({ id: invites.id });
        changes.audit({ action: 'invite.created', entityType: 'invite', entityId: row!.id, after: { email: input.email, role: input.role, grants } });
        return row!.id;
      });
      return { id, token, inviteUrl: `${linkBase}/accept-invite#token=${token}`, expiresAt };
    },

    async listInvites(): Promise<Invite[]> {
      const rows = await db.select().from(invites).orderBy(sql`${invites.createdAt} desc`).limit(200);
      const now = Date.now();
      return Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          email: r.email,
          role: r.role,
          scope: await scopeOfGrants(db, r.grants),
          createdAt: r.createdAt.toISOString(),
          expiresAt: r.expiresAt.toISOString(),
          status: r.acceptedAt ? ('accepted' as const) : r.expiresAt.getTime() <= now ? ('expired' as const) : ('pending' as const),
        })),
      );
    },

    async revokeInvite(actor: Actor, id: string) {
      await recordChanges(deps, actor, async (changes) => {
        const [row] = await changes.tx
          .update(invites)
          .set({ expiresAt: new Date() })
          .where(and(eq(invites.id, id), isNull(invites.acceptedAt)))
          .returning({ id: invites.id });
        if (!row) throw new NotFound('Open invite');
        changes.audit({ action: 'invite.revoked', entityType: 'invite', entityId: id });
      });
    },

    /** The invited person sets a name and password: the account is created with the invite's role and scope, signed in. */
    async acceptInvite(input: { token: string; name: string; password: string }, meta: SessionMeta) {
      const passwordHash = await hash(input.password);
      const token = await recordChanges(deps, null, async (changes) => {
        // FOR UPDATE: the same link clicked twice at once creates one account.
        const [invite] = await changes.tx
          .select()
          .from(invites)
          .where(eq(invites.tokenHash, hashToken(input.token)))
          .for('update');
        if (!invite) throw new NotFound('Invite');
        if (invite.acceptedAt) throw new InviteUsed();
        if (invite.expiresAt.getTime() <= Date.now()) throw new InviteExpired();
        const [user] = await changes.tx
          .insert(users)
          .values({ email: invite.email, name: input.name, passwordHash, role: invite.role, locale: invite.locale })
          .onConflictDoNothing()
          .returning({ id: users.id });
        if (!user) throw new Conflict('This email already has an account; sign in instead');
        // Grants may have gone stale since the invite (a district removed, a service retired): the FK keeps them honest.
        await replaceGrants(changes.tx, user.id, invite.grants);
        await changes.tx.update(invites).set({ acceptedAt: new Date(), userId: user.id }).where(eq(invites.id, invite.id));
        changes.audit({ action: 'invite.accepted', entityType: 'invite', entityId: invite.id, after: { userId: user.id } });
        changes.audit({
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          after: { role: invite.role, grants: invite.grants, invite: invite.id },
        });
        return deps.auth.openSession(user.id, meta, changes.tx);
      });
      return { token, actor: (await deps.auth.loadActor(token))! };
    },

    async listUsers(query: { role?: Role; q?: string; limit: number; cursor?: string }) {
      const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
      const rows = await db
        .select()
        .from(users)
        .where(
          and(
            query.role ? eq(users.role, query.role) : undefined,
            pattern ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined,
            cursorCondition(query.cursor, users.createdAt, users.id),
          ),
        )
        .orderBy(...newestFirst(users.createdAt, users.id))
        .limit(query.limit + 1);
      const scopes = await scopesOf(
        db,
        rows.map((r) => r.id),
      );
      return toPage(rows, query.limit, (r) => ({
        id: r.id,
        email: r.email,
        name: r.name,
        role: r.role,
        active: r.deactivatedAt === null,
        createdAt: r.createdAt.toISOString(),
        scope: scopes.get(r.id)!,
      }));
    },

    async getUser(id: string) {
      return toAdminUser(await userRow(id));
    },

    /** Role and scope replaced as a whole. The person's open sockets close so they resubscribe with the new rights. */
    async changeRole(actor: Actor, id: string, input: RoleScopeInput) {
      const grants = await checkRoleScope(db, input);
      const before = await this.getUser(id);
      await recordChanges(deps, actor, async (changes) => {
        if (before.role === 'admin' && input.role !== 'admin') {
          await lockAdmins(changes.tx);
          if ((await otherActiveAdmins(changes.tx, id)) === 0) throw new LastAdmin();
        }
        await changes.tx.update(users).set({ role: input.role }).where(eq(users.id, id));
        await replaceGrants(changes.tx, id, grants);
        changes.audit({
          action: 'user.role_changed',
          entityType: 'user',
          entityId: id,
          before: { role: before.role, scope: before.scope },
          after: { role: input.role, grants },
        });
      });
      await deps.events.sessionsEnded({ userId: id, exceptSessionId: actor.id === id ? actor.sessionId : undefined });
      return this.getUser(id);
    },

    /** The account stops signing in: its sessions end and its sockets close on every instance. */
    async deactivate(actor: Actor, id: string) {
      const before = await userRow(id);
      if (before.deactivatedAt) return toAdminUser(before);
      await recordChanges(deps, actor, async (changes) => {
        if (before.role === 'admin') {
          await lockAdmins(changes.tx);
          if ((await otherActiveAdmins(changes.tx, id)) === 0) throw new LastAdmin();
        }
        await changes.tx.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, id));
        await changes.tx.delete(sessions).where(eq(sessions.userId, id));
        changes.audit({ action: 'user.deactivated', entityType: 'user', entityId: id });
      });
      await deps.events.sessionsEnded({ userId: id });
      return this.getUser(id);
    },

    async reactivate(actor: Actor, id: string) {
      const before = await userRow(id);
      if (!before.deactivatedAt) return toAdminUser(before);
      await recordChanges(deps, actor, async (changes) => {
        await changes.tx.update(users).set({ deactivatedAt: null }).where(eq(users.id, id));
        changes.audit({ action: 'user.reactivated', entityType: 'user', entityId: id });
      });
      return this.getUser(id);
    },

    // Chairs from self-registration: a resident asks, the district's coordinator confirms.

    async requestChair(actor: Actor, input: { organizationId: string; note?: string }): Promise<ChairRequest> {
      ensure(actor.role === 'resident', 'Residents ask to be confirmed as a chair');
      const [org] = await db.select(orgColumns).from(organizations).where(eq(organizations.id, input.organizationId));
      if (!org) throw new FieldError('body.organizationId', 'unknown organization', 'unknown_reference');
      const id = await recordChanges(deps, actor, async (changes) => {
        const [open] = await changes.tx
          .select({ id: chairRequests.id })
          .from(chairRequests)
          .where(and(eq(chairRequests.userId, actor.id), eq(chairRequests.status, 'pending')));
        if (open) throw new Conflict('You already have a request waiting for the coordinator');
        const [row] = await changes.tx
          .insert(chairRequests)
          .values({ userId: actor.id, organizationId: org.id, note: input.note ?? null })
          .returning({ id: chairRequests.id });
        changes.audit({ action: 'chair_request.created', entityType: 'chair_request', entityId: row!.id, after: { organizationId: org.id } });
        return row!.id;
      });
      return (await this.chairRequests({ ids: [id] }))[0]!;
    },

    async chairRequests(filter: { districts?: string[]; status?: 'pending' | 'confirmed' | 'rejected'; ids?: string[] }): Promise<ChairRequest[]> {
      const rows = await db
        .select({
          id: chairRequests.id,
          note: chairRequests.note,
          status: chairRequests.status,
          createdAt: chairRequests.createdAt,
          user: { id: users.id, name: users.name, email: users.email },
          organization: orgColumns,
        })
        .from(chairRequests)
        .innerJoin(users, eq(users.id, chairRequests.userId))
        .innerJoin(organizations, eq(organizations.id, chairRequests.organizationId))
        .where(
          and(
            filter.ids ? inArray(chairRequests.id, filter.ids) : undefined,
            filter.districts ? inArray(organizations.districtSlug, filter.districts) : undefined,
            filter.status ? eq(chairRequests.status, filter.status) : undefined,
          ),
        )
        .orderBy(asc(chairRequests.createdAt))
        .limit(200);
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    },

    async decideChairRequest(actor: Actor, id: string, decision: 'confirm' | 'reject'): Promise<ChairRequest> {
      const [request] = await this.chairRequests({ ids: [id] });
      if (!request) throw new NotFound('Chair request');
      ensure(coordinates(actor, request.organization.districtSlug), 'The coordinator of the organization’s district decides');
      await recordChanges(deps, actor, async (changes) => {
        const [row] = await changes.tx
          .update(chairRequests)
          .set({ status: decision === 'confirm' ? 'confirmed' : 'rejected', decidedBy: actor.id, decidedAt: new Date() })
          .where(and(eq(chairRequests.id, id), eq(chairRequests.status, 'pending')))
          .returning({ userId: chairRequests.userId });
        if (!row) throw new Conflict(`The request is already ${request.status}`);
        if (decision === 'confirm') {
          const [user] = await changes.tx
            .select({ role: users.role, deactivatedAt: users.deactivatedAt })
            .from(users)
            .where(eq(users.id, row.userId));
          if (user?.role !== 'resident' || user.deactivatedAt) throw new Conflict('Only an active resident account becomes a chair');
          await changes.tx.update(users).set({ role: 'chair' }).where(eq(users.id, row.userId));
          await replaceGrants(changes.tx, row.userId, { districts: [], services: [], organizationId: request.organization.id });
          changes.audit({
            action: 'user.role_changed',
            entityType: 'user',
            entityId: row.userId,
            before: { role: 'resident' },
            after: { role: 'chair', organizationId: request.organization.id },
          });
        }
        changes.audit({ action: `chair_request.${decision === 'confirm' ? 'confirmed' : 'rejected'}`, entityType: 'chair_request', entityId: id });
      });
      return (await this.chairRequests({ ids: [id] }))[0]!;
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
