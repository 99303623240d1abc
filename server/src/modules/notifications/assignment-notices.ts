import { inList } from '@dsd/db/bulk';
import type { Executor } from '@dsd/db/client';
import { decisions } from '@dsd/db/schema/index';
import { districtCoordinators, serviceHeads, serviceOfficers } from './recipients.ts';
import type { Delivery } from './service.ts';

export interface NoticedAssignment {
  id: string;
  decisionId: string;
  districtSlug: string;
  serviceCode: string;
  officerId: string | null;
}

/**
 * Who hears of an assignment: its `officers` (the one assigned, else the service's officers in the district) or its
 * `supervisors` (the service's heads and the district's coordinators).
 */
export type AssignmentAudience = 'officers' | 'supervisors';

/**
 * One notice per assignment, in the rows' order: its decision's title, a link to it, its audience. However large the
 * batch (a dispatch of a hundred, a sweep of five hundred), the titles are one read and each service and district's
 * people one lookup. All on the caller's transaction, never beside it: embedded PGlite runs one transaction at a time,
 * and a read on the pool would wait for this one to end.
 */
export async function assignmentNotices<R extends NoticedAssignment>(
  tx: Executor,
  rows: ReadonlyArray<R>,
  notice: { event: string; audience: AssignmentAudience; dedupeKey: (row: R) => string; once: boolean },
): Promise<Delivery[]> {
  if (rows.length === 0) return [];
  const titles = new Map(
    (
      await tx
        .select({ id: decisions.id, title: decisions.title })
        .from(decisions)
        .where(inList(decisions.id, [...new Set(rows.map((r) => r.decisionId))]))
    ).map((d) => [d.id, d.title]),
  );
  const people = new Map<string, Promise<string[]>>();
  const audienceOf = (row: R): Promise<string[]> => {
    if (notice.audience === 'officers' && row.officerId) return Promise.resolve([row.officerId]);
    const key = `${row.serviceCode}|${row.districtSlug}`;
    let found = people.get(key);
    if (!found) {
      found =
        notice.audience === 'officers'
          ? serviceOfficers(tx, row.serviceCode, row.districtSlug)
          : Promise.all([serviceHeads(tx, row.serviceCode), districtCoordinators(tx, row.districtSlug)]).then(([h, c]) => [...h, ...c]);
      people.set(key, found);
    }
    return found;
  };
  const deliveries: Delivery[] = [];
  for (const row of rows) {
    deliveries.push({
      event: notice.event,
      dedupeKey: notice.dedupeKey(row),
      once: notice.once,
      body: titles.get(row.decisionId) ?? '',
      link: `/assignments/${row.id}`,
      userIds: await audienceOf(row),
    });
  }
  return deliveries;
}
