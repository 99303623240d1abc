import { asc } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { readStatCounters, type StatRow } from '@dsd/db/projections';
import { districts, services } from '@dsd/db/schema/index';
import type { Dashboard } from '@dsd/shared/dashboard';
import { OPEN_ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';

const OPEN = new Set<string>(OPEN_ASSIGNMENT_STATUSES);

/**
 * District and service numbers for the public dashboard, read from the counters the writes keep (projections.ts):
 * a few hundred rows whatever the number of records, exact as of the request.
 */
export function createDashboardService({ db }: { db: Database }) {
  return {
    async build(): Promise<Dashboard> {
      const [districtRows, serviceRows, counters] = await Promise.all([
        db.select().from(districts).orderBy(asc(districts.sortOrder)),
        db.select().from(services).orderBy(asc(services.code)),
        readStatCounters(db),
      ]);
      const byDistrict = new Map<string, StatRow[]>();
      for (const c of counters) {
        const list = byDistrict.get(c.districtSlug);
        if (list) list.push(c);
        else byDistrict.set(c.districtSlug, [c]);
      }
      const byService = new Map(serviceRows.map((s) => [s.code, { open: 0, overdue: 0, disputed: 0, done: 0 }]));

      const districtViews = districtRows.map((district) => {
        const meetings = { planned: 0, held: 0, closed: 0, cancelled: 0 };
        const proposals = { total: 0, byStatus: {} as Record<string, number>, byCategory: {} as Record<string, number> };
        let decisionsTotal = 0;
        let progressSum = 0;
        const assignments = { total: 0, open: 0, byStatus: {} as Record<string, number>, overdue: 0, disputed: 0 };
        for (const { metric, key, n } of byDistrict.get(district.slug) ?? []) {
          if (n === 0) continue;
          switch (metric) {
            case 'meetings':
              if (key in meetings) meetings[key as keyof typeof meetings] = n;
              break;
            case 'proposals.status':
              proposals.byStatus[key] = n;
              proposals.total += n;
              break;
            case 'proposals.category':
              proposals.byCategory[key] = n;
              break;
            case 'decisions.status':
              decisionsTotal += n;
              break;
            case 'decisions.progress':
              progressSum += n;
              break;
            case 'assignments': {
              const [code = '', status = ''] = key.split(':');
              assignments.total += n;
              assignments.byStatus[status] = (assignments.byStatus[status] ?? 0) + n;
              const s = byService.get(code);
              if (OPEN.has(status)) {
                assignments.open += n;
                if (s) s.open += n;
              }
              if (status === 'done' && s) s.done += n;
              break;
            }
            case 'assignments.overdue':
              assignments.overdue += n;
              if (byService.has(key)) byService.get(key)!.overdue += n;
              break;
            case 'assignments.disputed':
              assignments.disputed += n;
              if (byService.has(key)) byService.get(key)!.disputed += n;
              break;
          }
        }
        return {
          slug: district.slug,
          name: { ru: district.nameRu, kk: district.nameKk, en: district.nameEn },
          meetings,
          proposals,
          decisions: { total: decisionsTotal, progress: decisionsTotal ? Math.round(progressSum / decisionsTotal) : 0 },
          assignments,
        };
      });
      return {
        districts: districtViews,
        services: serviceRows.map((s) => ({ code: s.code, name: { ru: s.nameRu, kk: s.nameKk, en: s.nameEn }, ...byService.get(s.code)! })),
      };
    },
  };
}
