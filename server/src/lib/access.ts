import type { Role } from '@dsd/shared/enums';
import { Forbidden, Unauthenticated } from './errors.ts';

/**
 * Who may call a route at all, declared on the route (`config: { access }`) and checked when the request arrives,
 * before its body is read or validated: anyone, anyone signed in, or signed in with one of these roles. Whether the
 * caller may act on *this* record (district, service, organization) is the module's policy, checked in its service.
 */
export type RouteAccess = 'public' | 'signedIn' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const POLICE_ROLES: readonly Role[] = ['officer', 'service_head', 'coordinator', 'admin'];

/** The gate itself: 401 without a session where one is needed, 403 for a role the route does not serve. */
export function checkRouteAccess(access: RouteAccess | undefined, actor: Actor | null): void {
  if (!access || access === 'public') return;
  if (!actor) throw new Unauthenticated();
  if (access !== 'signedIn' && !access.includes(actor.role)) throw new Forbidden(`This is not for the ${actor.role} role`);
}

export interface ServiceGrant {
  service: string;
  /** null: city-wide */
  district: string | null;
}

export interface Actor {
  id: string;
  name: string;
  email: string;
  role: Role;
  locale: 'ru' | 'kk' | 'en';
  sessionId: string;
  /** Districts a coordinator runs. */
  districts: string[];
  services: ServiceGrant[];
  organization: { id: string; name: string; type: string; districtSlug: string } | null;
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new Unauthenticated();
  return actor;
}

export function coordinates(actor: Actor | null, district: string): boolean {
  if (!actor) return false;
  return actor.role === 'admin' || (actor.role === 'coordinator' && actor.districts.includes(district));
}

export function worksFor(actor: Actor | null, service: string, district: string): boolean {
  if (!actor) return false;
  if (actor.role === 'admin') return true;
  if (actor.role !== 'officer' && actor.role !== 'service_head') return false;
  return actor.services.some((g) => g.service === service && (g.district === null || g.district === district));
}

export function headsService(actor: Actor | null, service: string): boolean {
  if (!actor) return false;
  return actor.role === 'admin' || (actor.role === 'service_head' && actor.services.some((g) => g.service === service));
}

export function chairOf(actor: Actor | null, organizationId: string | null): boolean {
  return !!actor && !!organizationId && actor.role === 'chair' && actor.organization?.id === organizationId;
}

/**
 * Confidential tip details: the district's coordinators and officers of the services assigned to act on the tip.
 * Not admins by role alone: running the platform is not a reason to read who sells drugs in which flat.
 */
export function readsTips(actor: Actor | null, district: string, assignedServices: Iterable<string>): boolean {
  if (!actor || actor.role === 'admin') return false;
  return coordinates(actor, district) || [...assignedServices].some((service) => worksFor(actor, service, district));
}

export function isPolice(actor: Actor | null): boolean {
  return !!actor && ['officer', 'service_head', 'coordinator', 'admin'].includes(actor.role);
}

export function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Forbidden(message);
}
