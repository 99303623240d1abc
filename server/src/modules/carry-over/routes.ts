import { CarriedItem, CarriedParams, RecordCarryBody } from '@dsd/shared/carry-over';
import { requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

export default async function carryOverRoutes(app: App) {
  const { carryOver } = app.services;

  app.post(
    '/meetings/:id/carried/:decisionId',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['meetings'],
        summary: 'Rule on a promise carried to this meeting: kept, extended (new deadline and reason) or dropped (reason)',
        params: CarriedParams,
        body: RecordCarryBody,
        response: { 200: CarriedItem, ...errorResponses },
      },
    },
    async (request) => carryOver.record(requireActor(request.actor), request.params.id, request.params.decisionId, request.body),
  );
}
