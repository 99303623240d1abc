import { and, eq, sql } from 'drizzle-orm';
import { importJobs } from '@dsd/db/schema/index';
import type { ImportChanges, ImportError, ImportReport, ImportTransition } from '@dsd/shared/imports';
import type { Actor } from '../../lib/access.ts';
import { recordChanges, type ChangeDeps } from '../../lib/changes.ts';
import { iso, isoOrNull } from '../../lib/dates.ts';
import { NotFound } from '../../lib/errors.ts';
import type { Services } from '../../plugins/services.ts';
import { importKind, type ImportDeps, type ImportKind, type RowResult } from './kind.ts';
import './kinds/index.ts';
import { parseCsv } from './parse.ts';

/** Rows written per transaction: a job of thousands of rows shows progress and never holds one long transaction. */
const BATCH = 250;

type JobRow = typeof importJobs.$inferSelect;

function kindOf(name: string): ImportKind<unknown> {
  const kind = importKind(name);
  if (!kind) throw new NotFound(`Import kind "${name}"`);
  return kind;
}

function tally(results: RowResult[], lines: number[], errors: ImportError[], changes: ImportChanges, transitions: ImportTransition[] = []) {
  results.forEach((r, i) => {
    if (typeof r === 'string') changes[r]++;
    else if ('change' in r) {
      changes[r.change]++;
      transitions.push({ line: lines[i]!, ...r.transition });
    } else errors.push({ line: lines[i]!, column: r.column, message: r.message });
  });
}

const byLine = (a: ImportError, b: ImportError) => a.line - b.line;

/** Keeps a report readable for a file of thousands of bad rows: the first errors, and how many in all. */
const MAX_REPORTED_ERRORS = 1000;

export function toJobView(job: JobRow) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    total: job.total,
    processed: job.processed,
    report: (job.report as ImportReport | null) ?? null,
    createdAt: iso(job.createdAt),
    finishedAt: isoOrNull(job.finishedAt),
  };
}

export function createImportService(deps: ChangeDeps & { services: Pick<Services, 'registries'> }) {
  const importDeps: ImportDeps = { db: deps.db, services: deps.services };

  async function validate(kind: ImportKind<unknown>, actor: Actor, body: Buffer | string) {
    const parsed = parseCsv(body, kind);
    const checked = await kind.validate(importDeps, actor, parsed.records);
    return { total: parsed.records.length + parsed.errors.length, rows: checked.rows, errors: [...parsed.errors, ...checked.errors] };
  }

  return {
    /** What applying the file would do, row by row, without writing anything. */
    async dryRun(actor: Actor, kindName: string, body: Buffer | string): Promise<ImportReport> {
      const kind = kindOf(kindName);
      const { total, rows, errors } = await validate(kind, actor, body);
      const changes = { created: 0, updated: 0, unchanged: 0 };
      const transitions: ImportTransition[] = [];
      tally(
        await kind.preview(
          importDeps,
          rows.map((r) => r.row),
        ),
        rows.map((r) => r.line),
        errors,
        changes,
        transitions,
      );
      return {
        rows: total,
        valid: total - new Set(errors.map((e) => e.line)).size,
        errors: errors.sort(byLine).slice(0, MAX_REPORTED_ERRORS),
        changes,
        ...(transitions.length ? { transitions: transitions.slice(0, MAX_REPORTED_ERRORS) } : {}),
      };
    },

    /** Accepts the file for a background job (same transaction as its queue message); a file that cannot be read is a 400 now. */
    async start(actor: Actor, kindName: string, body: Buffer | string): Promise<{ jobId: string }> {
      const kind = kindOf(kindName);
      const parsed = parseCsv(body, kind);
      const text = typeof body === 'string' ? body : body.toString('utf8');
      const job = await recordChanges(deps, actor, async (changes) => {
        const [job] = await changes.tx
          .insert(importJobs)
          .values({ kind: kind.kind, userId: actor.id, total: parsed.records.length + parsed.errors.length, input: text })
          .returning();
        changes.audit({ action: 'import.started', entityType: 'import', entityId: job!.id, after: { kind: kind.kind, total: job!.total } });
        changes.outbox({ queue: 'imports', name: 'run', payload: { jobId: job!.id } });
        return job!;
      });
      return { jobId: job.id };
    },

    /** Its author and admins read a job. */
    async get(actor: Actor, jobId: string) {
      const [job] = await deps.db.select().from(importJobs).where(eq(importJobs.id, jobId));
      if (!job || (job.userId !== actor.id && actor.role !== 'admin')) throw new NotFound('Import job');
      return toJobView(job);
    },

    /**
     * The background job: validates the stored file as its author, then applies the valid rows in batches, each batch
     * one change (audited, registry metrics re-measured, live). Natural keys make a retried or re-uploaded file
     * update or skip what is there, never duplicate it.
     */
    async run(jobId: string, loadActor: (userId: string) => Promise<Actor | null>) {
      const [job] = await deps.db.select().from(importJobs).where(eq(importJobs.id, jobId));
      if (!job || job.status === 'done' || job.status === 'failed' || job.input === null) return;
      const kind = importKind(job.kind);
      const actor = await loadActor(job.userId);
      const fail = async (message: string) => {
        const report: ImportReport = {
          rows: job.total,
          valid: 0,
          errors: [{ line: 0, column: null, message }],
          changes: { created: 0, updated: 0, unchanged: 0 },
        };
        await deps.db
          .update(importJobs)
          .set({ status: 'failed', report, input: null, finishedAt: new Date(), updatedAt: new Date() })
          .where(eq(importJobs.id, jobId));
      };
      if (!kind || !actor) return fail('the import kind or its author no longer exists');
      await deps.db.update(importJobs).set({ status: 'running', processed: 0, updatedAt: new Date() }).where(eq(importJobs.id, jobId));
      let checked: Awaited<ReturnType<typeof validate>>;
      try {
        checked = await validate(kind, actor, job.input);
      } catch (err) {
        return fail((err as Error).message);
      }
      const errors = [...checked.errors];
      const changes = { created: 0, updated: 0, unchanged: 0 };
      const transitions: ImportTransition[] = [];
      let processed = new Set(checked.errors.map((e) => e.line)).size;
      for (let i = 0; i < checked.rows.length; i += BATCH) {
        const batch = checked.rows.slice(i, i + BATCH);
        const results = await recordChanges(deps, actor, async (rec) => {
          const results = await kind.apply(
            importDeps,
            rec,
            actor,
            batch.map((r) => r.row),
          );
          await rec.tx
            .update(importJobs)
            .set({ processed: sql`${importJobs.processed} + ${batch.length}`, updatedAt: new Date() })
            .where(eq(importJobs.id, jobId));
          return results;
        });
        tally(
          results,
          batch.map((r) => r.line),
          errors,
          changes,
          transitions,
        );
        processed += batch.length;
      }
      const report: ImportReport = {
        rows: job.total,
        valid: job.total - new Set(errors.map((e) => e.line)).size,
        errors: errors.sort(byLine).slice(0, MAX_REPORTED_ERRORS),
        changes,
        ...(transitions.length ? { transitions: transitions.slice(0, MAX_REPORTED_ERRORS) } : {}),
      };
      await recordChanges(deps, actor, async (rec) => {
        await rec.tx
          .update(importJobs)
          .set({ status: 'done', processed, report, input: null, finishedAt: new Date(), updatedAt: new Date() })
          .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'running')));
        rec.audit({
          action: 'import.done',
          entityType: 'import',
          entityId: jobId,
          after: { kind: job.kind, ...changes, refused: report.rows - report.valid },
        });
      });
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
