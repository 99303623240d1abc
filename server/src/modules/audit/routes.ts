import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AuditHead, AuditQuery, AuditRow, AuditVerification } from '@dsd/shared/audit';
import { auditHead, verifyAuditChain } from '@dsd/db/audit-chain';
import { auditLog } from '@dsd/db/schema/index';
import { errorResponses, type App } from '../../lib/route-types.ts';

/** The tamper-evident audit log: admins read it and anyone with the role can verify the chain. */
export default async function auditRoutes(app: App) {
  const maxSealDelayMs = app.appConfig.auditMaxSealDelayMs;

  app.get(
    '/audit/head',
    {
      config: { access: 'public' },
      schema: {
        tags: ['audit'],
        summary: 'The sealed chain’s head (public): size, last hash and when it was sealed',
        response: { 200: AuditHead, ...errorResponses },
      },
    },
    async () => ({ ...(await auditHead(app.db)), maxSealDelayMs }),
  );

  app.get(
    '/audit/verify',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the sealed hash chain; the first broken row if any, and the rows awaiting the sequencer',
        response: { 200: AuditVerification, ...errorResponses },
      },
    },
    async () => {
      const result = await verifyAuditChain(app.db);
      const oldestPendingAgeMs = result.oldestPendingAt ? Math.max(0, Date.now() - Date.parse(result.oldestPendingAt)) : null;
      return {
        ...result,
        oldestPendingAgeMs,
        sealingLate: oldestPendingAgeMs !== null && oldestPendingAgeMs > maxSealDelayMs,
        head: { ...result.head, maxSealDelayMs },
      };
    },
  );

  app.get(
    '/audit',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (admins)',
        querystring: AuditQuery,
        response: { 200: z.object({ items: z.array(AuditRow) }), ...errorResponses },
      },
    },
    async (request) => {
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
