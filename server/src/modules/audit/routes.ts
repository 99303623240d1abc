import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { verifyAuditChain } from '@dsd/db/audit-chain';
import { auditLog } from '@dsd/db/schema/index';
import { ensure, requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

const Verification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.object({ id: z.number().int(), reason: z.string() }).optional(),
});
const AuditRow = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
const AuditQuery = z.object({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The tamper-evident audit log: admins read it and anyone with the role can verify the chain. */
export default async function auditRoutes(app: App) {
  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain; the first broken row if any',
        response: { 200: Verification, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      ensure(actor.role === 'admin' || actor.role === 'coordinator', 'Only admins and coordinators verify the audit log');
      return verifyAuditChain(app.db);
    },
  );

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (admins)',
        querystring: AuditQuery,
        response: { 200: z.object({ items: z.array(AuditRow) }), ...errorResponses },
      },
    },
    async (request) => {
      ensure(requireActor(request.actor).role === 'admin', 'The audit log is for admins');
      const q = request.query;
      const where: Array<SQL | undefined> = [
        q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
        q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
        q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
        q.action ? eq(auditLog.action, q.action) : undefined,
        q.before ? lt(auditLog.id, q.before) : undefined,
      ];
      const rows = await app.db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(q.limit);
      return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
    },
  );
}
