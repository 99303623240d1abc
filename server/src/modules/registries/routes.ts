import { eq } from 'drizzle-orm';
import { districts } from '@dsd/db/schema/index';
import { IdParam, listOf, pageOf } from '@dsd/shared/pagination';
import {
  BuildingDetail,
  BuildingSummary,
  BuildingsQuery,
  CameraAgeRule,
  CameraAgeRuleBody,
  CameraSummary,
  CameraTransitionBody,
  CameraView,
  CamerasQuery,
  ChatBody,
  ConfirmCameraBody,
  CreateBuildingBody,
  CreateCameraBody,
  CreateHelperBody,
  DistrictInspectors,
  FeedbackBody,
  FeedbackView,
  HelperCounts,
  HelperTransitionBody,
  HelperView,
  HelpersQuery,
  InspectorCard,
  InspectorDetail,
  InspectorsQuery,
  ModerateFeedbackBody,
  ShiftBody,
  ShiftView,
  SlugParam,
  UpdateBuildingBody,
} from '@dsd/shared/registries';
import { POLICE_ROLES, requireActor } from '../../lib/access.ts';
import { NotFound } from '../../lib/errors.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

const KEEPERS = ['chair', 'officer', 'service_head', 'coordinator', 'admin'] as const;

/** Buildings, cameras, helpers and inspectors: the registries the campaign's decisions are measured by. */
export default async function registryRoutes(app: App) {
  const { buildings, cameras, helpers, inspectors, settings } = app.services.registries;
  const tags = ['registries'];

  async function district(slug: string): Promise<string> {
    const [row] = await app.db.select({ slug: districts.slug }).from(districts).where(eq(districts.slug, slug));
    if (!row) throw new NotFound('District');
    return row.slug;
  }

  app.get(
    '/buildings',
    {
      config: { access: 'public', publicCache: 'anonymous' },
      schema: {
        tags,
        summary: 'Buildings by district, organization or address',
        querystring: BuildingsQuery,
        response: { 200: pageOf(BuildingSummary), ...errorResponses },
      },
    },
    async (request) => buildings.list(request.query),
  );
  app.get(
    '/buildings/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A building with its cameras, inspector and chat status',
        params: IdParam,
        response: { 200: BuildingDetail, ...errorResponses },
      },
    },
    async (request) => buildings.detail(request.actor, request.params.id),
  );
  app.post(
    '/buildings',
    {
      config: { access: ['chair', 'coordinator', 'admin'] },
      schema: {
        tags,
        summary: 'Chairs add their organization’s buildings; coordinators their districts’',
        body: CreateBuildingBody,
        response: { 201: BuildingDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await buildings.create(requireActor(request.actor), request.body)),
  );
  app.patch(
    '/buildings/:id',
    {
      config: { access: ['chair', 'coordinator', 'admin'] },
      schema: {
        tags,
        summary: 'Edit a building; optimistic version',
        params: IdParam,
        body: UpdateBuildingBody,
        response: { 200: BuildingDetail, ...errorResponses },
      },
    },
    async (request) => buildings.update(requireActor(request.actor), request.params.id, request.body),
  );
  app.post(
    '/buildings/:id/chat',
    {
      config: { access: KEEPERS },
      schema: {
        tags,
        summary: 'Whether the area’s inspector is in the residents’ chat',
        params: IdParam,
        body: ChatBody,
        response: { 200: BuildingDetail, ...errorResponses },
      },
    },
    async (request) => buildings.setChat(requireActor(request.actor), request.params.id, request.body),
  );

  app.get(
    '/cameras',
    {
      config: { access: 'public', publicCache: 'anonymous' },
      schema: {
        tags,
        summary: 'Cameras by district, building, status and install years',
        querystring: CamerasQuery,
        response: { 200: pageOf(CameraView), ...errorResponses },
      },
    },
    async (request) => cameras.list(request.query),
  );
  app.post(
    '/cameras',
    {
      config: { access: KEEPERS },
      schema: { tags, summary: 'Register a camera of a building', body: CreateCameraBody, response: { 201: CameraView, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await cameras.create(requireActor(request.actor), request.body)),
  );
  app.post(
    '/cameras/:id/transition',
    {
      config: { access: KEEPERS },
      schema: {
        tags,
        summary: 'faulty, working, outdated, replaced (with the new camera), removed; optimistic version',
        params: IdParam,
        body: CameraTransitionBody,
        response: { 200: CameraView, ...errorResponses },
      },
    },
    async (request) => cameras.transition(requireActor(request.actor), request.params.id, request.body),
  );
  app.post(
    '/cameras/:id/confirm',
    {
      config: { access: ['officer', 'service_head', 'coordinator', 'admin'] },
      schema: {
        tags,
        summary: 'A video-surveillance officer confirms a camera a chair reported',
        params: IdParam,
        body: ConfirmCameraBody,
        response: { 200: CameraView, ...errorResponses },
      },
    },
    async (request) => cameras.confirm(requireActor(request.actor), request.params.id, request.body.version),
  );
  app.get(
    '/districts/:slug/cameras',
    {
      config: { access: 'public', publicCache: 'everyone' },
      schema: {
        tags,
        summary: 'The district’s cameras in numbers, by install year',
        params: SlugParam,
        response: { 200: CameraSummary, ...errorResponses },
      },
    },
    async (request) => cameras.summary(await district(request.params.slug)),
  );
  app.get(
    '/settings/camera-age',
    { config: { access: ['admin'] }, schema: { tags, summary: 'The cameras’ age rule', response: { 200: CameraAgeRule, ...errorResponses } } },
    async () => settings.cameraAgeRule(),
  );
  app.put(
    '/settings/camera-age',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Cameras installed this many years ago are due for modernization',
        body: CameraAgeRuleBody,
        response: { 200: CameraAgeRule, ...errorResponses },
      },
    },
    async (request) => settings.setCameraAgeRule(requireActor(request.actor), request.body.years),
  );

  app.get(
    '/helpers',
    {
      config: { access: POLICE_ROLES },
      schema: {
        tags,
        summary: 'The district’s public police helpers (police only)',
        querystring: HelpersQuery,
        response: { 200: pageOf(HelperView), ...errorResponses },
      },
    },
    async (request) => helpers.list(requireActor(request.actor), request.query),
  );
  app.post(
    '/helpers',
    {
      config: { access: POLICE_ROLES },
      schema: {
        tags,
        summary: 'Register a resident as a helper candidate',
        body: CreateHelperBody,
        response: { 201: HelperView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await helpers.create(requireActor(request.actor), request.body)),
  );
  app.post(
    '/helpers/:id/transition',
    {
      config: { access: POLICE_ROLES },
      schema: {
        tags,
        summary: 'activate (akimat approval date and document), suspend, leave; optimistic version',
        params: IdParam,
        body: HelperTransitionBody,
        response: { 200: HelperView, ...errorResponses },
      },
    },
    async (request) => helpers.transition(requireActor(request.actor), request.params.id, request.body),
  );
  app.post(
    '/helpers/:id/shifts',
    {
      config: { access: POLICE_ROLES },
      schema: { tags, summary: 'Log a patrol shift', params: IdParam, body: ShiftBody, response: { 201: ShiftView, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await helpers.addShift(requireActor(request.actor), request.params.id, request.body)),
  );
  app.get(
    '/districts/:slug/helpers',
    {
      config: { access: 'public', publicCache: 'everyone' },
      schema: {
        tags,
        summary: 'The district’s helpers in numbers (no names or phones)',
        params: SlugParam,
        response: { 200: HelperCounts, ...errorResponses },
      },
    },
    async (request) => helpers.counts(await district(request.params.slug)),
  );

  app.get(
    '/inspectors',
    {
      config: { access: 'public', publicCache: 'everyone' },
      schema: {
        tags,
        summary: 'District inspectors’ public cards',
        querystring: InspectorsQuery,
        response: { 200: listOf(InspectorCard), ...errorResponses },
      },
    },
    async (request) => inspectors.list(request.query),
  );
  app.get(
    '/inspectors/:id',
    {
      config: { access: 'public', publicCache: 'anonymous' },
      schema: {
        tags,
        summary: 'An inspector’s card, area, chat coverage and approved feedback',
        params: IdParam,
        response: { 200: InspectorDetail, ...errorResponses },
      },
    },
    async (request) => inspectors.detail(request.actor, request.params.id),
  );
  app.post(
    '/inspectors/:id/feedback',
    {
      config: { access: ['chair'] },
      schema: {
        tags,
        summary: 'A chair’s feedback or commendation (shown after moderation)',
        params: IdParam,
        body: FeedbackBody,
        response: { 201: FeedbackView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { inspectorId: _, ...view } = await inspectors.addFeedback(requireActor(request.actor), request.params.id, request.body);
      return reply.status(201).send(view);
    },
  );
  app.post(
    '/inspector-feedback/:id/moderation',
    {
      config: { access: ['coordinator', 'admin'] },
      schema: {
        tags,
        summary: 'Approve or reject a chair’s feedback',
        params: IdParam,
        body: ModerateFeedbackBody,
        response: { 200: FeedbackView, ...errorResponses },
      },
    },
    async (request) => inspectors.moderateFeedback(requireActor(request.actor), request.params.id, request.body.status),
  );
  app.get(
    '/districts/:slug/inspectors',
    {
      config: { access: 'public', publicCache: 'everyone' },
      schema: {
        tags,
        summary: 'The district’s inspectors and its chat coverage',
        params: SlugParam,
        response: { 200: DistrictInspectors, ...errorResponses },
      },
    },
    async (request) => inspectors.ofDistrict(await district(request.params.slug)),
  );
}
