import { DecisionDetail, DecisionSummary, DecisionsQuery } from '@dsd/shared/decisions';
import { IdParam, pageOf } from '@dsd/shared/pagination';
import { errorResponses, type App } from '../../lib/route-types.ts';

export default async function decisionRoutes(app: App) {
  const { decisions } = app.services;

  app.get(
    '/decisions',
    {
      schema: {
        tags: ['decisions'],
        summary: 'Decisions and instructions with derived progress',
        querystring: DecisionsQuery,
        response: { 200: pageOf(DecisionSummary), ...errorResponses },
      },
    },
    async (request) => decisions.list(request.query),
  );

  app.get(
    '/decisions/:id',
    {
      schema: {
        tags: ['decisions'],
        summary: 'A decision with its assignments and timeline',
        params: IdParam,
        response: { 200: DecisionDetail, ...errorResponses },
      },
    },
    async (request) => decisions.detail(request.actor, request.params.id),
  );
}
