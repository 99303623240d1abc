import { Dashboard } from '@dsd/shared/dashboard';
import type { App } from '../../lib/route-types.ts';

export default async function dashboardRoutes(app: App) {
  app.get(
    '/dashboard',
    {
      config: { access: 'public', publicCache: 'everyone' },
      schema: {
        tags: ['dashboard'],
        summary: 'Per district: meetings, proposals, decisions’ progress, assignments and overdue; per service: open, overdue, disputed',
        response: { 200: Dashboard },
      },
    },
    async () => app.services.dashboard.build(),
  );
}
