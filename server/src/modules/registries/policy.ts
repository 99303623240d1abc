import { chairOf, coordinates, worksFor, type Actor } from '../../lib/access.ts';

/**
 * Who keeps which registry, in one place. Chairs keep their organization's buildings, cameras and chat status;
 * coordinators all of their districts'; video-surveillance officers confirm cameras and record replacements; district
 * inspectors and public-helpers officers keep the helpers; admins may do anything.
 */
interface BuildingScope {
  districtSlug: string;
  organizationId: string;
}

export const mayEditBuilding = (actor: Actor | null, b: BuildingScope) => chairOf(actor, b.organizationId) || coordinates(actor, b.districtSlug);

/** Chairs report their buildings' cameras and faults; the district's video-surveillance officers do everything. */
export const mayReportCamera = (actor: Actor | null, b: BuildingScope) =>
  mayEditBuilding(actor, b) || worksFor(actor, 'video_surveillance', b.districtSlug);

/** Confirming a chair's report is the video-surveillance officers' (and the district coordinators'). */
export const mayConfirmCamera = (actor: Actor | null, b: BuildingScope) =>
  coordinates(actor, b.districtSlug) || worksFor(actor, 'video_surveillance', b.districtSlug);

/** Moves a chair may make on its own cameras: report a fault, or that a faulty one works again. */
const CHAIR_CAMERA_MOVES = ['faulty', 'working'];

export function mayMoveCamera(actor: Actor | null, b: BuildingScope, to: string): boolean {
  if (coordinates(actor, b.districtSlug) || worksFor(actor, 'video_surveillance', b.districtSlug)) return true;
  return chairOf(actor, b.organizationId) && CHAIR_CAMERA_MOVES.includes(to);
}

/** The chair of the building's organization or the district's inspectors record whether the inspector is in the chat. */
export const mayRecordChat = (actor: Actor | null, b: BuildingScope) =>
  mayEditBuilding(actor, b) || worksFor(actor, 'district_inspectors', b.districtSlug);

export const mayKeepHelpers = (actor: Actor | null, district: string) =>
  coordinates(actor, district) || worksFor(actor, 'district_inspectors', district) || worksFor(actor, 'public_helpers', district);

/** Helpers' names and phones: the police of the district only. */
export const mayReadHelpers = mayKeepHelpers;
