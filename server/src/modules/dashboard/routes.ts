import { Dashboard } from '@dsd/shared/dashboard';
import type { App } from '../../lib/route-types.ts';

export default async function dashboardRoutes(app: App) {
  app.get(
    '/dashboard',
    {
      config: { access: 'public' },
      schema: {
        tags: ['dashboard'],
        summary: 'Per district: meetings, proposals, decisions’ progress, assignments and overdue; per service: open, overdue, disputed',
        response: { 200: Dashboard },
      },
    },
    async (_request, reply) => {
      // Serialized once per build and shared: the schema above documents it, parse() in the service enforced it.
      const { json } = await app.services.dashboard.current();
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );
}
