import type { App } from '../../lib/route-types.ts';
import calendarRoutes from '../calendar/routes.ts';
import exportRoutes from '../exports/routes.ts';
import neighbourhoodRoutes from '../neighbourhoods/routes.ts';
import open311KeyRoutes from '../open311/admin-routes.ts';

/** Open data under /api/v1: CSV exports, iCalendar feeds, the neighbourhood feed and the admins' Open311 keys. */
export default async function openDataRoutes(app: App) {
  await app.register(exportRoutes);
  await app.register(calendarRoutes);
  await app.register(open311KeyRoutes);
  await app.register(neighbourhoodRoutes);
}
