import { sealAuditBatch } from '@dsd/db/audit-chain';
import { foldStatDeltas, sweepOverdue } from '@dsd/db/projections';
import type { ProcessorDeps } from './context.ts';

/**
 * The audit sequencer's turn: seal what committed since the last one. Keeps going while a burst left more than one
 * batch, so the backlog drains within the published delay.
 */
export async function sealAudit(deps: ProcessorDeps): Promise<number> {
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const { sealed, skipped } = await sealAuditBatch(deps.db, deps.audit.sealBatch);
    total += sealed;
    if (skipped || sealed < deps.audit.sealBatch) break;
  }
  return total;
}

/** Folds the counter deltas the writes appended into the read models. */
export async function foldProjections(deps: ProcessorDeps): Promise<number> {
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const moved = await foldStatDeltas(deps.db);
    total += moved;
    if (moved === 0) break;
  }
  return total;
}

/** Flags the work whose due time just passed, and tells the district pages watching it. */
export async function sweepOverdueWork(deps: ProcessorDeps): Promise<number> {
  const rows = await sweepOverdue(deps.db);
  await deps.events.publishMany(
    rows.map((row) => ({
      channels: [`district:${row.districtSlug}`, `assignment:${row.id}`, `decision:${row.decisionId}`],
      event: { kind: 'assignment.updated' as const, id: row.id, districtSlug: row.districtSlug, status: row.status, at: new Date().toISOString() },
    })),
  );
  return rows.length;
}
