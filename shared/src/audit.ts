import { z } from 'zod';

/** GET /audit/head (public): the sealed chain's size and last hash. Record it to prove later that nothing before it changed. */
export const AuditHead = z.object({
  size: z.number().int(),
  hash: z.string(),
  sealedAt: z.string().nullable(),
  /** The longest a written row may wait for its chain position, as promised by this deployment. */
  maxSealDelayMs: z.number().int(),
});
export type AuditHead = z.infer<typeof AuditHead>;

/** GET /audit/verify: the sealed chain recomputed, or the first row that breaks it, and the rows awaiting the sequencer. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.object({ id: z.number().int(), reason: z.string() }).optional(),
  pending: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  oldestPendingAgeMs: z.number().int().nullable(),
  /** The oldest pending row has waited longer than the published maximum: the sequencer is behind or stopped. */
  sealingLate: z.boolean(),
  head: AuditHead,
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
  /** Chain position and hash; null until the sequencer seals the row (within the published maximum delay). */
  seq: z.number().int().nullable(),
  hash: z.string().nullable(),
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
