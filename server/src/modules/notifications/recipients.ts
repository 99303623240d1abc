import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { preparedOn } from '@dsd/db/prepared';
import type { Executor } from '@dsd/db/client';
import { decisionProposals, follows, meetingAttendees, proposals, roleGrants, users } from '@dsd/db/schema/index';

// The lookups every dispatch and every new proposal make: built once per database (see @dsd/db/prepared).
const officersOf = preparedOn((db) =>
  db
    .selectDistinct({ id: users.id })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        eq(users.role, 'officer'),
        eq(roleGrants.serviceCode, sql.placeholder('service')),
        or(eq(roleGrants.districtSlug, sql.placeholder('district')), isNull(roleGrants.districtSlug)),
      ),
    )
    .prepare('service_officers'),
);
const coordinatorsOf = preparedOn((db) =>
  db
    .selectDistinct({ id: users.id })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        eq(users.role, 'coordinator'),
        eq(roleGrants.districtSlug, sql.placeholder('district')),
        isNull(roleGrants.serviceCode),
        isNull(roleGrants.organizationId),
      ),
    )
    .prepare('district_coordinators'),
);

// Read for every new decision and every assignment change, and each a plan PostgreSQL would otherwise make afresh.
const stakeholderRows = preparedOn((db) =>
  db
    .select({ authorId: proposals.authorId, organizationId: proposals.organizationId })
    .from(decisionProposals)
    .innerJoin(proposals, eq(proposals.id, decisionProposals.proposalId))
    .where(eq(decisionProposals.decisionId, sql.placeholder('decision')))
    .prepare('decision_stakeholders'),
);
const attendeeOrganizations = preparedOn((db) =>
  db
    .select({ id: meetingAttendees.organizationId })
    .from(meetingAttendees)
    .where(eq(meetingAttendees.meetingId, sql.placeholder('meeting')))
    .prepare('meeting_attendee_organizations'),
);
const followersOfOne = preparedOn((db) =>
  db
    .selectDistinct({ id: follows.userId })
    .from(follows)
    .where(and(eq(follows.targetType, sql.placeholder('type')), eq(follows.targetId, sql.placeholder('id'))))
    .prepare('followers_of_one'),
);

/** Officers of a service who work in the district (or city-wide). */
export async function serviceOfficers(db: Executor, service: string, district: string): Promise<string[]> {
  return (await officersOf(db).execute({ service, district })).map((r) => r.id);
}

export async function serviceHeads(db: Executor, service: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(users.role, 'service_head'), eq(roleGrants.serviceCode, service)));
  return rows.map((r) => r.id);
}

export async function districtCoordinators(db: Executor, district: string): Promise<string[]> {
  return (await coordinatorsOf(db).execute({ district })).map((r) => r.id);
}

/** Chairs of the organizations and authors whose proposals led to a decision. */
export async function decisionStakeholders(db: Executor, decisionId: string): Promise<string[]> {
  const rows = await stakeholderRows(db).execute({ decision: decisionId });
  const orgs = rows.map((r) => r.organizationId).filter((x): x is string => !!x);
  const chairs = orgs.length ? await organizationChairs(db, orgs) : [];
  return [...new Set([...rows.map((r) => r.authorId), ...chairs])];
}

export async function organizationChairs(db: Executor, organizationIds: string[]): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(users.role, 'chair'), inArray(roleGrants.organizationId, organizationIds)));
  return rows.map((r) => r.id);
}

export async function meetingAttendeeChairs(db: Executor, meetingId: string): Promise<string[]> {
  const orgs = await attendeeOrganizations(db).execute({ meeting: meetingId });
  return organizationChairs(
    db,
    orgs.map((o) => o.id),
  );
}

export async function followers(
  db: Executor,
  targets: Array<{ type: 'district' | 'meeting' | 'proposal' | 'decision'; id: string }>,
): Promise<string[]> {
  if (targets.length === 0) return [];
  if (targets.length === 1) return (await followersOfOne(db).execute({ type: targets[0]!.type, id: targets[0]!.id })).map((r) => r.id);
  const rows = await db
    .selectDistinct({ id: follows.userId })
    .from(follows)
    .where(or(...targets.map((t) => and(eq(follows.targetType, t.type), eq(follows.targetId, t.id)))));
  return rows.map((r) => r.id);
}

/** Who hears of a new decision at once: those whose proposals led to it, the meeting's organizations and followers. */
export async function decisionAudience(db: Executor, decision: { id: string; meetingId: string }): Promise<string[]> {
  const [stakeholders, chairs, meetingFollowers] = await Promise.all([
    decisionStakeholders(db, decision.id),
    meetingAttendeeChairs(db, decision.meetingId),
    followers(db, [{ type: 'meeting', id: decision.meetingId }]),
  ]);
  return [...new Set([...stakeholders, ...chairs, ...meetingFollowers])];
}
