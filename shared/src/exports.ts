import { z } from 'zod';
import { DateTimeInput, inDateRange } from './dates.ts';
import { slug } from './enums.ts';
import { AssignmentStatus, DecisionStatus, ProposalStatus } from './status-machines.ts';

export const EXPORT_KINDS = ['proposals', 'decisions', 'assignments'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A calendar day ("2026-11-26", read in the district's zone) or an instant with its offset. */
export const ExportDate = z.union([z.iso.date().refine((v) => inDateRange(Date.parse(v)), { params: { code: 'date_out_of_range' } }), DateTimeInput]);

const common = { district: slug.optional(), from: ExportDate.optional(), to: ExportDate.optional() };

/** The filters of the lists, plus a creation-time window; one schema per export, so `status` is that record's. */
export const EXPORT_QUERIES = {
  proposals: z.object({ ...common, status: ProposalStatus.optional() }),
  decisions: z.object({ ...common, status: DecisionStatus.optional() }),
  assignments: z.object({ ...common, status: AssignmentStatus.optional() }),
} as const;

/** The columns of each export, in order: the public fields of the records, never e-mails, user ids or tip details. */
export const EXPORT_COLUMNS: Record<ExportKind, readonly string[]> = {
  proposals: [
    'id',
    'district',
    'category',
    'title',
    'body',
    'status',
    'author_kind',
    'organization',
    'meeting_id',
    'address',
    'lat',
    'lng',
    'support_count',
    'reason',
    'answer',
    'merged_into',
    'created_at',
    'updated_at',
  ],
  decisions: [
    'id',
    'meeting_id',
    'district',
    'kind',
    'category',
    'title',
    'description',
    'target_value',
    'target_unit',
    'achieved',
    'due_at',
    'overdue',
    'status',
    'progress',
    'services',
    'created_at',
  ],
  assignments: [
    'id',
    'decision_id',
    'decision_title',
    'decision_kind',
    'category',
    'district',
    'service',
    'status',
    'due_at',
    'overdue',
    'progress',
    'contribution',
    'blocked_reason',
    'confirmation',
    'created_at',
    'updated_at',
  ],
};

/** The export's address with the list's current filters, for the "Download CSV" links. */
export function exportUrl(kind: ExportKind, filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return `/api/v1/exports/${kind}.csv${query ? `?${query}` : ''}`;
}
