import { z } from 'zod';

/** GET /audit/verify: the chain recomputed, or the first row that breaks it. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.object({ id: z.number().int(), reason: z.string() }).optional(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AuditRow = z.object({
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
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditQuery = z.object({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  /** Rows older than this id: the next page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof AuditQuery>;
