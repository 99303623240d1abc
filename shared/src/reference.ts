import { z } from 'zod';
import { Category, LocalizedName, OrganizationType } from './enums.ts';

export const District = z.object({ slug: z.string(), city: z.string(), name: LocalizedName, timeZone: z.string() });
export type District = z.infer<typeof District>;

export const Service = z.object({ code: z.string(), name: LocalizedName, active: z.boolean() });
export type Service = z.infer<typeof Service>;

export const CategoryInfo = z.object({
  code: Category,
  name: LocalizedName,
  /** The first of `services` (kept for older clients). */
  defaultService: z.string(),
  /** Every service an instruction of this category goes to, city-wide. */
  services: z.array(z.string()),
  sensitive: z.boolean(),
  /** Retired categories still name old records but take no new proposals. */
  active: z.boolean(),
  /** Per-district routing: one row per (district, service); a district's rows replace the city-wide services there. */
  overrides: z.array(z.object({ districtSlug: z.string(), service: z.string() })),
});
export type CategoryInfo = z.infer<typeof CategoryInfo>;

export const Organization = z.object({
  id: z.uuid(),
  type: OrganizationType,
  name: z.string(),
  districtSlug: z.string(),
  address: z.string().nullable(),
  buildings: z.array(z.string()),
});
export type Organization = z.infer<typeof Organization>;

export const OrganizationsQuery = z.object({ district: z.string().max(64).optional() });
