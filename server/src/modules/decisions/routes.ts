import { z } from 'zod';
import { DecisionDetail, DecisionSummary, DecisionsQuery } from '@dsd/shared/decisions';
import { ModerationBody } from '@dsd/shared/proposals';
import { TimelineEntry } from '@dsd/shared/updates';
import { requireActor } from '../../lib/access.ts';
import { IdParam, pageOf } from '@dsd/shared/pagination';
import { errorResponses, type App } from '../../lib/route-types.ts';

export default async function decisionRoutes(app: App) {
  const { decisions, carryOver } = app.services;

  app.get(
    '/decisions',
    {
      config: { access: 'public', publicCache: 'anonymous' },
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
    '/updates',
    {
      config: { access: 'public', publicCache: 'anonymous' },
      schema: {
        tags: ['decisions'],
        summary: 'Recent public timeline entries of a district’s decisions',
        querystring: z.object({ district: z.string().max(64), limit: z.coerce.number().int().min(1).max(50).default(20) }),
        response: { 200: z.object({ items: z.array(TimelineEntry.extend({ decisionId: z.uuid(), decisionTitle: z.string() })) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await decisions.recentUpdates(request.query.district, request.query.limit) }),
  );

  app.post(
    '/updates/:id/moderation',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['decisions'],
        summary: 'Hide or show a timeline entry (coordinator of the district), with a reason; its author is told',
        params: IdParam,
        body: ModerationBody,
        response: { 200: TimelineEntry, ...errorResponses },
      },
    },
    async (request) => decisions.moderateUpdate(requireActor(request.actor), request.params.id, request.body),
  );

  app.get(
    '/decisions/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['decisions'],
        summary: 'A decision with its assignments, timeline and what later meetings ruled on it',
        params: IdParam,
        response: { 200: DecisionDetail, ...errorResponses },
      },
    },
    async (request) => {
      const [detail, carryOvers] = await Promise.all([
        decisions.detail(request.actor, request.params.id),
        carryOver.outcomesForDecision(request.params.id),
      ]);
      return { ...detail, carryOvers };
    },
  );
}
