import { sql } from 'drizzle-orm';
import { refreshDecisionProgress } from '@dsd/db/projections';
import { decisionsMeasuredBy } from '@dsd/db/registry-metrics';
import type { RegistryMetric } from '@dsd/shared/registries';
import type { ChangeRecorder } from '../../lib/changes.ts';

/**
 * What every registry change does besides itself: re-measure the district's decisions whose target counts this
 * registry, store their progress (the same read model the dashboard and lists use) and announce it live after
 * commit, so a decision's progress moves the moment a camera is replaced or a helper activated.
 */
export async function registryChanged(
  changes: ChangeRecorder,
  district: string,
  metrics: readonly RegistryMetric[],
  entity: { kind: string; id: string },
): Promise<void> {
  changes.live([`district:${district}`], { kind: 'registry.updated', id: entity.id, districtSlug: district, status: entity.kind });
  if ((await decisionsMeasuredBy(changes.tx, district, metrics)).length === 0) return;
  // Two registry writes in one district at once would each count without the other's row and store a stale number.
  // Only writers that move a measured decision take this per-district lock, held to commit; the count after it sees
  // every write committed before (read committed), so the last writer stores the true value.
  await changes.tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`registry-metrics:${district}`}))`);
  // Read after the lock: the stored progress the comparison starts from is the last writer's.
  const rows = await decisionsMeasuredBy(changes.tx, district, metrics);
  const derived = await refreshDecisionProgress(changes.tx, rows);
  for (const row of rows) {
    const d = derived.get(row.id)!;
    if (!d.changed) continue;
    changes.live([`decision:${row.id}`, `district:${district}`, `meeting:${row.meetingId}`], {
      kind: 'decision.updated',
      id: row.id,
      districtSlug: district,
      status: d.status,
      progress: d.progress,
    });
  }
}
