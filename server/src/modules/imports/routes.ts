import { ImportAccepted, ImportJobParam, ImportJobView, ImportKindParam, ImportQuery, ImportReport, MAX_IMPORT_BYTES } from '@dsd/shared/imports';
import { requireActor } from '../../lib/access.ts';
import { FieldError } from '../../lib/errors.ts';
import { errorResponses, type App } from '../../lib/route-types.ts';

/** Bulk CSV imports: a dry run that reports per row, or a background job with progress and the same report. */
export default async function importRoutes(app: App) {
  const { imports } = app.services;
  // CSV bodies arrive as bytes: the service checks the encoding itself, so a non-UTF-8 file is a clear 400.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));
  const csvBody = (body: unknown): Buffer => {
    if (!Buffer.isBuffer(body)) throw new FieldError('body', 'send the file as text/csv', 'invalid_type');
    return body;
  };

  app.post(
    '/imports/:kind',
    {
      config: { access: ['chair', 'officer', 'service_head', 'coordinator', 'admin'] },
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags: ['imports'],
        summary: 'Upload a CSV (text/csv) of buildings or cameras: ?dryRun=true reports per row; otherwise 202 and a job',
        params: ImportKindParam,
        querystring: ImportQuery,
        consumes: ['text/csv'],
        response: { 200: ImportReport, 202: ImportAccepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const body = csvBody(request.body);
      if (request.query.dryRun === 'true') return imports.dryRun(actor, request.params.kind, body);
      return reply.status(202).send(await imports.start(actor, request.params.kind, body));
    },
  );

  app.get(
    '/imports/:jobId',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['imports'],
        summary: 'An import job’s status, progress and report (its author and admins)',
        params: ImportJobParam,
        response: { 200: ImportJobView, ...errorResponses },
      },
    },
    async (request) => imports.get(requireActor(request.actor), request.params.jobId),
  );
}
