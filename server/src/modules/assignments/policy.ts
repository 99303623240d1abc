import { and, eq, isNull, or, type SQL } from 'drizzle-orm';
import { roleGrants, users } from '@dsd/db/schema/index';
import { assignmentMachine, type AssignmentStatus } from '@dsd/shared/status-machines';
import { coordinates, headsService, worksFor, type Actor } from '../../lib/access.ts';

/**
 * Who may do what to one assignment, in one place: the service's officers work it, its head staffs it, the district's
 * coordinators oversee it, admins may do anything. Routes declare the roles; these rules settle the scope.
 */
interface AssignmentScope {
  status: AssignmentStatus;
  serviceCode: string;
  districtSlug: string;
}

/** Statuses an officer moves an assignment into; dispatch belongs to the worker, reopening to the chairs' dispute. */
const OFFICER_MOVES: readonly AssignmentStatus[] = ['accepted', 'in_progress', 'blocked', 'done'];

/** May the actor move the assignment to `to` (the status machine aside)? */
export function mayMove(actor: Actor | null, row: AssignmentScope, to: AssignmentStatus): boolean {
  if (to === 'dispatched') return false;
  if (to === 'cancelled') return coordinates(actor, row.districtSlug) || headsService(actor, row.serviceCode);
  if (to === 'reopened') return coordinates(actor, row.districtSlug);
  return OFFICER_MOVES.includes(to) && worksFor(actor, row.serviceCode, row.districtSlug);
}

/** The moves the machine allows from here that this actor may make: what the client offers. */
export function allowedMoves(actor: Actor | null, row: AssignmentScope): AssignmentStatus[] {
  return assignmentMachine[row.status].filter((to) => mayMove(actor, row, to));
}

/** Progress reports, notes and evidence come from the service that works the assignment. */
export const mayReport = (actor: Actor | null, row: AssignmentScope) => worksFor(actor, row.serviceCode, row.districtSlug);

export const mayAssignOfficer = (actor: Actor | null, row: AssignmentScope) => headsService(actor, row.serviceCode);

export const mayReschedule = (actor: Actor | null, row: AssignmentScope) =>
  coordinates(actor, row.districtSlug) || headsService(actor, row.serviceCode);

/**
 * An officer who can be given the assignment: an officer whose grant covers its service *and* its district (or the
 * whole city). Anyone else would be notified of work they are not allowed to do, and it would stall.
 */
export function eligibleOfficer(officerId: string, row: AssignmentScope): SQL {
  return and(eq(users.id, officerId), officersFor(row))!;
}

/** Every officer who can be given the assignment (the rule of `eligibleOfficer`, for the head's list). */
export function officersFor(row: AssignmentScope): SQL {
  return and(
    eq(users.role, 'officer'),
    eq(roleGrants.serviceCode, row.serviceCode),
    or(eq(roleGrants.districtSlug, row.districtSlug), isNull(roleGrants.districtSlug)),
  )!;
}
