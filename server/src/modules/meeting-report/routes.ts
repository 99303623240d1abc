import { z } from 'zod';
import { auditHead } from '@dsd/db/audit-chain';
import { categories, services } from '@dsd/db/schema/index';
import { Locale } from '@dsd/shared/enums';
import { IdParam } from '@dsd/shared/pagination';
import { errorResponses, type App } from '../../lib/route-types.ts';
import { renderMeetingReport } from './pdf.ts';

const ReportQuery = z.object({ lang: Locale.default('ru') });

/** The meeting report rendered on the server: what the printable page shows, as a PDF in ru, kk or en. */
export default async function meetingReportRoutes(app: App) {
  const { meetings, proposals, decisions, carryOver } = app.services;

  app.get(
    '/meetings/:id/report.pdf',
    {
      config: { access: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'The meeting report as a PDF: attendees, proposals, decisions, promises carried and the audit head',
        params: IdParam,
        querystring: ReportQuery,
        response: { 200: z.any().describe('application/pdf'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const lang = request.query.lang;
      const meeting = await meetings.summary(id);
      // The public view, whoever asks: a report is handed around, so it never carries confidential details.
      const [attendees, heard, taken, carried, head, serviceRows, categoryRows] = await Promise.all([
        meetings.attendees(id),
        proposals.list(null, { meetingId: id, limit: 100 }),
        decisions.forMeeting(id),
        carryOver.forMeeting(id),
        auditHead(app.db),
        app.db.select().from(services),
        app.db.select().from(categories),
      ]);
      const nameIn = (row: { nameRu: string; nameKk: string; nameEn: string }) =>
        lang === 'kk' ? row.nameKk : lang === 'en' ? row.nameEn : row.nameRu;
      const pdf = await renderMeetingReport(
        {
          meeting,
          attendees,
          proposals: heard.items,
          decisions: taken,
          ...carried,
          auditHead: { ...head, maxSealDelayMs: app.appConfig.auditMaxSealDelayMs },
          serviceName: (code) => {
            const row = serviceRows.find((s) => s.code === code);
            return row ? nameIn(row) : code;
          },
          categoryName: (code) => {
            const row = categoryRows.find((c) => c.code === code);
            return row ? nameIn(row) : code;
          },
          generatedAt: new Date(),
        },
        lang,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="meeting-report-${id}-${lang}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
