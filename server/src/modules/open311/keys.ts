import { createHash, randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { open311Keys, users } from '@dsd/db/schema/index';
import type { Open311KeyView } from '@dsd/shared/open311';
import type { Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { Conflict, NotFound } from '../../lib/errors.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';

const KEY_PREFIX = 'o311_';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const toView = (row: typeof open311Keys.$inferSelect): Open311KeyView => ({
  id: row.id,
  partner: row.partner,
  prefix: row.prefix,
  createdAt: iso(row.createdAt),
  revokedAt: isoOrNull(row.revokedAt),
});

/** The partner a live key belongs to, as the author its reports are filed under. */
export interface Open311Partner {
  keyId: string;
  partner: string;
  author: Actor;
}

export function createOpen311Keys(deps: ChangeDeps) {
  const { db } = deps;
  return {
    async list(): Promise<Open311KeyView[]> {
      return (await db.select().from(open311Keys).orderBy(desc(open311Keys.createdAt)).limit(500)).map(toView);
    },

    /**
     * A new key and the account its reports are filed under: a resident named after the partner, whose password
     * nobody knows (a random one, hashed and thrown away), so it can never sign in.
     */
    async issue(actor: Actor, partner: string) {
      const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
      const passwordHash = await hash(randomBytes(32).toString('base64url'));
      const row = await recordChanges(deps, actor, async (changes) => {
        const [author] = await changes.tx
          .insert(users)
          .values({
            email: `open311-${randomBytes(6).toString('hex')}@partners.invalid`,
            name: `Open311: ${partner}`,
            passwordHash,
            role: 'resident',
          })
          .returning({ id: users.id });
        const [created] = await changes.tx
          .insert(open311Keys)
          .values({ partner, keyHash: hashKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6), authorId: author!.id, createdBy: actor.id })
          .returning();
        changes.audit({
          action: 'open311_key.issued',
          entityType: 'open311_key',
          entityId: created!.id,
          after: { partner, prefix: created!.prefix, authorId: author!.id },
        });
        return created!;
      });
      return { ...toView(row), key };
    },

    async revoke(actor: Actor, id: string): Promise<Open311KeyView> {
      return recordChanges(deps, actor, async (changes) => {
        const [row] = await changes.tx
          .update(open311Keys)
          .set({ revokedAt: new Date(), revokedBy: actor.id })
          .where(and(eq(open311Keys.id, id), isNull(open311Keys.revokedAt)))
          .returning();
        if (!row) {
          const [existing] = await changes.tx.select({ id: open311Keys.id }).from(open311Keys).where(eq(open311Keys.id, id));
          if (!existing) throw new NotFound('Open311 key');
          throw new Conflict('This key is already revoked');
        }
        changes.audit({
          action: 'open311_key.revoked',
          entityType: 'open311_key',
          entityId: id,
          after: { partner: row.partner, prefix: row.prefix },
        });
        return toView(row);
      });
    },

    /** The partner behind a live key, or null for a missing, unknown or revoked one (one answer for all three). */
    async authenticate(key: string | undefined): Promise<Open311Partner | null> {
      if (!key?.startsWith(KEY_PREFIX) || key.length > 200) return null;
      const [row] = await db
        .select({ keyId: open311Keys.id, partner: open311Keys.partner, authorId: users.id, name: users.name, email: users.email })
        .from(open311Keys)
        .innerJoin(users, eq(users.id, open311Keys.authorId))
        .where(and(eq(open311Keys.keyHash, hashKey(key)), isNull(open311Keys.revokedAt)));
      if (!row) return null;
      return {
        keyId: row.keyId,
        partner: row.partner,
        author: {
          id: row.authorId,
          name: row.name,
          email: row.email,
          role: 'resident',
          locale: 'ru',
          sessionId: `open311:${row.keyId}`,
          districts: [],
          services: [],
          organization: null,
        },
      };
    },
  };
}

export type Open311Keys = ReturnType<typeof createOpen311Keys>;
