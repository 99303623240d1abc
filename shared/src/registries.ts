import { z } from 'zod';
import { slug } from './enums.ts';
import type { StatusMachine } from './status-machines.ts';

/**
 * The campaign's programs as registries: buildings with their cameras and chat status, public police helpers and
 * their shifts, district inspectors' public profiles. Decisions may measure their target by a registry metric.
 */

export const CAMERA_LOCATIONS = ['entrance', 'courtyard', 'playground', 'parking'] as const;
export const CameraLocation = z.enum(CAMERA_LOCATIONS);
export type CameraLocation = z.infer<typeof CameraLocation>;

export const CAMERA_OWNERS = ['association', 'city_network', 'private'] as const;
export const CameraOwner = z.enum(CAMERA_OWNERS);
export type CameraOwner = z.infer<typeof CameraOwner>;

export const CAMERA_KINDS = ['analog', 'ip', 'ip_ai', 'dome', 'ptz'] as const;
export const CameraKind = z.enum(CAMERA_KINDS);
export type CameraKind = z.infer<typeof CameraKind>;

export const CAMERA_STATUSES = ['working', 'faulty', 'outdated', 'replaced', 'removed'] as const;
export const CameraStatus = z.enum(CAMERA_STATUSES);
export type CameraStatus = z.infer<typeof CameraStatus>;
export const cameraMachine: StatusMachine<CameraStatus> = {
  working: ['faulty', 'outdated', 'replaced', 'removed'],
  faulty: ['working', 'outdated', 'replaced', 'removed'],
  outdated: ['replaced', 'removed'],
  replaced: [],
  removed: [],
};
/** Cameras still on the wall: the ones the age rule and the counts look at. */
export const LIVE_CAMERA_STATUSES: readonly CameraStatus[] = ['working', 'faulty', 'outdated'];

export const HELPER_STATUSES = ['candidate', 'active', 'suspended', 'left'] as const;
export const HelperStatus = z.enum(HELPER_STATUSES);
export type HelperStatus = z.infer<typeof HelperStatus>;
export const helperMachine: StatusMachine<HelperStatus> = {
  candidate: ['active', 'left'],
  active: ['suspended', 'left'],
  suspended: ['active', 'left'],
  left: [],
};

/** A decision's target measured from a registry instead of hand-typed contributions. */
export const REGISTRY_METRICS = ['cameras_installed', 'cameras_modernized', 'helpers_active', 'patrol_shifts', 'chat_coverage_percent'] as const;
export const RegistryMetric = z.enum(REGISTRY_METRICS);
export type RegistryMetric = z.infer<typeof RegistryMetric>;

/** Which metrics a change to each registry can move. */
export const METRICS_OF = {
  cameras: ['cameras_installed', 'cameras_modernized'],
  helpers: ['helpers_active'],
  shifts: ['patrol_shifts'],
  chats: ['chat_coverage_percent'],
} as const satisfies Record<string, readonly RegistryMetric[]>;

/** The age rule: cameras installed this many years ago or earlier are due for modernization (default 8). */
export const CAMERA_AGE_SETTING = 'camera_modernization_age_years';
export const DEFAULT_CAMERA_AGE_YEARS = 8;
export const EARLIEST_INSTALL_YEAR = 2000;

const currentYear = () => new Date().getUTCFullYear();
/** A year between 2000 and this year: a camera is not installed in the future. */
export const InstallYear = z.coerce
  .number()
  .int()
  .min(EARLIEST_INSTALL_YEAR)
  .refine((y) => y <= currentYear(), { params: { code: 'date_out_of_range' }, message: 'must not be in the future' });

export function isDueForModernization(camera: { installYear: number; status: CameraStatus }, ageYears: number, year = currentYear()): boolean {
  if (!LIVE_CAMERA_STATUSES.includes(camera.status)) return false;
  return camera.status === 'outdated' || camera.installYear <= year - ageYears;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const Lat = z.number().min(-90).max(90);
const Lng = z.number().min(-180).max(180);

export const BuildingSummary = z.object({
  id: z.uuid(),
  districtSlug: z.string(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  address: z.string(),
  /** Rounded to about 100 m, as every public position. */
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  entrances: z.number().int().nullable(),
  flats: z.number().int().nullable(),
  inspectorId: z.uuid().nullable(),
  chat: z.object({ joined: z.boolean(), joinedAt: z.iso.datetime().nullable() }),
  cameraCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type BuildingSummary = z.infer<typeof BuildingSummary>;

export const CameraView = z.object({
  id: z.uuid(),
  buildingId: z.uuid(),
  buildingAddress: z.string(),
  districtSlug: z.string(),
  location: CameraLocation,
  installYear: z.number().int(),
  owner: CameraOwner,
  kind: CameraKind,
  status: CameraStatus,
  dueForModernization: z.boolean(),
  lastCheckedAt: z.iso.datetime().nullable(),
  replacedAt: z.iso.datetime().nullable(),
  replacesId: z.uuid().nullable(),
  /** A chair's report stands unconfirmed until a video-surveillance officer confirms it. */
  confirmed: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type CameraView = z.infer<typeof CameraView>;

export const InspectorCard = z.object({
  id: z.uuid(),
  districtSlug: z.string(),
  name: z.string(),
  rank: z.string(),
  photoUrl: z.string().nullable(),
  precinctAddress: z.string(),
  receptionHours: z.string(),
  phone: z.string(),
  buildings: z.number().int(),
  buildingsWithChat: z.number().int(),
  coveragePercent: z.number().int().min(0).max(100),
});
export type InspectorCard = z.infer<typeof InspectorCard>;

export const RegistryEntry = z.object({
  id: z.uuid(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const BuildingDetail = BuildingSummary.extend({
  cameras: z.array(CameraView),
  /** The building's and its cameras' changes, newest first (no authors: this page is public). */
  history: z.array(RegistryEntry.extend({ entityType: z.string(), entityId: z.uuid() })),
  inspector: InspectorCard.nullable(),
  /** May the caller edit the building, its cameras and its chat status. */
  canEdit: z.boolean(),
});
export type BuildingDetail = z.infer<typeof BuildingDetail>;

export const BuildingsQuery = z.object({
  district: z.string().max(64).optional(),
  organization: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const CreateBuildingBody = z.strictObject({
  organizationId: z.uuid(),
  address: text(300),
  entrances: z.number().int().min(1).max(100).optional(),
  flats: z.number().int().min(1).max(5000).optional(),
  lat: Lat.optional(),
  lng: Lng.optional(),
  inspectorId: z.uuid().nullable().optional(),
});
export type CreateBuildingBody = z.infer<typeof CreateBuildingBody>;

export const UpdateBuildingBody = z.strictObject({
  address: text(300).optional(),
  entrances: z.number().int().min(1).max(100).nullable().optional(),
  flats: z.number().int().min(1).max(5000).nullable().optional(),
  lat: Lat.nullable().optional(),
  lng: Lng.nullable().optional(),
  inspectorId: z.uuid().nullable().optional(),
  version: z.number().int().min(1),
});

export const ChatBody = z.strictObject({
  joined: z.boolean(),
  joinedAt: z.iso
    .datetime({ offset: true })
    .refine((v) => Date.parse(v) <= Date.now() + 60_000 && Date.parse(v) >= Date.UTC(2000, 0, 1), { params: { code: 'date_out_of_range' } })
    .optional(),
});

export const CamerasQuery = z.object({
  district: z.string().max(64).optional(),
  building: z.uuid().optional(),
  status: CameraStatus.optional(),
  installedFrom: InstallYear.optional(),
  installedTo: InstallYear.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const CreateCameraBody = z.strictObject({
  buildingId: z.uuid(),
  location: CameraLocation,
  installYear: InstallYear,
  owner: CameraOwner,
  kind: CameraKind,
  status: z.enum(['working', 'faulty', 'outdated']).default('working'),
  lastCheckedAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateCameraBody = z.infer<typeof CreateCameraBody>;

export const CameraTransitionBody = z.strictObject({
  to: CameraStatus,
  note: z.string().trim().max(2000).optional(),
  version: z.number().int().min(1),
  /** With `to: replaced`: the new camera put up in its place (same building and location). */
  replacement: z.strictObject({ installYear: InstallYear, owner: CameraOwner, kind: CameraKind }).optional(),
});

export const ConfirmCameraBody = z.strictObject({ version: z.number().int().min(1) });

export const CameraSummary = z.object({
  total: z.number().int(),
  working: z.number().int(),
  faulty: z.number().int(),
  outdated: z.number().int(),
  dueForModernization: z.number().int(),
  ageRuleYears: z.number().int(),
  replacedSince: z.object({ date: z.iso.datetime().nullable(), count: z.number().int() }),
  byInstallYear: z.array(
    z.object({ year: z.number().int(), count: z.number().int(), working: z.number().int(), outdated: z.number().int(), replaced: z.number().int() }),
  ),
});
export type CameraSummary = z.infer<typeof CameraSummary>;

export const CameraAgeRule = z.object({ years: z.number().int().min(1).max(30), updatedAt: z.iso.datetime().nullable() });
export const CameraAgeRuleBody = z.strictObject({ years: z.number().int().min(1).max(30) });

export const HelperView = z.object({
  id: z.uuid(),
  districtSlug: z.string(),
  name: z.string(),
  phone: z.string(),
  status: HelperStatus,
  approvedAt: z.string().nullable(),
  documentNumber: z.string().nullable(),
  shifts: z.number().int(),
  hours: z.number(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type HelperView = z.infer<typeof HelperView>;

export const HelpersQuery = z.object({
  district: z.string().max(64).optional(),
  status: HelperStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, 'a phone number');
const DateOnly = z.iso.date().refine((v) => Date.parse(v) >= Date.UTC(2000, 0, 1) && Date.parse(v) <= Date.now() + 86_400_000, {
  params: { code: 'date_out_of_range' },
});

export const CreateHelperBody = z.strictObject({
  districtSlug: slug,
  name: text(200),
  phone: Phone,
  note: z.string().trim().max(2000).optional(),
});

export const HelperTransitionBody = z.strictObject({
  to: HelperStatus,
  version: z.number().int().min(1),
  approvedAt: DateOnly.optional(),
  documentNumber: text(100).optional(),
  note: z.string().trim().max(2000).optional(),
});

export const ShiftBody = z.strictObject({
  date: DateOnly,
  hours: z.number().positive().max(24),
  area: text(300),
  inspectorId: z.uuid().optional(),
});

export const ShiftView = z.object({
  id: z.uuid(),
  helperId: z.uuid(),
  date: z.string(),
  hours: z.number(),
  area: z.string(),
  inspectorId: z.uuid().nullable(),
});

/** What the public sees of a district's helpers: counts only, never a name or a phone. */
export const HelperCounts = z.object({
  active: z.number().int(),
  candidates: z.number().int(),
  shiftsThisMonth: z.number().int(),
  hoursThisMonth: z.number(),
});
export type HelperCounts = z.infer<typeof HelperCounts>;

export const InspectorsQuery = z.object({ district: z.string().max(64).optional() });

export const FEEDBACK_KINDS = ['feedback', 'commendation'] as const;
export const FEEDBACK_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const FeedbackBody = z.strictObject({ kind: z.enum(FEEDBACK_KINDS), body: text(2000) });
export const FeedbackView = z.object({
  id: z.uuid(),
  kind: z.enum(FEEDBACK_KINDS),
  body: z.string(),
  /** Shown as the organization, never the chair's name. */
  organization: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  createdAt: z.iso.datetime(),
});
export const ModerateFeedbackBody = z.strictObject({ status: z.enum(['approved', 'rejected']) });

export const InspectorDetail = InspectorCard.extend({
  area: z.array(z.object({ id: z.uuid(), address: z.string(), chatJoined: z.boolean(), joinedAt: z.iso.datetime().nullable() })),
  feedback: z.array(FeedbackView),
});
export type InspectorDetail = z.infer<typeof InspectorDetail>;

export const DistrictInspectors = z.object({
  coveragePercent: z.number().int().min(0).max(100),
  buildings: z.number().int(),
  buildingsWithChat: z.number().int(),
  items: z.array(InspectorCard),
});
export type DistrictInspectors = z.infer<typeof DistrictInspectors>;

export const SlugParam = z.object({ slug: z.string().max(64) });

/** An address as a natural key: case and runs of spaces do not make a second building. */
export const addressKey = (address: string) => address.trim().toLowerCase().replace(/\s+/g, ' ');
