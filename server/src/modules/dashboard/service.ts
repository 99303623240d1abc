import { asc, count, eq, sql } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { assignments, decisions, districts, meetings, proposals, services, updates } from '@dsd/db/schema/index';
import type { Dashboard } from '@dsd/shared/dashboard';
import { deriveDecisionProgress } from '@dsd/shared/decisions';

const OPEN = sql`${assignments.status} in ('queued','dispatched','accepted','in_progress','blocked','reopened')`;
const OVERDUE = sql`(${assignments.dueAt} < now() and ${OPEN})`;

/** District and service counts for the public dashboard; every number is computed from the records, never stored. */
export function createDashboardService({ db }: { db: Database }) {
  return {
    async build(): Promise<Dashboard> {
      const [districtRows, meetingCounts, proposalStatus, proposalCategory, decisionRows, work, serviceRows, disputes] = await Promise.all([
        db.select().from(districts).orderBy(asc(districts.sortOrder)),
        db.select({ d: meetings.districtSlug, s: meetings.status, n: count() }).from(meetings).groupBy(meetings.districtSlug, meetings.status),
        db
          .select({ d: proposals.districtSlug, k: proposals.status, n: count() })
          .from(proposals)
          .where(eq(proposals.hidden, false))
          .groupBy(proposals.districtSlug, proposals.status),
        db
          .select({ d: proposals.districtSlug, k: proposals.category, n: count() })
          .from(proposals)
          .where(eq(proposals.hidden, false))
          .groupBy(proposals.districtSlug, proposals.category),
        db.select({ id: decisions.id, d: decisions.districtSlug, targetValue: decisions.targetValue }).from(decisions),
        db
          .select({
            decisionId: assignments.decisionId,
            d: assignments.districtSlug,
            service: assignments.serviceCode,
            status: assignments.status,
            progress: assignments.progress,
            contribution: assignments.contribution,
            overdue: sql<boolean>`${OVERDUE}`,
            disputed: sql<boolean>`${assignments.confirmation} = 'disputed'`,
          })
          .from(assignments),
        db.select().from(services).orderBy(asc(services.code)),
        // A dispute counts once per assignment even if it was disputed again after reopening.
        db
          .selectDistinct({ assignmentId: updates.assignmentId, service: assignments.serviceCode, d: assignments.districtSlug })
          .from(updates)
          .innerJoin(assignments, eq(assignments.id, updates.assignmentId))
          .where(eq(updates.kind, 'dispute')),
      ]);

      const byDecision = new Map<string, typeof work>();
      for (const w of work) {
        if (!byDecision.has(w.decisionId)) byDecision.set(w.decisionId, []);
        byDecision.get(w.decisionId)!.push(w);
      }

      return {
        districts: districtRows.map((district) => {
          const slug = district.slug;
          const m = { planned: 0, held: 0, closed: 0, cancelled: 0 };
          for (const r of meetingCounts) if (r.d === slug) m[r.s] = r.n;
          const byStatus: Record<string, number> = {};
          const byCategory: Record<string, number> = {};
          let total = 0;
          for (const r of proposalStatus)
            if (r.d === slug) {
              byStatus[r.k] = r.n;
              total += r.n;
            }
          for (const r of proposalCategory) if (r.d === slug) byCategory[r.k] = r.n;
          const ds = decisionRows.filter((r) => r.d === slug);
          const progress = ds.map(
            (r) => deriveDecisionProgress(r.targetValue ? { value: r.targetValue } : null, byDecision.get(r.id) ?? []).progress,
          );
          const mine = work.filter((w) => w.d === slug);
          const aStatus: Record<string, number> = {};
          for (const w of mine) aStatus[w.status] = (aStatus[w.status] ?? 0) + 1;
          return {
            slug,
            name: { ru: district.nameRu, kk: district.nameKk, en: district.nameEn },
            meetings: m,
            proposals: { total, byStatus, byCategory },
            decisions: { total: ds.length, progress: progress.length ? Math.round(progress.reduce((a, b) => a + b, 0) / progress.length) : 0 },
            assignments: {
              total: mine.length,
              open: mine.filter((w) => !['done', 'cancelled'].includes(w.status)).length,
              byStatus: aStatus,
              overdue: mine.filter((w) => w.overdue).length,
              disputed: disputes.filter((x) => x.d === slug).length,
            },
          };
        }),
        services: serviceRows.map((s) => {
          const mine = work.filter((w) => w.service === s.code);
          return {
            code: s.code,
            name: { ru: s.nameRu, kk: s.nameKk, en: s.nameEn },
            open: mine.filter((w) => !['done', 'cancelled'].includes(w.status)).length,
            overdue: mine.filter((w) => w.overdue).length,
            disputed: disputes.filter((x) => x.service === s.code).length,
            done: mine.filter((w) => w.status === 'done').length,
          };
        }),
      };
    },
  };
}
