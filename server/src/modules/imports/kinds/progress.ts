import { inArray } from 'drizzle-orm';
import { assignments } from '@dsd/db/schema/index';
import { IMPORT_COLUMNS, type ImportError } from '@dsd/shared/imports';
import { ASSIGNMENT_STATUSES, assignmentMachine, canTransition, type AssignmentStatus } from '@dsd/shared/status-machines';
import { Forbidden } from '../../../lib/errors.ts';
import { mayMove, mayReport } from '../../assignments/policy.ts';
import { writeMove, writeProgress } from '../../assignments/writes.ts';
import { assignmentChanged } from '../../assignments/changed.ts';
import { registerImportKind, type ImportDeps, type RowResult } from '../kind.ts';
import { UUID, rowErrors } from './common.ts';

/** Progress is reported on accepted work, as on the task page. */
const REPORTS_PROGRESS: readonly AssignmentStatus[] = ['accepted', 'in_progress', 'blocked', 'reopened'];

interface ProgressRow {
  id: string;
  /** The version the file was checked against: the row's `version` cell, or the stored one at validation. */
  version: number;
  to: AssignmentStatus | null;
  progress: number | null;
  contribution: number | null;
  note: string | null;
  evidenceUrl: string | null;
  /** The assignment as validation read it: what the dry run compares with (the job reads it again, in its transaction). */
  stored: Stored;
}

type Stored = typeof assignments.$inferSelect;

async function storedRows(deps: ImportDeps, ids: string[]): Promise<Map<string, Stored>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.db
    .select()
    .from(assignments)
    .where(inArray(assignments.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * What one row would do to the stored assignment: nothing (already so: a re-upload changes nothing), a status change
 * through the assignment machine, or a progress report — or why it cannot, as the task page would answer.
 */
function plan(row: ProgressRow, stored: Stored): RowResult {
  if (stored.version !== row.version) return { column: 'version', message: `stale: the assignment is at version ${stored.version} now` };
  const moves = row.to !== null && row.to !== stored.status;
  const progressAfter = row.to === 'done' ? 100 : (row.progress ?? stored.progress);
  const reports =
    !moves &&
    ((row.progress !== null && row.progress !== stored.progress) || (row.contribution !== null && row.contribution !== stored.contribution));
  if (moves) {
    if (!canTransition(assignmentMachine, stored.status, row.to!))
      return { column: 'status', message: `An assignment cannot move from ${stored.status} to ${row.to}` };
    if (row.to === 'blocked' && !row.note) return { column: 'note', message: 'say what blocks the work' };
    return { change: 'updated', transition: { id: stored.id, from: stored.status, to: row.to!, progress: progressAfter } };
  }
  if (reports) {
    if (!REPORTS_PROGRESS.includes(stored.status))
      return { column: 'progress', message: `Progress is reported on accepted work; this assignment is ${stored.status}` };
    return 'updated';
  }
  return 'unchanged';
}

registerImportKind<ProgressRow>({
  kind: 'progress',
  ...IMPORT_COLUMNS.progress,

  async validate(deps, actor, records) {
    if (actor.role !== 'service_head' && actor.role !== 'admin') throw new Forbidden('Service heads import their service’s progress');
    const ids = records.map((r) => (r.values.assignment_id ?? '').trim()).filter((id) => UUID.test(id));
    const stored = await storedRows(deps, ids);
    const errors: ImportError[] = [];
    const rows: Array<{ line: number; row: ProgressRow }> = [];
    const seen = new Map<string, number>();
    for (const { line, values } of records) {
      const e = rowErrors(line);
      const id = (values.assignment_id ?? '').trim().toLowerCase();
      const current = UUID.test(id) ? stored.get(id) : undefined;
      if (!UUID.test(id)) e.add('assignment_id', 'an assignment id (as in the CSV export or the task page)');
      else if (!current) e.add('assignment_id', 'no such assignment');
      const to = values.status?.trim() ? (e.oneOf('status', values.status, ASSIGNMENT_STATUSES) ?? null) : null;
      const progress = e.int('progress', values.progress?.trim(), 0, 100) ?? null;
      const contribution = e.num('contribution', values.contribution?.trim(), 0, 1_000_000) ?? null;
      const note = values.note?.trim() || null;
      if (note && note.length > 2000) e.add('note', 'at most 2000 characters');
      const evidenceUrl = values.evidence_url?.trim() || null;
      if (evidenceUrl && !/^https?:\/\/\S+$/i.test(evidenceUrl)) e.add('evidence_url', 'a web address (http or https)');
      const version = values.version?.trim() ? e.int('version', values.version.trim(), 1, 1_000_000) : current?.version;
      if (current) {
        // A head imports their own service's work only; what they may move follows the task page's rules.
        if (!mayReport(actor, current)) e.add('assignment_id', 'this assignment belongs to another service or district');
        else if (to && to !== current.status && !mayMove(actor, current, to)) e.add('status', `you may not move an assignment to ${to}`);
        const first = seen.get(id);
        if (first) e.add('assignment_id', `the same assignment as line ${first}`);
        else seen.set(id, line);
      }
      if (e.errors.length) errors.push(...e.errors);
      else rows.push({ line, row: { id, version: version!, to, progress, contribution, note, evidenceUrl, stored: current! } });
    }
    return { rows, errors };
  },

  async preview(_deps, rows) {
    return rows.map((r) => plan(r, r.stored));
  },

  async apply(deps, changes, actor, rows) {
    const stored = await storedRows(
      deps,
      rows.map((r) => r.id),
    );
    const results: RowResult[] = [];
    for (const r of rows) {
      const current = stored.get(r.id)!;
      const planned = plan(r, current);
      if (planned === 'unchanged' || (typeof planned === 'object' && !('change' in planned))) {
        results.push(planned);
        continue;
      }
      try {
        if (typeof planned === 'object') {
          await writeMove(changes, actor, current, r.to!, r.version, {
            note: r.note ?? undefined,
            reason: r.to === 'blocked' ? (r.note ?? undefined) : undefined,
            progress: r.progress ?? undefined,
            contribution: r.contribution ?? undefined,
          });
        } else {
          const updated = await writeProgress(
            changes,
            current,
            { progress: r.progress ?? undefined, contribution: r.contribution ?? undefined },
            r.version,
          );
          changes.timeline({
            kind: 'progress',
            decisionId: current.decisionId,
            assignmentId: current.id,
            note: r.note ?? 'progress imported',
            progress: r.progress,
            visibility: 'public',
          });
          changes.outbox({ queue: 'notifications', name: 'notify', payload: { event: 'assignment.progress', assignmentId: current.id } });
          await assignmentChanged(changes, updated);
        }
        if (r.evidenceUrl) {
          changes.timeline({
            kind: 'evidence',
            decisionId: current.decisionId,
            assignmentId: current.id,
            note: r.note ?? '',
            evidenceUrl: r.evidenceUrl,
            visibility: 'public',
          });
        }
        results.push(planned);
      } catch (err) {
        // The conditional update found another version (someone changed it meanwhile): nothing was written for this row.
        if ((err as { statusCode?: number }).statusCode !== 409) throw err;
        results.push({ column: 'version', message: (err as Error).message });
      }
    }
    return results;
  },
});
