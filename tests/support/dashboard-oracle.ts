import { sql } from 'drizzle-orm';
import type { Executor } from '@dsd/db/client';
import { measureDecisions } from '@dsd/db/registry-metrics';
import { deriveDecisionProgress } from '@dsd/shared/decisions';
import { OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';

const OPEN = new Set<string>(OPEN_ASSIGNMENT_STATUSES);

/** The dashboard as a fresh scan of every record would compute it: the oracle the read models must equal. */
export async function freshCount(db: Executor) {
  const q = <T>(query: ReturnType<typeof sql>) => db.execute(query) as unknown as Promise<T[]>;
  const [meetings, proposals, categories, decisionRows, work, disputes] = await Promise.all([
    q<{ d: string; k: string; n: number }>(sql`select district_slug d, status k, count(*)::int n from meetings group by 1, 2`),
    q<{ d: string; k: string; n: number }>(sql`select district_slug d, status k, count(*)::int n from proposals where not hidden group by 1, 2`),
    q<{ d: string; k: string; n: number }>(sql`select district_slug d, category k, count(*)::int n from proposals where not hidden group by 1, 2`),
    q<{ id: string; d: string; target: number | null }>(sql`select id, district_slug d, target_value target from decisions`),
    q<{ decision: string; d: string; s: string; status: string; progress: number; contribution: number | null; overdue: boolean }>(
      sql`select decision_id decision, district_slug d, service_code s, status, progress, contribution,
            (due_at < now() and status in ('queued','dispatched','accepted','in_progress','blocked','reopened')) overdue from assignments`,
    ),
    q<{ d: string; s: string }>(
      sql`select distinct a.id, a.district_slug d, a.service_code s from updates u join assignments a on a.id = u.assignment_id where u.kind = 'dispute'`,
    ),
  ]);
  // Targets measured by a registry (cameras replaced, helpers active, …) count the registry, as the read model does.
  const measured = await measureDecisions(
    db,
    decisionRows.map((r) => r.id),
  );
  const districts: Record<string, unknown> = {};
  for (const slug of ['alatau', 'almaly', 'auezov', 'bostandyk', 'zhetysu', 'medeu', 'nauryzbay', 'turksib']) {
    const m = { planned: 0, held: 0, closed: 0, cancelled: 0 } as Record<string, number>;
    for (const r of meetings) if (r.d === slug) m[r.k] = r.n;
    const byStatus = Object.fromEntries(proposals.filter((r) => r.d === slug).map((r) => [r.k, r.n]));
    const byCategory = Object.fromEntries(categories.filter((r) => r.d === slug).map((r) => [r.k, r.n]));
    const ds = decisionRows.filter((r) => r.d === slug);
    const progress = ds.map(
      (r) =>
        deriveDecisionProgress(
          r.target !== null ? { value: r.target } : null,
          work.filter((w) => w.decision === r.id),
          measured.get(r.id),
        ).progress,
    );
    const mine = work.filter((w) => w.d === slug);
    const aStatus: Record<string, number> = {};
    for (const w of mine) aStatus[w.status] = (aStatus[w.status] ?? 0) + 1;
    districts[slug] = {
      meetings: m,
      proposals: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus, byCategory },
      decisions: { total: ds.length, progress: progress.length ? Math.round(progress.reduce((a, b) => a + b, 0) / progress.length) : 0 },
      assignments: {
        total: mine.length,
        open: mine.filter((w) => OPEN.has(w.status)).length,
        byStatus: aStatus,
        overdue: mine.filter((w) => w.overdue).length,
        disputed: disputes.filter((x) => x.d === slug).length,
      },
    };
  }
  return districts;
}
