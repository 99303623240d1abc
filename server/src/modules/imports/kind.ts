import type { Executor } from '@dsd/db/client';
import type { ImportError, ImportTransition } from '@dsd/shared/imports';
import type { Actor } from '../../lib/access.ts';
import type { ChangeRecorder } from '../../lib/changes.ts';
import type { Services } from '../../plugins/services.ts';

export type RowChange = 'created' | 'updated' | 'unchanged';
/** What applying one row did, or why the row was refused at the last moment (e.g. the record moved meanwhile). */
export type RowResult = RowChange | { column: string | null; message: string } | { change: RowChange; transition: Omit<ImportTransition, 'line'> };

/** One record of the file, by header name, with the line it started on. */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export interface ImportDeps {
  db: Executor;
  services: Pick<Services, 'registries'>;
}

/**
 * What one kind of import (buildings, cameras, assignments' progress, …) brings: its columns, a validator that turns
 * records into rows or per-row errors (with any lookups the whole file needs), what applying each row would change
 * (the dry run) and the applier, which writes a batch of rows inside one change (audited, live). A new kind is one
 * file that calls `registerImportKind`.
 */
export interface ImportKind<Row> {
  kind: string;
  required: readonly string[];
  optional: readonly string[];
  validate(deps: ImportDeps, actor: Actor, records: CsvRecord[]): Promise<{ rows: Array<{ line: number; row: Row }>; errors: ImportError[] }>;
  preview(deps: ImportDeps, rows: Row[]): Promise<RowResult[]>;
  apply(deps: ImportDeps, changes: ChangeRecorder, actor: Actor, rows: Row[]): Promise<RowResult[]>;
}

const KINDS = new Map<string, ImportKind<unknown>>();

export function registerImportKind<Row>(kind: ImportKind<Row>): void {
  KINDS.set(kind.kind, kind as ImportKind<unknown>);
}

export const importKind = (name: string) => KINDS.get(name);
