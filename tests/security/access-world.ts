import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbHandle } from '@dsd/db/client';
import {
  assignments,
  buildings,
  cameras,
  decisionProposals,
  decisions,
  helpers,
  inspectorFeedback,
  inspectorProfiles,
  meetingAttendees,
  meetings,
  proposals,
  roleGrants,
  updates,
  users,
} from '@dsd/db/schema/index';
import type { AppInstance, RegisteredRoute } from '@dsd/server/app';
import { organizationId, userId } from '../support/fixtures.ts';

/** Every route the app registered, once each, without the HEAD twins fastify adds for every GET. */
export function distinctRoutes(app: AppInstance): RegisteredRoute[] {
  const seen = new Set<string>();
  return app.registeredRoutes.filter((r) => {
    const key = `${r.method} ${r.url}`;
    if (r.method === 'HEAD' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const ROLES = ['anonymous', 'resident', 'chair', 'officer', 'service_head', 'coordinator', 'admin'] as const;
export type MatrixRole = (typeof ROLES)[number];

/**
 * Where a target sits relative to every principal below. "in" is inside each principal's scope; each other scope
 * moves exactly one thing out: the district (and with it the organization), the service, or the organization.
 */
export const SCOPES = ['in', 'otherDistrict', 'otherService', 'otherOrganization'] as const;
export type Scope = (typeof SCOPES)[number];

/** One account per role, each scoped to Auezov / district inspectors / PKSK «Дәуір». */
export const PRINCIPALS: Record<Exclude<MatrixRole, 'anonymous'>, string> = {
  resident: 'resident@demo.kz',
  chair: 'chair@demo.kz',
  officer: 'inspector@demo.kz',
  service_head: 'head@demo.kz',
  coordinator: 'coordinator.auezov@matrix.test',
  admin: 'admin@demo.kz',
};

const SCOPE_PLACES: Record<Scope, { district: string; service: string; organization: string; chair: string }> = {
  in: { district: 'auezov', service: 'district_inspectors', organization: 'ПКСК «Дәуір»', chair: 'chair@demo.kz' },
  otherDistrict: { district: 'almaly', service: 'district_inspectors', organization: 'КСК «Алмалы-Центр»', chair: 'chair.almaly@matrix.test' },
  otherService: { district: 'auezov', service: 'migration', organization: 'ПКСК «Дәуір»', chair: 'chair@demo.kz' },
  otherOrganization: { district: 'auezov', service: 'district_inspectors', organization: 'КСК «Мамыр»', chair: 'chair.mamyr@demo.kz' },
};

export interface Target {
  scope: Scope;
  district: string;
  service: string;
  organizationId: string;
  /** planned, nobody registered */
  plannedMeetingId: string;
  /** planned, the scope's organization registered */
  registeredMeetingId: string;
  heldMeetingId: string;
  proposalId: string;
  decisionId: string;
  /** dispatched, version 1 */
  assignmentId: string;
  /** in progress, version 1 */
  workingAssignmentId: string;
  /** done, version 1 */
  doneAssignmentId: string;
  /** A public note on the working assignment, written by an officer of the service */
  updateId: string;
  /** Registries: a building of the scope's organization, in the area of an inspector of the scope's district */
  buildingId: string;
  /** working, version 1 */
  cameraId: string;
  inspectorId: string;
  /** An active helper of the scope's district, version 1 */
  helperId: string;
  /** A chair's pending feedback on the inspector */
  feedbackId: string;
}

/** An account with the demo password and the given grants (districts, a service, an organization). */
export async function addAccount(
  db: DbHandle,
  account: {
    email: string;
    name: string;
    role: 'coordinator' | 'chair' | 'officer' | 'resident';
    grants: Array<Omit<typeof roleGrants.$inferInsert, 'userId'>>;
  },
): Promise<string> {
  const [template] = await db.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, 'resident@demo.kz'));
  const [user] = await db.db
    .insert(users)
    .values({ email: account.email, name: account.name, role: account.role, passwordHash: template!.hash })
    .returning({ id: users.id });
  if (account.grants.length) await db.db.insert(roleGrants).values(account.grants.map((g) => ({ ...g, userId: user!.id })));
  return user!.id;
}

/** The two accounts the demo seed lacks: a coordinator of one district only, and a chair in another district. */
export async function addMatrixAccounts(db: DbHandle): Promise<void> {
  await addAccount(db, {
    email: PRINCIPALS.coordinator,
    name: 'Координатор Ауэзовского района',
    role: 'coordinator',
    grants: [{ districtSlug: 'auezov' }],
  });
  await addAccount(db, {
    email: SCOPE_PLACES.otherDistrict.chair,
    name: 'Председатель КСК «Алмалы-Центр»',
    role: 'chair',
    grants: [{ districtSlug: 'almaly', organizationId: await organizationId(db, SCOPE_PLACES.otherDistrict.organization) }],
  });
}

/** A fresh set of records in one scope, written directly so every cell of a mutating route starts from the same state. */
export async function createTarget(db: DbHandle, scope: Scope): Promise<Target> {
  const place = SCOPE_PLACES[scope];
  const orgId = await organizationId(db, place.organization);
  const authorId = await userId(db, place.chair);
  const inAWeek = new Date(Date.now() + 7 * 24 * 3600_000);
  const [planned, registered, held] = await db.db
    .insert(meetings)
    .values([
      { districtSlug: place.district, title: 'Плановая встреча', startsAt: inAWeek, format: 'in_person', place: 'Акимат' },
      { districtSlug: place.district, title: 'Встреча с записью', startsAt: inAWeek, format: 'in_person', place: 'Акимат' },
      { districtSlug: place.district, title: 'Проведённая встреча', startsAt: new Date(), format: 'in_person', place: 'Акимат', status: 'held' },
    ])
    .returning({ id: meetings.id });
  await db.db.insert(meetingAttendees).values([
    { meetingId: held!.id, organizationId: orgId },
    { meetingId: registered!.id, organizationId: orgId },
  ]);
  const [proposal] = await db.db
    .insert(proposals)
    .values({
      districtSlug: place.district,
      category: 'foot_patrol',
      title: 'Пеший патруль во дворах',
      body: 'Вечером во дворах небезопасно',
      authorId,
      organizationId: orgId,
      meetingId: held!.id,
    })
    .returning({ id: proposals.id });
  const [decision] = await db.db
    .insert(decisions)
    .values({ meetingId: held!.id, districtSlug: place.district, kind: 'decision', category: 'foot_patrol', title: 'Пешие патрули во дворах' })
    .returning({ id: decisions.id });
  await db.db.insert(decisionProposals).values({ decisionId: decision!.id, proposalId: proposal!.id });
  const [open, working, done] = await db.db
    .insert(assignments)
    .values([
      {
        decisionId: decision!.id,
        districtSlug: place.district,
        serviceCode: place.service,
        status: 'dispatched',
        dispatchedAt: new Date(),
        dueAt: inAWeek,
      },
      {
        decisionId: decision!.id,
        districtSlug: place.district,
        serviceCode: place.service,
        status: 'in_progress',
        dispatchedAt: new Date(),
        dueAt: inAWeek,
      },
      {
        decisionId: decision!.id,
        districtSlug: place.district,
        serviceCode: place.service,
        status: 'done',
        progress: 100,
        dispatchedAt: new Date(),
        doneAt: new Date(),
      },
    ])
    .returning({ id: assignments.id });
  const officer = await userId(db, place.service === 'migration' ? 'migration@demo.kz' : 'inspector@demo.kz');
  const [note] = await db.db
    .insert(updates)
    .values({ kind: 'note', decisionId: decision!.id, assignmentId: working!.id, authorId: officer, note: 'Обход дворов проведён' })
    .returning({ id: updates.id });
  const registry = await createRegistryTarget(db, place.district, orgId, authorId);
  return {
    ...registry,
    scope,
    district: place.district,
    service: place.service,
    organizationId: orgId,
    plannedMeetingId: planned!.id,
    registeredMeetingId: registered!.id,
    heldMeetingId: held!.id,
    proposalId: proposal!.id,
    decisionId: decision!.id,
    assignmentId: open!.id,
    workingAssignmentId: working!.id,
    doneAssignmentId: done!.id,
    updateId: note!.id,
  };
}

/** A building with a camera, its inspector with a chair's feedback, and a helper: the registries' part of a target. */
async function createRegistryTarget(db: DbHandle, district: string, orgId: string, chairId: string) {
  const key = randomUUID();
  const [inspector] = await db.db
    .insert(inspectorProfiles)
    .values({
      districtSlug: district,
      name: 'Инспектор',
      rank: 'капитан полиции',
      precinctAddress: 'УПП',
      receptionHours: 'Пн 18–20',
      phone: '+7 727 000 00 00',
    })
    .returning({ id: inspectorProfiles.id });
  const [building] = await db.db
    .insert(buildings)
    .values({ districtSlug: district, organizationId: orgId, address: `Дом ${key}`, addressKey: `дом ${key}`, inspectorId: inspector!.id })
    .returning({ id: buildings.id });
  const [camera] = await db.db
    .insert(cameras)
    .values({ buildingId: building!.id, districtSlug: district, location: 'entrance', installYear: 2015, owner: 'association', kind: 'analog' })
    .returning({ id: cameras.id });
  const [helper] = await db.db
    .insert(helpers)
    .values({ districtSlug: district, name: 'Помощник', phone: '+7 701 000 00 00', status: 'active', approvedAt: '2026-11-01', documentNumber: '1' })
    .returning({ id: helpers.id });
  const [feedback] = await db.db
    .insert(inspectorFeedback)
    .values({ inspectorId: inspector!.id, organizationId: orgId, authorId: chairId, kind: 'commendation', body: 'Спасибо' })
    .returning({ id: inspectorFeedback.id });
  return { buildingId: building!.id, cameraId: camera!.id, inspectorId: inspector!.id, helperId: helper!.id, feedbackId: feedback!.id };
}
