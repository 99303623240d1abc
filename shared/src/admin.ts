import { z } from 'zod';
import { Email, Password } from './auth.ts';
import { Category, LocalizedName, OrganizationType, Role, serviceCode, slug } from './enums.ts';
import { Organization } from './reference.ts';

/** Roles an admin invites; residents register themselves. */
export const STAFF_ROLES = ['chair', 'officer', 'service_head', 'coordinator', 'admin'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const ServiceGrantInput = z.strictObject({ service: serviceCode, district: slug.nullable() });

/**
 * Where a role applies: coordinators run districts; officers and service heads work a service in a district or
 * city-wide (district null); a chair holds one organization; admins need none.
 */
export const RoleScopeInput = z.strictObject({
  role: StaffRole,
  districts: z.array(slug).max(100).optional(),
  services: z.array(ServiceGrantInput).max(100).optional(),
  organizationId: z.uuid().optional(),
});
export type RoleScopeInput = z.infer<typeof RoleScopeInput>;

export const CreateInviteBody = RoleScopeInput.extend({ email: Email, locale: z.enum(['ru', 'kk', 'en']).optional() });
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;
export const InviteCreated = z.object({ id: z.uuid(), inviteUrl: z.string(), expiresAt: z.iso.datetime() });

export const AcceptInviteBody = z.strictObject({
  token: z.string().min(10).max(200),
  name: z.string().trim().min(1).max(120),
  password: Password,
});

export const AdminScope = z.object({
  districts: z.array(z.string()),
  services: z.array(z.object({ service: z.string(), district: z.string().nullable() })),
  organization: z.object({ id: z.uuid(), name: z.string(), type: z.string(), districtSlug: z.string() }).nullable(),
});
export const AdminUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  scope: AdminScope,
});
export type AdminUser = z.infer<typeof AdminUser>;
export const AdminUsersQuery = z.object({
  role: Role.optional(),
  q: z.string().trim().max(120).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});

export const Invite = z.object({
  id: z.uuid(),
  email: z.string(),
  role: Role,
  scope: AdminScope,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  status: z.enum(['pending', 'accepted', 'expired']),
});
export type Invite = z.infer<typeof Invite>;

export const CHAIR_REQUEST_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export const ChairRequest = z.object({
  id: z.uuid(),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  organization: z.object({ id: z.uuid(), name: z.string(), type: z.string(), districtSlug: z.string() }),
  note: z.string().nullable(),
  status: z.enum(CHAIR_REQUEST_STATUSES),
  createdAt: z.iso.datetime(),
});
export type ChairRequest = z.infer<typeof ChairRequest>;
export const CreateChairRequestBody = z.strictObject({ organizationId: z.uuid(), note: z.string().trim().max(1000).optional() });
export const ChairRequestsQuery = z.object({ district: slug.optional(), status: z.enum(CHAIR_REQUEST_STATUSES).default('pending') });
export const DecideChairRequestBody = z.strictObject({ decision: z.enum(['confirm', 'reject']) });

// Configuration

/** A change names at least one field: an empty PATCH is a mistake, not a no-op. */
const someField = <T extends z.ZodObject>(schema: T) =>
  schema.refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'name at least one field to change' });

const Names = z.strictObject({
  ru: z.string().trim().min(1).max(200),
  kk: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(200),
});
/** An IANA time zone this runtime knows (Asia/Almaty, Asia/Aqtobe, …). */
export const TimeZone = z
  .string()
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'an IANA time zone such as Asia/Almaty' },
  );

export const AdminDistrict = z.object({
  slug: z.string(),
  city: z.string(),
  name: LocalizedName,
  timeZone: z.string(),
  sortOrder: z.number().int(),
});
export type AdminDistrict = z.infer<typeof AdminDistrict>;
export const CreateDistrictBody = z.strictObject({
  slug,
  city: slug,
  name: Names,
  timeZone: TimeZone.default('Asia/Almaty'),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export const UpdateDistrictBody = someField(
  CreateDistrictBody.omit({ slug: true, timeZone: true }).extend({ timeZone: TimeZone.optional() }).partial(),
);
export const SlugParam = z.object({ slug });

export const AdminService = z.object({ code: z.string(), name: LocalizedName, active: z.boolean() });
export const CreateServiceBody = z.strictObject({ code: serviceCode, name: Names });
export const UpdateServiceBody = someField(z.strictObject({ name: Names.optional(), active: z.boolean().optional() }));
export const CodeParam = z.object({ code: serviceCode });

const ServiceList = z.array(serviceCode).min(1, 'a category needs at least one service').max(20);
export const AdminCategory = z.object({
  code: z.string(),
  name: LocalizedName,
  sensitive: z.boolean(),
  active: z.boolean(),
  services: z.array(z.string()),
  overrides: z.array(z.object({ districtSlug: z.string(), services: z.array(z.string()) })),
});
export type AdminCategory = z.infer<typeof AdminCategory>;
export const CreateCategoryBody = z.strictObject({ code: Category, name: Names, services: ServiceList, sensitive: z.boolean().optional() });
export const UpdateCategoryBody = someField(
  z.strictObject({
    name: Names.optional(),
    services: ServiceList.optional(),
    sensitive: z.boolean().optional(),
    active: z.boolean().optional(),
  }),
);
/** A district's own routing for a category; an empty list removes the override (the city-wide services apply). */
export const CategoryRouteBody = z.strictObject({ services: z.array(serviceCode).max(20) });
export const CategoryRouteParams = z.object({ code: Category, district: slug });

export const AdminOrganization = Organization;
export const CreateOrganizationBody = z.strictObject({
  type: OrganizationType,
  name: z.string().trim().min(1).max(200),
  districtSlug: slug,
  address: z.string().trim().max(300).nullable().optional(),
  buildings: z.array(z.string().trim().min(1).max(300)).max(500).optional(),
});
export const UpdateOrganizationBody = someField(CreateOrganizationBody.partial());
