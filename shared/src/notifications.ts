import { z } from 'zod';

export const NotificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
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
