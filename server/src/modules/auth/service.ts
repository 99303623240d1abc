import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { organizations, roleGrants, sessions, users } from '@dsd/db/schema/index';
import type { CurrentUser } from '@dsd/shared/auth';
import type { Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { InvalidCredentials } from '../../lib/errors.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

export function createAuthService(deps: ChangeDeps & { sessionTtlMs: number }) {
  const { db } = deps;
  // Verifying against a real hash when the email is unknown keeps response times from revealing accounts.
  const dummyHash = hash('not-a-real-password-0000');

  async function openSession(userId: string, meta: SessionMeta, executor: Pick<Database, 'insert'> = db): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await executor.insert(sessions).values({
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + deps.sessionTtlMs),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    return token;
  }

  /**
   * The caller of every signed-in request: session, user and grants in one round trip. Built once and prepared: on a
   * request that only reads a counter, building this join again cost more than running it.
   */
  const actorBySession = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      locale: users.locale,
      grant: scopeColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(roleGrants, eq(roleGrants.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, roleGrants.organizationId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql`now()`), isNull(users.deactivatedAt)))
    .prepare('actor_by_session');

  async function loadActor(token: string): Promise<Actor | null> {
    const tokenHash = hashToken(token);
    const rows = await actorBySession.execute({ tokenHash });
    const [first] = rows;
    if (!first) return null;
    const { grant: _grant, ...user } = first;
    return { ...user, sessionId: tokenHash, ...scopeOf(rows.map((r) => r.grant)) };
  }

  return {
    loadActor,
    openSession,

    /** Is this session (by its id, the token's hash) still valid? Live sockets ask before each private delivery. */
    async sessionActive(sessionId: string): Promise<boolean> {
      const [row] = await db
        .select({ one: sql`1` })
        .from(sessions)
        .where(and(eq(sessions.tokenHash, sessionId), gt(sessions.expiresAt, sql`now()`)));
      return !!row;
    },

    async login(email: string, password: string, meta: SessionMeta, previousToken?: string) {
      const [user] = await db
        .select({ id: users.id, role: users.role, passwordHash: users.passwordHash })
        .from(users)
        .where(and(eq(users.email, email), isNull(users.deactivatedAt)));
      // A deactivated account answers like an unknown one.
      if (!user) {
        await verify(await dummyHash, password);
        throw new InvalidCredentials();
      }
      if (!(await verify(user.passwordHash, password))) throw new InvalidCredentials();
      const token = await recordChanges(deps, user, async (changes) => {
        // Rotate: a session fixed before sign-in never becomes an authenticated one.
        if (previousToken) await changes.tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(previousToken)));
        // Expired sessions no longer authenticate; drop this account's leftovers so the table does not grow forever.
        await changes.tx.delete(sessions).where(and(eq(sessions.userId, user.id), lte(sessions.expiresAt, sql`now()`)));
        await changes.audit({ action: 'user.signed_in', entityType: 'user', entityId: user.id });
        return openSession(user.id, meta, changes.tx);
      });
      if (previousToken) await deps.events.sessionsEnded({ userId: user.id, sessionIds: [hashToken(previousToken)] });
      return { token, actor: (await loadActor(token))! };
    },

    /** Ends the session the actor was loaded from (its id is the token's hash). */
    async logout(actor: Actor) {
      await recordChanges(deps, actor, async (changes) => {
        await changes.tx.delete(sessions).where(eq(sessions.tokenHash, actor.sessionId));
        await changes.audit({ action: 'user.signed_out', entityType: 'user', entityId: actor.id });
      });
      await deps.events.sessionsEnded({ userId: actor.id, sessionIds: [actor.sessionId] });
    },

    /**
     * A new email gets a resident account; a known one gets nothing but a notice to its owner. Both answer alike and
     * take the same time (the password is hashed either way), so registration does not tell who has an account.
     */
    async register(input: { email: string; password: string; name: string; locale?: 'ru' | 'kk' | 'en' }): Promise<void> {
      const passwordHash = await hash(input.password);
      await recordChanges(deps, null, async (changes) => {
        const [row] = await changes.tx
          .insert(users)
          .values({ email: input.email, name: input.name, passwordHash, role: 'resident', locale: input.locale ?? 'ru' })
          .onConflictDoNothing()
          .returning({ id: users.id });
        if (row) {
          changes.audit({ action: 'user.registered', entityType: 'user', entityId: row.id, after: { role: 'resident' } });
          return;
        }
        const [owner] = await changes.tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
        if (owner) changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: 'account.register_attempt', userId: owner.id } });
      });
    },

    async changePassword(actor: Actor, currentPassword: string, newPassword: string, meta: SessionMeta) {
      const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
      if (!user || !(await verify(user.passwordHash, currentPassword))) throw new InvalidCredentials();
      const passwordHash = await hash(newPassword);
      const token = await recordChanges(deps, actor, async (changes) => {
        await changes.tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, actor.id));
        // Every other session of the account ends with the old password.
        await changes.tx.delete(sessions).where(eq(sessions.userId, actor.id));
        await changes.audit({ action: 'user.password_changed', entityType: 'user', entityId: actor.id });
        return openSession(actor.id, meta, changes.tx);
      });
      await deps.events.sessionsEnded({ userId: actor.id, exceptSessionId: hashToken(token) });
      return { token, actor: (await loadActor(token))! };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

/** A user as an actor with their grants, without a session: background jobs act as the user who started them. */
export async function loadUserActor(db: Database, userId: string): Promise<Actor | null> {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, locale: users.locale, grant: scopeColumns })
    .from(users)
    .leftJoin(roleGrants, eq(roleGrants.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, roleGrants.organizationId))
    .where(eq(users.id, userId));
  const [first] = rows;
  if (!first) return null;
  const { grant: _grant, ...user } = first;
  return { ...user, sessionId: '', ...scopeOf(rows.map((r) => r.grant)) };
}

const scopeColumns = {
  districtSlug: roleGrants.districtSlug,
  serviceCode: roleGrants.serviceCode,
  organizationId: roleGrants.organizationId,
  orgName: organizations.name,
  orgType: organizations.type,
  orgDistrict: organizations.districtSlug,
};

type GrantRow = { [K in keyof typeof scopeColumns]: string | null };

function scopeOf(grants: ReadonlyArray<GrantRow>): Pick<Actor, 'districts' | 'services' | 'organization'> {
  const districts = new Set<string>();
  const services: Actor['services'] = [];
  let organization: Actor['organization'] = null;
  for (const g of grants) {
    if (g.organizationId && g.orgName && g.orgType && g.orgDistrict) {
      organization = { id: g.organizationId, name: g.orgName, type: g.orgType, districtSlug: g.orgDistrict };
    } else if (g.serviceCode) {
      services.push({ service: g.serviceCode, district: g.districtSlug });
    } else if (g.districtSlug) {
      districts.add(g.districtSlug);
    }
  }
  return { districts: [...districts].sort(), services, organization };
}

export function toCurrentUser(actor: Actor): CurrentUser {
  const districts = new Set(actor.districts);
  for (const s of actor.services) if (s.district) districts.add(s.district);
  if (actor.organization) districts.add(actor.organization.districtSlug);
  return {
    id: actor.id,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    locale: actor.locale,
    scope: {
      districts: [...districts].sort(),
      services: [...new Set(actor.services.map((s) => s.service))],
      organization: actor.organization,
    },
  };
}
