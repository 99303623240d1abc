import { z } from 'zod';
import {
  FollowBody,
  MarkReadBody,
  NotificationPreferences,
  NotificationPreferencesBody,
  NotificationView,
  NotificationsQuery,
} from '@dsd/shared/notifications';
import { pageOf } from '@dsd/shared/pagination';
import { requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { checkFollowTarget } from './follow-targets.ts';
import { createNotificationService } from './service.ts';

const UnreadCount = z.object({ unread: z.number().int() });
const Follows = z.object({ items: z.array(z.object({ targetType: z.string(), targetId: z.string(), createdAt: z.string() })) });

export default async function notificationRoutes(app: App) {
  const notifications = createNotificationService({ db: app.db });

  app.get(
    '/notifications',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        querystring: NotificationsQuery,
        response: { 200: pageOf(NotificationView), ...errorResponses },
      },
    },
    async (request) => notifications.list(requireActor(request.actor), request.query),
  );
  app.get(
    '/notifications/unread-count',
    { config: { access: 'signedIn' }, schema: { tags: ['notifications'], response: { 200: UnreadCount, ...errorResponses } } },
    async (request) => ({ unread: await notifications.unreadCount(requireActor(request.actor)) }),
  );
  app.post(
    '/notifications/read',
    {
      config: { access: 'signedIn' },
      schema: { tags: ['notifications'], summary: 'Mark some or all as read', body: MarkReadBody, response: { 200: UnreadCount, ...errorResponses } },
    },
    async (request) => ({ unread: await notifications.markRead(requireActor(request.actor), request.body) }),
  );

  app.get(
    '/notifications/preferences',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['notifications'],
        summary: 'Which events I hear about, and how',
        response: { 200: NotificationPreferences, ...errorResponses },
      },
    },
    async (request) => notifications.preferences(requireActor(request.actor)),
  );
  app.put(
    '/notifications/preferences',
    {
      config: { access: 'signedIn', rateLimitKind: 'write' },
      schema: {
        tags: ['notifications'],
        summary: 'Mute events; choose in-app, email, or a daily email digest',
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferences, ...errorResponses },
      },
    },
    async (request) => notifications.setPreferences(requireActor(request.actor), request.body),
  );

  app.get(
    '/follows',
    { config: { access: 'signedIn' }, schema: { tags: ['notifications'], response: { 200: Follows, ...errorResponses } } },
    async (request) => ({
      items: await notifications.follows(requireActor(request.actor)),
    }),
  );
  app.post(
    '/follows',
    {
      config: { access: 'signedIn', rateLimitKind: 'write' },
      schema: {
        tags: ['notifications'],
        summary: 'Follow a district, meeting, proposal or decision',
        body: FollowBody,
        response: { 200: Follows, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await checkFollowTarget(app, actor, request.body.targetType, request.body.targetId);
      await notifications.follow(actor, request.body.targetType, request.body.targetId, true);
      return { items: await notifications.follows(actor) };
    },
  );
  app.delete(
    '/follows',
    {
      config: { access: 'signedIn' },
      schema: { tags: ['notifications'], summary: 'Unfollow', body: FollowBody, response: { 200: Follows, ...errorResponses } },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await notifications.follow(actor, request.body.targetType, request.body.targetId, false);
      return { items: await notifications.follows(actor) };
    },
  );
}
