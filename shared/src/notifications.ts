import { z } from 'zod';
import { Locale } from './enums.ts';

export const NotificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  /** Who made the change (a service, an organization, a coordinator), in the recipient's language. */
  actor: z.string().nullable(),
  /** How many changes of this kind on this thing this notification stands for (a burst is grouped while unread). */
  count: z.number().int().min(1),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type NotificationView = z.infer<typeof NotificationView>;
export const NotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export const MarkReadBody = z.strictObject({ ids: z.array(z.uuid()).max(500).optional(), all: z.boolean().optional() });

export const FOLLOW_TARGETS = ['district', 'meeting', 'proposal', 'decision'] as const;
export const FollowTarget = z.enum(FOLLOW_TARGETS);
export const FollowBody = z.strictObject({ targetType: FollowTarget, targetId: z.string().min(1).max(64) });

/** Every event a person can be notified of; preferences mute them by name. Grouped in the settings by the prefix. */
export const NOTIFICATION_EVENTS = [
  'assignment.dispatched',
  'assignment.officer_assigned',
  'assignment.reminder',
  'assignment.escalation',
  'assignment.accepted',
  'assignment.in_progress',
  'assignment.progress',
  'assignment.blocked',
  'assignment.done',
  'assignment.reopened',
  'assignment.confirmed',
  'assignment.cancelled',
  'decision.created',
  'proposal.created',
  'proposal.status',
  'proposal.hidden',
  'proposal.unhidden',
  'update.hidden',
  'update.unhidden',
  'meeting.planned',
  'meeting.held',
  'meeting.closed',
  'meeting.cancelled',
  'account.register_attempt',
] as const;
export const NotificationEvent = z.enum(NOTIFICATION_EVENTS);
export type NotificationEvent = z.infer<typeof NotificationEvent>;
/** Security notices reach their owner whatever the preferences say. */
export const UNMUTABLE_EVENTS: readonly NotificationEvent[] = ['account.register_attempt'];

export const NotificationPreferences = z.object({
  mutedEvents: z.array(NotificationEvent),
  /** Shown in the app (the bell and the list). */
  inApp: z.boolean(),
  /** Sent by email too. */
  email: z.boolean(),
  /** With email: one email a day (morning, Almaty time) instead of one per notification. */
  digest: z.boolean(),
  /** The language notifications and emails are written in (the account's language). */
  locale: Locale,
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;
export const NotificationPreferencesBody = z.strictObject({
  mutedEvents: z.array(NotificationEvent).max(NOTIFICATION_EVENTS.length),
  inApp: z.boolean(),
  email: z.boolean(),
  digest: z.boolean(),
  locale: Locale.optional(),
});
export const DEFAULT_NOTIFICATION_PREFERENCES = { mutedEvents: [], inApp: true, email: true, digest: false } as const;
