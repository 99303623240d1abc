import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Locale, slug } from '@dsd/shared/enums';
import { IdParam } from '@dsd/shared/pagination';
import { NotFound } from '../../lib/errors.ts';
import { nameIn } from '../../lib/localized.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { calendarNames, districtRow, meetingCalendar, meetingsForFeed } from './service.ts';

const CalendarQuery = z.object({ lang: Locale.default('ru') });

/** Where links in the feed point: the configured public address, else the address this request came to. */
export function baseUrlOf(app: App, request: FastifyRequest): string {
  return (app.appConfig.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

function sendCalendar(reply: FastifyReply, filename: string, body: string) {
  return reply
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${filename}.ics"`)
    .header('cache-control', 'public, max-age=300')
    .send(body as never);
}

export default async function calendarRoutes(app: App) {
  const schema = (summary: string, params?: z.ZodType) => ({
    tags: ['calendar'],
    summary,
    querystring: CalendarQuery,
    ...(params ? { params } : {}),
    response: errorResponses,
  });

  app.get(
    '/calendar.ics',
    { config: { access: 'public', publicCache: 'everyone' }, schema: schema('Every district’s meetings as an iCalendar (RFC 5545) feed') },
    async (request, reply) => {
      const { lang } = request.query;
      const items = await meetingsForFeed(app.db, {});
      return sendCalendar(
        reply,
        'meetings',
        meetingCalendar(items, { name: calendarNames[lang].city, locale: lang, baseUrl: baseUrlOf(app, request) }),
      );
    },
  );

  app.get(
    '/calendar/:district.ics',
    {
      config: { access: 'public', publicCache: 'everyone' },
      schema: schema('One district’s meetings as an iCalendar feed', z.object({ district: slug })),
    },
    async (request, reply) => {
      const { lang } = request.query;
      const { district } = request.params as { district: string };
      const row = await districtRow(app.db, district);
      const name = calendarNames[lang].district(nameIn(row, lang));
      const items = await meetingsForFeed(app.db, { district });
      return sendCalendar(reply, `meetings-${district}`, meetingCalendar(items, { name, locale: lang, baseUrl: baseUrlOf(app, request) }));
    },
  );

  app.get(
    '/calendar/meetings/:id.ics',
    { config: { access: 'public', publicCache: 'everyone' }, schema: schema('One meeting as an iCalendar file, for “Add to calendar”', IdParam) },
    async (request, reply) => {
      const { lang } = request.query;
      const items = await meetingsForFeed(app.db, { id: (request.params as { id: string }).id });
      if (items.length === 0) throw new NotFound('Meeting');
      return sendCalendar(
        reply,
        `meeting-${items[0]!.id}`,
        meetingCalendar(items, { name: items[0]!.title, locale: lang, baseUrl: baseUrlOf(app, request) }),
      );
    },
  );
}
