import { z } from 'zod';

/** One refused row of an uploaded file: its line (1 is the header), the column and what is wrong. */
export const ImportError = z.object({ line: z.number().int(), column: z.string().nullable(), message: z.string() });
export type ImportError = z.infer<typeof ImportError>;

export const ImportChanges = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type ImportChanges = z.infer<typeof ImportChanges>;

/** A status change a row makes (progress imports): what the dry run would do, and what the job did. */
export const ImportTransition = z.object({
  line: z.number().int(),
  id: z.uuid(),
  from: z.string(),
  to: z.string(),
  progress: z.number().int().nullable(),
});
export type ImportTransition = z.infer<typeof ImportTransition>;

/** A dry run's answer, and a finished job's report: valid rows are applied, refused ones listed. */
export const ImportReport = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  errors: z.array(ImportError),
  changes: ImportChanges,
  /** Kinds that move things through a state machine list each move. */
  transitions: z.array(ImportTransition).optional(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const IMPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const ImportJobView = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(IMPORT_JOB_STATUSES),
  total: z.number().int(),
  processed: z.number().int(),
  report: ImportReport.nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type ImportJobView = z.infer<typeof ImportJobView>;

export const ImportQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });
export const ImportKindParam = z.object({ kind: z.string().max(40) });
export const ImportJobParam = z.object({ jobId: z.uuid() });
export const ImportAccepted = z.object({ jobId: z.uuid() });

/** Rows one file may carry: bigger spreadsheets are split, so one upload never holds the queue for long. */
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** The columns each kind's file has (the first required, the rest optional), for clients that offer templates. */
export const IMPORT_COLUMNS = {
  buildings: { required: ['address', 'organization', 'district'], optional: ['entrances', 'flats', 'lat', 'lng'] },
  cameras: { required: ['building_address', 'organization', 'location', 'install_year', 'owner', 'kind'], optional: ['status'] },
  /** A service head's progress report: the same state machine, versions and audit as the task page. */
  progress: { required: ['assignment_id', 'status', 'progress', 'contribution', 'note', 'evidence_url'], optional: ['version'] },
} as const;
