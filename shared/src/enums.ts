import { z } from 'zod';

export const LOCALES = ['ru', 'kk', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

export const LocalizedName = z.object({ ru: z.string(), kk: z.string(), en: z.string() });
export type LocalizedName = z.infer<typeof LocalizedName>;

export const ROLES = ['resident', 'chair', 'officer', 'service_head', 'coordinator', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ORGANIZATION_TYPES = ['KSK', 'OSI', 'PKSK'] as const;
export const OrganizationType = z.enum(ORGANIZATION_TYPES);

/** The categories the reference data starts with; admins add more (categories are data, see GET /categories). */
export const CATEGORIES = ['cameras', 'foot_patrol', 'police_helpers', 'drugs', 'migration', 'lighting', 'youth', 'traffic', 'other'] as const;
/** A category's code: checked against the categories table where it is used, so admins can add categories. */
export const Category = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_]+$/, 'lowercase letters, digits or "_"');
export type Category = z.infer<typeof Category>;

/**
 * Tips in these seeded categories may carry details that only the assigned service and the district's coordinators
 * see. The server asks the categories table (`sensitive`), which also covers categories admins add.
 */
export const SENSITIVE_CATEGORIES: readonly Category[] = ['drugs', 'migration'];

export const MEETING_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export const MeetingFormat = z.enum(MEETING_FORMATS);

export const DECISION_KINDS = ['decision', 'instruction'] as const;
export const DecisionKind = z.enum(DECISION_KINDS);

/**
 * Units a decision's measurable target is counted in. The names and their plural forms live in the locale files
 * (`unit.*`, `unitOf.*`); the database refuses any other value (migration 0007 maps the old free-text units).
 */
export const TARGET_UNITS = ['cameras', 'helpers', 'patrols', 'raids', 'buildings', 'events', 'lamps', 'chats', 'percent', 'items'] as const;
export const TargetUnit = z.enum(TARGET_UNITS);
export type TargetUnit = z.infer<typeof TargetUnit>;

export const VISIBILITIES = ['public', 'internal'] as const;
export const Visibility = z.enum(VISIBILITIES);

export const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, "_" or "-"');
export const serviceCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_]+$/);
