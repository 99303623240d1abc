import {
  CreateProposalBody,
  ModerationBody,
  ProposalDetail,
  ProposalTransitionBody,
  ProposalView,
  ProposalsQuery,
  SupportResponse,
  UpdateProposalBody,
} from '@dsd/shared/proposals';
import { IdParam, pageOf } from '@dsd/shared/pagination';
import { requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

export default async function proposalRoutes(app: App) {
  const { proposals, decisions } = app.services;

  app.get(
    '/proposals',
    {
      config: { access: 'public', publicCache: 'anonymous' },
      schema: {
        tags: ['proposals'],
        summary: 'Proposals, newest first',
        querystring: ProposalsQuery,
        response: { 200: pageOf(ProposalView), ...errorResponses },
      },
    },
    async (request) => proposals.list(request.actor, request.query),
  );

  app.post(
    '/proposals',
    {
      config: { access: ['resident', 'chair', 'coordinator', 'admin'], rateLimitKind: 'write' },
      schema: {
        tags: ['proposals'],
        summary: 'Submit a proposal (resident, chair for the organization, coordinator)',
        body: CreateProposalBody,
        response: { 201: ProposalView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await proposals.create(requireActor(request.actor), request.body)),
  );

  app.get(
    '/proposals/:id',
    { config: { access: 'public' }, schema: { tags: ['proposals'], params: IdParam, response: { 200: ProposalDetail, ...errorResponses } } },
    async (request) => {
      const detail = await proposals.detail(request.actor, request.params.id);
      const linked = await decisions.forProposal(request.params.id);
      return { ...detail, decisions: linked.map((d) => ({ id: d.id, title: d.title, progress: d.progress })) };
    },
  );

  app.patch(
    '/proposals/:id',
    {
      config: { access: ['resident', 'chair', 'coordinator', 'admin'], rateLimitKind: 'write' },
      schema: {
        tags: ['proposals'],
        summary: 'The author edits a proposal while it is submitted (optimistic version)',
        params: IdParam,
        body: UpdateProposalBody,
        response: { 200: ProposalView, ...errorResponses },
      },
    },
    async (request) => proposals.update(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/proposals/:id/support',
    {
      config: { access: 'signedIn', rateLimitKind: 'write' },
      schema: {
        tags: ['proposals'],
        summary: 'Support a proposal (once per user)',
        params: IdParam,
        response: { 200: SupportResponse, ...errorResponses },
      },
    },
    async (request) => proposals.support(requireActor(request.actor), request.params.id, true),
  );

  app.delete(
    '/proposals/:id/support',
    {
      config: { access: 'signedIn', rateLimitKind: 'write' },
      schema: { tags: ['proposals'], summary: 'Withdraw one’s support', params: IdParam, response: { 200: SupportResponse, ...errorResponses } },
    },
    async (request) => proposals.support(requireActor(request.actor), request.params.id, false),
  );

  app.post(
    '/proposals/:id/transition',
    {
      config: { access: ['resident', 'chair', 'coordinator', 'admin'] },
      schema: {
        tags: ['proposals'],
        summary: 'Review (under_review, accepted, rejected with reason, merged into another) or withdraw (author)',
        params: IdParam,
        body: ProposalTransitionBody,
        response: { 200: ProposalView, ...errorResponses },
      },
    },
    async (request) => proposals.transition(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/proposals/:id/moderation',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['proposals'],
        summary: 'Hide or show a proposal (coordinator), with a reason',
        params: IdParam,
        body: ModerationBody,
        response: { 200: ProposalView, ...errorResponses },
      },
    },
    async (request) => proposals.moderate(requireActor(request.actor), request.params.id, request.body),
  );
}
