import { createHash } from 'node:crypto';
import { asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from './client.ts';
import { insertRows } from './bulk.ts';
import { auditLog } from './schema/activity.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** JSON with sorted keys, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An entry's fields as stored, and so as hashed: appendAudit writes exactly what the sequencer hashes. */
function auditFields(e: AuditEntry) {
  return {
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
  };
}

function rowHash(prevHash: string, row: AuditEntry & { at: string }): string {
  const content = canonicalJson({ at: row.at, ...auditFields(row) });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Appends to the audit log inside the caller's transaction, unsealed: no lock, no read of the previous row, so
 * writers never wait on each other. The sequencer gives the row its chain position and hash after commit.
 */
export async function appendAudit(tx: Executor, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date();
  await insertRows(
    tx,
    auditLog,
    entries.map((e) => ({ at, ...auditFields(e) })),
  );
}

/** One sequencer at a time: a second one (another worker) skips its turn instead of sealing the same positions. */
const SEQUENCER_LOCK = 7340021;

export interface SealResult {
  sealed: number;
  /** Another sequencer held the lock: this one did nothing. */
  skipped: boolean;
}

type AuditRecord = typeof auditLog.$inferSelect;

const hashOf = (prevHash: string, row: AuditRecord) =>
  rowHash(prevHash, {
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
  });

/**
 * The sequencer (Trillian's log signer, CT's merge): takes the committed unsealed rows in the order it sees them,
 * gives each the next position and chains its hash to the head, in one transaction. Rows of a transaction that
 * commits later get later positions, whatever their id.
 */
export async function sealAuditBatch(db: Database, maxRows = 1000): Promise<SealResult> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as locked`);
    if (!lock?.locked) return { sealed: 0, skipped: true };
    const rows = await tx.select().from(auditLog).where(isNull(auditLog.seq)).orderBy(asc(auditLog.id)).limit(maxRows);
    if (rows.length === 0) return { sealed: 0, skipped: false };
    const [head] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(isNotNull(auditLog.seq))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const sealed = rows.map((row) => {
      const hash = hashOf(prevHash, row);
      const entry = { id: row.id, seq: ++seq, prev_hash: prevHash, hash };
      prevHash = hash;
      return entry;
    });
    // The positions as one JSON parameter (see bulk.ts): a thousand rows are still one short statement.
    await tx.execute(sql`
      update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash, sealed_at = now()
      from jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) as v(id bigint, seq bigint, prev_hash text, hash text)
      where a.id = v.id`);
    return { sealed: rows.length, skipped: false };
  });
}

/** Seals until nothing is left (seeding, tests, shutdown). */
export async function sealAllAudit(db: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const { sealed, skipped } = await sealAuditBatch(db);
    total += sealed;
    if (sealed === 0 && !skipped) return total;
    if (skipped) await new Promise((r) => setTimeout(r, 20));
  }
}

export interface AuditHead {
  size: number;
  hash: string;
  sealedAt: string | null;
}

/** The public head of the chain: anyone may record it and later prove that nothing before it was rewritten. */
export async function auditHead(db: Executor): Promise<AuditHead> {
  const [head] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash, sealedAt: auditLog.sealedAt })
    .from(auditLog)
    .where(isNotNull(auditLog.seq))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return { size: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH, sealedAt: head?.sealedAt?.toISOString() ?? null };
}

export interface AuditBacklog {
  pending: number;
  oldestPendingAt: string | null;
}

/** Rows written but not yet sealed (a small partial index: cheap however long the log). */
export async function auditBacklog(db: Executor): Promise<AuditBacklog> {
  const [row] = await db.execute<{ pending: number; oldest: Date | string | null }>(
    sql`select count(*)::int as pending, min(at) as oldest from audit_log where seq is null`,
  );
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { pending: row?.pending ?? 0, oldestPendingAt: oldest ? oldest.toISOString() : null };
}

export type AuditVerification = (
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: { id: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' | 'position_gap' } }
) &
  AuditBacklog & { head: AuditHead };

/** Recomputes the sealed chain in position order and reports the rows still waiting for the sequencer. */
export async function verifyAuditChain(db: Executor, batchSize = 5000): Promise<AuditVerification> {
  const backlog = await auditBacklog(db);
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let afterSeq = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(batchSize);
    if (rows.length === 0) return { ok: true, checked, ...backlog, head: await auditHead(db) };
    for (const row of rows) {
      if (row.seq !== afterSeq + 1)
        return { ok: false, checked, brokenAt: { id: row.id, reason: 'position_gap' }, ...backlog, head: await auditHead(db) };
      if (row.prevHash !== prevHash)
        return { ok: false, checked, brokenAt: { id: row.id, reason: 'prev_hash_mismatch' }, ...backlog, head: await auditHead(db) };
      if (hashOf(prevHash, row) !== row.hash)
        return { ok: false, checked, brokenAt: { id: row.id, reason: 'hash_mismatch' }, ...backlog, head: await auditHead(db) };
      prevHash = row.hash;
      checked++;
      afterSeq = row.seq;
    }
  }
}
