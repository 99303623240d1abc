import { z } from 'zod';
import { Locale, slug } from '@dsd/shared/enums';
import { Neighbourhood, NeighbourhoodDetail, NeighbourhoodEvent, NeighbourhoodPerson, NeighbourhoodPriority } from '@dsd/shared/neighbourhoods';
import { driverOf } from '../../lib/sql-text.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { baseUrlOf } from '../calendar/routes.ts';
import { createNeighbourhoodService } from './service.ts';

const Lang = z.object({ lang: Locale.default('ru') });
const Slug = z.object({ slug });

/** A neighbourhood feed shaped like police.uk's (/neighbourhoods, /:id, /priorities, /events, /people). */
export default async function neighbourhoodRoutes(app: App) {
  const neighbourhoods = createNeighbourhoodService({ db: app.db, sql: driverOf(app.db) });
  const config = { access: 'public' as const, publicCache: 'everyone' as const };
  const tags = ['neighbourhoods'];

  app.get(
    '/neighbourhoods',
    {
      config,
      schema: {
        tags,
        summary: 'Districts as police.uk lists neighbourhoods',
        querystring: Lang,
        response: { 200: z.array(Neighbourhood), ...errorResponses },
      },
    },
    async (request) => neighbourhoods.list(request.query.lang),
  );
  app.get(
    '/neighbourhoods/:slug',
    { config, schema: { tags, params: Slug, querystring: Lang, response: { 200: NeighbourhoodDetail, ...errorResponses } } },
    async (request) => neighbourhoods.detail(request.params.slug, request.query.lang, baseUrlOf(app, request)),
  );
  app.get(
    '/neighbourhoods/:slug/priorities',
    {
      config,
      schema: {
        tags,
        summary: 'Each decision’s problem and what was done',
        params: Slug,
        querystring: Lang,
        response: { 200: z.array(NeighbourhoodPriority), ...errorResponses },
      },
    },
    async (request) => neighbourhoods.priorities(request.params.slug, request.query.lang),
  );
  app.get(
    '/neighbourhoods/:slug/events',
    {
      config,
      schema: { tags, summary: 'Meetings', params: Slug, querystring: Lang, response: { 200: z.array(NeighbourhoodEvent), ...errorResponses } },
    },
    async (request) => neighbourhoods.events(request.params.slug, request.query.lang),
  );
  app.get(
    '/neighbourhoods/:slug/people',
    {
      config,
      schema: {
        tags,
        summary: 'The district inspectors',
        params: Slug,
        querystring: Lang,
        response: { 200: z.array(NeighbourhoodPerson), ...errorResponses },
      },
    },
    async (request) => neighbourhoods.people(request.params.slug, request.query.lang),
  );
}
