import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_COLUMNS, type ImportReport } from '@dsd/shared/imports';
import { ApiError } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { uploadCsv, useImportJob } from './api.ts';

/** Upload a spreadsheet (CSV): check it first (per-row errors and what would change), then apply it as a background job. */
export function CsvImport() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<keyof typeof IMPORT_COLUMNS>('buildings');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useImportJob(jobId);
  const qc = useQueryClient();
  const finished = job.data?.status === 'done';
  // What the job wrote shows in every registry view once it is done.
  useEffect(() => {
    if (finished) void qc.invalidateQueries({ queryKey: queryKeys.registryAll });
  }, [finished, qc]);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await uploadCsv(kind, file, dryRun);
      if ('jobId' in result) setJobId(result.jobId);
      else setReport(result);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const shown = job.data?.report ?? report;
  return (
    <section aria-labelledby="csv-import" data-testid="csv-import">
      <h2 id="csv-import">{t('registries.import.heading')}</h2>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <div className="filters">
          <label>
            {t('registries.import.kind')}
            <select
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as keyof typeof IMPORT_COLUMNS);
                setReport(null);
                setJobId(null);
              }}
            >
              <option value="buildings">{t('registries.import.buildings')}</option>
              <option value="cameras">{t('registries.import.cameras')}</option>
            </select>
          </label>
          <label>
            {t('registries.import.file')}
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
                setJobId(null);
              }}
            />
          </label>
        </div>
        <p className="muted small">
          {t('registries.import.columns')}: <code>{[...IMPORT_COLUMNS[kind].required, ...IMPORT_COLUMNS[kind].optional].join(',')}</code>
        </p>
        <div className="actions">
          <button type="submit" className="secondary" disabled={!file || busy}>
            {t('registries.import.dryRun')}
          </button>
          <button type="button" disabled={!file || busy || !report || report.valid === 0} onClick={() => void send(false)}>
            {t('registries.import.apply')}
          </button>
        </div>
      </form>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {job.data && (
        <p role="status" data-testid="import-progress">
          {job.data.status === 'done'
            ? t('registries.import.done')
            : job.data.status === 'failed'
              ? t('registries.import.failed')
              : t('registries.import.progress', { processed: job.data.processed, total: job.data.total })}
        </p>
      )}
      {shown && (
        <div data-testid="import-report">
          <p>{t('registries.import.rows', { rows: shown.rows, valid: shown.valid })}</p>
          <p>{t(job.data ? 'registries.import.applied' : 'registries.import.changes', shown.changes)}</p>
          {shown.errors.length > 0 && (
            <div className="table-scroll">
              <table className="data">
                <caption>{t('registries.import.errors')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('registries.import.line')}</th>
                    <th scope="col">{t('registries.import.column')}</th>
                    <th scope="col">{t('registries.import.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.errors.map((e) => (
                    <tr key={`${e.line}-${e.column}-${e.message}`}>
                      <td>{e.line}</td>
                      <td>{e.column ?? '—'}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
