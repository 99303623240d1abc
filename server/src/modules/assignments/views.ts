import { and, asc, desc, eq, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { assignments, decisionProposals, decisions, organizations, proposals, roleGrants, updates, users } from '@dsd/db/schema/index';
import type { AssignmentView } from '@dsd/shared/assignments';
import { OPEN_ASSIGNMENT_STATUSES, type AssignmentStatus } from '@dsd/shared/status-machines';
import type { TimelineEntry } from '@dsd/shared/updates';
import { coordinates, isPolice, readsTips, worksFor, type Actor } from '../../lib/access.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';

export const assignmentSelection = {
  a: assignments,
  decisionTitle: decisions.title,
  decisionKind: decisions.kind,
  category: decisions.category,
  targetValue: decisions.targetValue,
  targetUnit: decisions.targetUnit,
  officerName: users.name,
};
export type AssignmentRow = typeof assignments.$inferSelect & {
  decisionTitle: string;
  decisionKind: 'decision' | 'instruction';
  category: (typeof decisions.$inferSelect)['category'];
  targetValue: number | null;
  targetUnit: string | null;
  officerName: string | null;
};

export function isOverdue(row: { status: AssignmentStatus; dueAt: Date | null }, now = new Date()): boolean {
  return !!row.dueAt && row.dueAt < now && OPEN_ASSIGNMENT_STATUSES.includes(row.status);
}

export async function fetchAssignmentRows(db: Database, where: SQL | undefined, order: SQL[] | undefined, limit?: number): Promise<AssignmentRow[]> {
  const q = db
    .select(assignmentSelection)
    .from(assignments)
    .innerJoin(decisions, eq(decisions.id, assignments.decisionId))
    .leftJoin(users, eq(users.id, assignments.officerId))
    .where(where)
    .orderBy(...(order ?? [asc(assignments.createdAt), asc(assignments.serviceCode)]));
  const rows = limit ? await q.limit(limit) : await q;
  return rows.map((r) => ({
    ...r.a,
    decisionTitle: r.decisionTitle,
    decisionKind: r.decisionKind,
    category: r.category,
    targetValue: r.targetValue,
    targetUnit: r.targetUnit,
    officerName: r.officerName,
  }));
}

/** Police see who works an assignment; the public sees the service only. Tip details go to the service and coordinators. */
export async function toAssignmentViews(
  db: Database,
  actor: Actor | null,
  rows: AssignmentRow[],
  { noTips = false }: { noTips?: boolean } = {},
): Promise<AssignmentView[]> {
  const readers = noTips ? [] : rows.filter((r) => readsTips(actor, r.districtSlug, [r.serviceCode]));
  const tips = new Map<string, Array<{ proposalId: string; details: string }>>();
  if (readers.length > 0) {
    const decisionIds = [...new Set(readers.map((r) => r.decisionId))];
    const rowsWithTips = await db
      .select({ decisionId: decisionProposals.decisionId, proposalId: proposals.id, details: proposals.confidentialDetails })
      .from(decisionProposals)
      .innerJoin(proposals, eq(proposals.id, decisionProposals.proposalId))
      .where(and(inArray(decisionProposals.decisionId, decisionIds), isNotNull(proposals.confidentialDetails)));
    for (const t of rowsWithTips) {
      if (!tips.has(t.decisionId)) tips.set(t.decisionId, []);
      tips.get(t.decisionId)!.push({ proposalId: t.proposalId, details: t.details! });
    }
  }
  const now = new Date();
  const police = isPolice(actor);
  return rows.map((r) => {
    const view: AssignmentView = {
      id: r.id,
      decisionId: r.decisionId,
      decisionTitle: r.decisionTitle,
      decisionKind: r.decisionKind,
      category: r.category,
      districtSlug: r.districtSlug,
      serviceCode: r.serviceCode,
      officer: police && r.officerId && r.officerName ? { id: r.officerId, name: r.officerName } : null,
      status: r.status,
      dueAt: isoOrNull(r.dueAt),
      overdue: isOverdue(r, now),
      progress: r.progress,
      contribution: r.contribution,
      blockedReason: r.blockedReason,
      confirmation: r.confirmation,
      version: r.version,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    };
    if (readers.includes(r) && tips.has(r.decisionId)) view.confidentialDetails = tips.get(r.decisionId);
    return view;
  });
}

/** The decision's visible proposals, with the address an officer goes to and the organization that asked. */
export async function linkedProposals(db: Database, decisionId: string) {
  return db
    .select({ id: proposals.id, title: proposals.title, address: proposals.address, organization: organizations.name })
    .from(decisionProposals)
    .innerJoin(proposals, eq(proposals.id, decisionProposals.proposalId))
    .leftJoin(organizations, eq(organizations.id, proposals.organizationId))
    .where(and(eq(decisionProposals.decisionId, decisionId), eq(proposals.hidden, false)))
    .orderBy(asc(proposals.createdAt));
}

/** The organization of the chair whose confirmation stands (names of associations are public; the chair's is not). */
export async function confirmedBy(db: Database, assignmentId: string): Promise<{ organization: string | null; at: string } | null> {
  const [row] = await db
    .select({ organization: organizations.name, at: updates.createdAt })
    .from(updates)
    .leftJoin(roleGrants, and(eq(roleGrants.userId, updates.authorId), isNotNull(roleGrants.organizationId)))
    .leftJoin(organizations, eq(organizations.id, roleGrants.organizationId))
    .where(and(eq(updates.assignmentId, assignmentId), eq(updates.kind, 'confirmation')))
    .orderBy(desc(updates.createdAt))
    .limit(1);
  return row ? { organization: row.organization, at: iso(row.at) } : null;
}

/** Hidden entries leave every public timeline and feed; their authors and the district's coordinators still see them. */
export const shownToPublic = eq(updates.hidden, false);

/**
 * The one visibility rule for timeline entries, whichever page shows them (decision, assignment): public entries go
 * to everyone; an internal one to the district's coordinators (admins included), to the service whose assignment it
 * is about — not to the other services working the same decision — and to its author; a hidden one only to the
 * district's coordinators and its author.
 */
export function seesTimelineEntry(
  actor: Actor | null,
  districtSlug: string,
  entry: { visibility: 'public' | 'internal'; hidden: boolean; authorId: string | null; serviceCode: string | null },
): boolean {
  const author = !!actor && entry.authorId === actor.id;
  const coordinator = coordinates(actor, districtSlug);
  if (entry.hidden && !coordinator && !author) return false;
  if (entry.visibility === 'public') return true;
  return coordinator || author || (entry.serviceCode !== null && worksFor(actor, entry.serviceCode, districtSlug));
}

export async function fetchTimeline(
  db: Database,
  actor: Actor | null,
  where: { decisionId?: string; assignmentId?: string },
  districtSlug: string,
): Promise<TimelineEntry[]> {
  const rows = await db
    .select({ u: updates, author: users.name, authorRole: users.role, serviceCode: assignments.serviceCode })
    .from(updates)
    .leftJoin(users, eq(users.id, updates.authorId))
    .leftJoin(assignments, eq(assignments.id, updates.assignmentId))
    .where(
      and(
        or(
          where.decisionId ? eq(updates.decisionId, where.decisionId) : undefined,
          where.assignmentId ? eq(updates.assignmentId, where.assignmentId) : undefined,
        ),
        // The public (most readers) is served public, shown entries by the index alone; the rule below decides the rest.
        actor ? undefined : and(eq(updates.visibility, 'public'), shownToPublic),
      ),
    )
    .orderBy(asc(updates.createdAt));
  const police = isPolice(actor);
  // Staff names are shown to staff; the public sees the role of whoever wrote the entry.
  return rows
    .filter(({ u, serviceCode }) => seesTimelineEntry(actor, districtSlug, { ...u, serviceCode }))
    .map(({ u, author, authorRole, serviceCode }) => toTimelineEntry(u, serviceCode, author ? (police ? author : authorRole) : null));
}

export function toTimelineEntry(u: typeof updates.$inferSelect, serviceCode: string | null, author: string | null): TimelineEntry {
  return {
    id: u.id,
    kind: u.kind,
    assignmentId: u.assignmentId,
    serviceCode,
    fromStatus: u.fromStatus,
    toStatus: u.toStatus,
    note: u.note,
    progress: u.progress,
    evidenceUrl: u.evidenceUrl,
    visibility: u.visibility,
    author,
    hidden: u.hidden,
    hiddenReason: u.hiddenReason,
    createdAt: iso(u.createdAt),
  };
}
