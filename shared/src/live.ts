import { z } from 'zod';

/** Channels a WebSocket client may subscribe to. user:<id> only for one's own id. */
export const CHANNEL_PATTERN = /^(district:[a-z0-9_-]{1,64}|(meeting|decision|assignment|proposal|user):[0-9a-f-]{36})$/;
export const Channel = z.string().max(100).regex(CHANNEL_PATTERN);

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), channel: z.string().max(200) }),
  z.object({ type: z.literal('unsubscribe'), channel: z.string().max(200) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const LIVE_EVENT_KINDS = [
  'assignment.updated',
  'decision.created',
  'decision.updated',
  'meeting.updated',
  'proposal.created',
  'proposal.updated',
  'notification.created',
  'timeline.updated',
  /** A registry record (building, camera, helper, chat status) changed in the district. */
  'registry.updated',
] as const;
export const LiveEvent = z.object({
  kind: z.enum(LIVE_EVENT_KINDS),
  id: z.string(),
  districtSlug: z.string().optional(),
  status: z.string().optional(),
  progress: z.number().optional(),
  at: z.string(),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

export type ServerMessage =
  | { type: 'event'; channel: string; event: LiveEvent }
  | { type: 'subscribed' | 'unsubscribed'; channel: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' };
