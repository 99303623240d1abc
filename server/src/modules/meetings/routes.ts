import { z } from 'zod';
import {
  AddAttendeeBody,
  Attendee,
  CreateMeetingBody,
  MeetingDetail,
  MeetingSummary,
  MeetingTransitionBody,
  MeetingsQuery,
} from '@dsd/shared/meetings';
import { CreateDecisionBody, DecisionDetail } from '@dsd/shared/decisions';
import { IdParam, listOf, pageOf } from '@dsd/shared/pagination';
import { requireActor } from '../../lib/access.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

export default async function meetingRoutes(app: App) {
  const { meetings, proposals, decisions, carryOver } = app.services;

  app.get(
    '/meetings',
    {
      config: { access: 'public', publicCache: 'anonymous' },
      schema: {
        tags: ['meetings'],
        summary: 'Meetings, newest first',
        querystring: MeetingsQuery,
        response: { 200: pageOf(MeetingSummary), ...errorResponses },
      },
    },
    async (request) => meetings.list(request.query),
  );

  app.post(
    '/meetings',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['meetings'],
        summary: 'Plan a meeting (coordinator of the district)',
        body: CreateMeetingBody,
        response: { 201: MeetingSummary, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await meetings.create(requireActor(request.actor), request.body)),
  );

  app.get(
    '/meetings/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'A meeting with attendees, proposals heard, decisions, and the earlier promises carried to it',
        params: IdParam,
        response: { 200: MeetingDetail, ...errorResponses },
      },
    },
    async (request) => {
      const summary = await meetings.summary(request.params.id);
      const [attendees, heard, taken, carried] = await Promise.all([
        meetings.attendees(request.params.id),
        proposals.list(request.actor, { meetingId: request.params.id, limit: 100 }),
        decisions.forMeeting(request.params.id),
        carryOver.forMeeting(request.params.id),
      ]);
      return { ...summary, attendees, proposals: heard.items, decisions: taken, ...carried };
    },
  );

  app.post(
    '/meetings/:id/transition',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['meetings'],
        summary: 'planned → held | cancelled; held → closed (with minutes)',
        params: IdParam,
        body: MeetingTransitionBody,
        response: { 200: MeetingSummary, ...errorResponses },
      },
    },
    async (request) => meetings.transition(requireActor(request.actor), request.params.id, request.body),
  );

  app.get(
    '/meetings/:id/attendees',
    { config: { access: 'public' }, schema: { tags: ['meetings'], params: IdParam, response: { 200: listOf(Attendee), ...errorResponses } } },
    async (request) => {
      await meetings.getRow(request.params.id);
      return { items: await meetings.attendees(request.params.id) };
    },
  );

  app.post(
    '/meetings/:id/attendees',
    {
      config: { access: ['chair', 'coordinator', 'admin'] },
      schema: {
        tags: ['meetings'],
        summary: 'Register an organization for the meeting',
        params: IdParam,
        body: AddAttendeeBody,
        response: { 200: listOf(Attendee), ...errorResponses },
      },
    },
    async (request) => ({ items: await meetings.addAttendee(requireActor(request.actor), request.params.id, request.body.organizationId) }),
  );

  app.delete(
    '/meetings/:id/attendees/:organizationId',
    {
      config: { access: ['chair', 'coordinator', 'admin'] },
      schema: {
        tags: ['meetings'],
        params: z.object({ id: z.uuid(), organizationId: z.uuid() }),
        response: { 200: listOf(Attendee), ...errorResponses },
      },
    },
    async (request) => ({ items: await meetings.removeAttendee(requireActor(request.actor), request.params.id, request.params.organizationId) }),
  );

  app.post(
    '/meetings/:id/decisions',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags: ['decisions'],
        summary: 'Record a decision or instruction; one assignment per service, queued for dispatch',
        params: IdParam,
        body: CreateDecisionBody,
        response: { 201: DecisionDetail, ...errorResponses },
      },
    },
    // A new decision has no later meetings yet: nothing carried.
    async (request, reply) =>
      reply.status(201).send({ ...(await decisions.create(requireActor(request.actor), request.params.id, request.body)), carryOvers: [] }),
  );
}
