import {
  AssignOfficerBody,
  AssignableOfficer,
  AssignmentDetail,
  AssignmentTransitionBody,
  AssignmentUpdateBody,
  AssignmentView,
  AssignmentsQuery,
  ConfirmBody,
  RescheduleBody,
} from '@dsd/shared/assignments';
import { IdParam, listOf, pageOf } from '@dsd/shared/pagination';
import { requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

export default async function assignmentRoutes(app: App) {
  const { assignments } = app.services;

  app.get(
    '/assignments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['assignments'],
        summary: 'Assignments; mine=true for the signed-in user’s service or scope',
        querystring: AssignmentsQuery,
        response: { 200: pageOf(AssignmentView), ...errorResponses },
      },
    },
    async (request) => assignments.list(request.actor, request.query),
  );

  app.get(
    '/assignments/:id',
    { config: { access: 'public' }, schema: { tags: ['assignments'], params: IdParam, response: { 200: AssignmentDetail, ...errorResponses } } },
    async (request) => assignments.detail(request.actor, request.params.id),
  );

  app.post(
    '/assignments/:id/transition',
    {
      config: { access: ['officer', 'service_head', 'coordinator', 'admin'] },
      schema: {
        tags: ['assignments'],
        summary: 'accept, start, block (reason), done, cancel, reopen; optimistic version',
        params: IdParam,
        body: AssignmentTransitionBody,
        response: { 200: AssignmentDetail, ...errorResponses },
      },
    },
    async (request) => assignments.transition(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/assignments/:id/updates',
    {
      config: { access: ['officer', 'service_head', 'admin'] },
      schema: {
        tags: ['assignments'],
        summary: 'A note, progress report or evidence link',
        params: IdParam,
        body: AssignmentUpdateBody,
        response: { 201: AssignmentDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await assignments.addUpdate(requireActor(request.actor), request.params.id, request.body)),
  );

  app.get(
    '/assignments/:id/officers',
    {
      config: { access: ['service_head', 'admin'] },
      schema: {
        tags: ['assignments'],
        summary: 'Officers the service head may give this assignment to',
        params: IdParam,
        response: { 200: listOf(AssignableOfficer), ...errorResponses },
      },
    },
    async (request) => assignments.assignableOfficers(requireActor(request.actor), request.params.id),
  );

  app.post(
    '/assignments/:id/officer',
    {
      config: { access: ['service_head', 'admin'] },
      schema: {
        tags: ['assignments'],
        summary: 'Service head assigns an officer',
        params: IdParam,
        body: AssignOfficerBody,
        response: { 200: AssignmentDetail, ...errorResponses },
      },
    },
    async (request) => assignments.assignOfficer(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/assignments/:id/due',
    {
      config: { access: ['service_head', 'coordinator', 'admin'] },
      schema: {
        tags: ['assignments'],
        summary: 'Move the deadline (reminders are rescheduled)',
        params: IdParam,
        body: RescheduleBody,
        response: { 200: AssignmentDetail, ...errorResponses },
      },
    },
    async (request) => assignments.reschedule(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/assignments/:id/confirmation',
    {
      config: { access: ['chair', 'admin'] },
      schema: {
        tags: ['assignments'],
        summary: 'Chair confirms or disputes done work; a dispute reopens it',
        params: IdParam,
        body: ConfirmBody,
        response: { 200: AssignmentDetail, ...errorResponses },
      },
    },
    async (request) => assignments.confirm(requireActor(request.actor), request.params.id, request.body),
  );
}
