import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@dsd/db/client';
import { buildings, inspectorFeedback, inspectorProfiles, organizations } from '@dsd/db/schema/index';
import { coordinates, ensure, type Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';
import { NotFound } from '../../lib/errors.ts';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((100 * part) / whole));

/** Inspectors' public cards with their area's chat coverage, for any filter on the profiles. */
export async function inspectorCards(db: Executor, where: SQL | undefined) {
  const rows = await db
    .select({
      p: inspectorProfiles,
      buildings: sql<number>`count(${buildings.id})::int`,
      withChat: sql<number>`count(${buildings.id}) filter (where ${buildings.chatJoined})::int`,
    })
    .from(inspectorProfiles)
    .leftJoin(buildings, eq(buildings.inspectorId, inspectorProfiles.id))
    .where(where)
    .groupBy(inspectorProfiles.id)
    .orderBy(asc(inspectorProfiles.name));
  return rows.map(({ p, buildings: total, withChat }) => ({
    id: p.id,
    districtSlug: p.districtSlug,
    name: p.name,
    rank: p.rank,
    photoUrl: p.photoUrl,
    precinctAddress: p.precinctAddress,
    receptionHours: p.receptionHours,
    phone: p.phone,
    buildings: total,
    buildingsWithChat: withChat,
    coveragePercent: percent(withChat, total),
  }));
}

/**
 * The inspectors of a district, as public cards: the one query other modules (e.g. a neighbourhood's "people" page)
 * read inspectors through.
 */
export const inspectorsOfDistrict = (db: Executor, district: string) => inspectorCards(db, eq(inspectorProfiles.districtSlug, district));

/** The district's chat coverage: buildings whose residents' chat has the area's inspector, of all its buildings. */
export async function districtChatCoverage(db: Executor, district: string) {
  const [row] = await db
    .select({ total: sql<number>`count(*)::int`, withChat: sql<number>`count(*) filter (where ${buildings.chatJoined})::int` })
    .from(buildings)
    .where(eq(buildings.districtSlug, district));
  const total = row?.total ?? 0;
  const withChat = row?.withChat ?? 0;
  return { buildings: total, buildingsWithChat: withChat, coveragePercent: percent(withChat, total) };
}

export function createInspectorService(deps: ChangeDeps) {
  const { db } = deps;

  async function card(id: string) {
    const [row] = await inspectorCards(db, eq(inspectorProfiles.id, id));
    if (!row) throw new NotFound('Inspector');
    return row;
  }

  return {
    list: async (q: { district?: string }) => ({
      items: await inspectorCards(db, q.district ? eq(inspectorProfiles.districtSlug, q.district) : undefined),
    }),

    async detail(actor: Actor | null, id: string) {
      const inspector = await card(id);
      const moderator = coordinates(actor, inspector.districtSlug);
      const [area, feedback] = await Promise.all([
        db
          .select({ id: buildings.id, address: buildings.address, chatJoined: buildings.chatJoined, joinedAt: buildings.chatJoinedAt })
          .from(buildings)
          .where(eq(buildings.inspectorId, id))
          .orderBy(asc(buildings.address)),
        db
          .select({ f: inspectorFeedback, organization: organizations.name })
          .from(inspectorFeedback)
          .innerJoin(organizations, eq(organizations.id, inspectorFeedback.organizationId))
          .where(and(eq(inspectorFeedback.inspectorId, id), moderator ? undefined : eq(inspectorFeedback.status, 'approved')))
          .orderBy(desc(inspectorFeedback.createdAt))
          .limit(50),
      ]);
      return {
        ...inspector,
        area: area.map((b) => ({ id: b.id, address: b.address, chatJoined: b.chatJoined, joinedAt: isoOrNull(b.joinedAt) })),
        feedback: feedback.map(({ f, organization }) => ({
          id: f.id,
          kind: f.kind,
          body: f.body,
          organization,
          status: f.status,
          createdAt: iso(f.createdAt),
        })),
      };
    },

    async ofDistrict(district: string) {
      const [items, coverage] = await Promise.all([inspectorsOfDistrict(db, district), districtChatCoverage(db, district)]);
      return { ...coverage, items };
    },

    /** A chair's feedback or commendation on the inspector of one of its buildings; shown once a coordinator approves. */
    async addFeedback(actor: Actor, id: string, input: { kind: 'feedback' | 'commendation'; body: string }) {
      const inspector = await card(id);
      const org = actor.organization;
      ensure(actor.role === 'chair' && !!org, 'Chairs leave feedback for their inspector');
      const [served] = await db
        .select({ id: buildings.id })
        .from(buildings)
        .where(and(eq(buildings.inspectorId, id), eq(buildings.organizationId, org.id)))
        .limit(1);
      ensure(!!served, 'Chairs leave feedback for the inspector of their own buildings');
      const [row] = await recordChanges(deps, actor, async (changes) => {
        const rows = await changes.tx
          .insert(inspectorFeedback)
          .values({ inspectorId: id, organizationId: org.id, authorId: actor.id, kind: input.kind, body: input.body })
          .returning();
        changes.audit({ action: 'inspector.feedback', entityType: 'inspector', entityId: id, after: { feedbackId: rows[0]!.id, kind: input.kind } });
        return rows;
      });
      return {
        id: row!.id,
        kind: row!.kind,
        body: row!.body,
        organization: org.name,
        status: row!.status,
        createdAt: iso(row!.createdAt),
        inspectorId: inspector.id,
      };
    },

    async moderateFeedback(actor: Actor, feedbackId: string, status: 'approved' | 'rejected') {
      const [row] = await db
        .select({ f: inspectorFeedback, district: inspectorProfiles.districtSlug, organization: organizations.name })
        .from(inspectorFeedback)
        .innerJoin(inspectorProfiles, eq(inspectorProfiles.id, inspectorFeedback.inspectorId))
        .innerJoin(organizations, eq(organizations.id, inspectorFeedback.organizationId))
        .where(eq(inspectorFeedback.id, feedbackId));
      if (!row) throw new NotFound('Feedback');
      ensure(coordinates(actor, row.district), 'Only a coordinator of the district moderates feedback');
      const [updated] = await recordChanges(deps, actor, async (changes) => {
        const rows = await changes.tx
          .update(inspectorFeedback)
          .set({ status, moderatedBy: actor.id, moderatedAt: new Date() })
          .where(eq(inspectorFeedback.id, feedbackId))
          .returning();
        changes.audit({
          action: `inspector.feedback_${status}`,
          entityType: 'inspector_feedback',
          entityId: feedbackId,
          before: { status: row.f.status },
          after: { status },
        });
        return rows;
      });
      return {
        id: updated!.id,
        kind: updated!.kind,
        body: updated!.body,
        organization: row.organization,
        status: updated!.status,
        createdAt: iso(updated!.createdAt),
      };
    },
  };
}
