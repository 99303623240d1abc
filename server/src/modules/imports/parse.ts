import { parse } from 'csv-parse/sync';
import { MAX_IMPORT_ROWS, type ImportError } from '@dsd/shared/imports';
import { FieldError } from '../../lib/errors.ts';
import type { CsvRecord } from './kind.ts';

/** A file that cannot be read at all is one 400 naming what to fix; a bad row is a per-row error, never the file. */
const refuse = (message: string, code: 'invalid_format' | 'too_many' = 'invalid_format') => new FieldError('body', message, code);

/** Decodes and parses an uploaded CSV with its header row: records by column name, and the rows csv-parse skipped. */
export function parseCsv(body: Buffer | string, columns: { required: readonly string[]; optional: readonly string[] }) {
  let text: string;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw refuse('the file is not UTF-8 text: save it as "CSV UTF-8"');
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const header = firstLine.split(',').map((h) => h.trim().toLowerCase());
  const missing = columns.required.filter((c) => !header.includes(c));
  if (missing.length) {
    const other = [';', '\t', '|'].find((d) => firstLine.includes(d));
    if (other) throw refuse(`columns are separated by "${other === '\t' ? 'tab' : other}": separate them with commas`);
    throw refuse(
      `missing columns: ${missing.join(', ')} (the first line names the columns: ${[...columns.required, ...columns.optional].join(', ')})`,
    );
  }
  const skipped: ImportError[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      columns: (names: string[]) => names.map((n) => n.trim().toLowerCase()),
      info: true,
      trim: true,
      skip_empty_lines: true,
      // Trailing optional cells may be left off; more values than columns means an unquoted comma, and that row is refused.
      relax_column_count_less: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (!err) return undefined;
        const line = Number((err as { lines?: number }).lines ?? 0);
        const tooMany = ['CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', 'CSV_RECORD_INCONSISTENT_COLUMNS'].includes((err as { code?: string }).code ?? '');
        skipped.push({
          line,
          column: null,
          message: tooMany ? 'more values than columns: put values that contain commas in double quotes' : err.message,
        });
        return undefined;
      },
      // Stop reading past the limit: a 100k-row file is refused without holding it all in memory as records.
      to_line: MAX_IMPORT_ROWS + 2,
    }) as unknown as typeof records;
  } catch (err) {
    throw refuse(`the file is not valid CSV: ${(err as Error).message}`);
  }
  if (records.length > MAX_IMPORT_ROWS) throw refuse(`at most ${MAX_IMPORT_ROWS} rows per file: split it`, 'too_many');
  if (records.length === 0 && skipped.length === 0) throw refuse('the file has no rows under its header');
  const rows: CsvRecord[] = records.map(({ record, info }) => ({ line: info.lines, values: record }));
  return { records: rows, errors: skipped };
}
