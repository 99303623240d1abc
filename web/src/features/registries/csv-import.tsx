import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IMPORT_COLUMNS, type ImportReport } from '@dsd/shared/imports';
import { ApiError } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { uploadCsv, useImportJob } from './api.ts';

type ImportKindName = keyof typeof IMPORT_COLUMNS;

/**
 * Upload a spreadsheet (CSV): check it first (per-row errors, what would change and, for progress, each status
 * change), then apply it as a background job. The registries page offers buildings and cameras; the service head's
 * task board offers progress.
 */
export function CsvImport({ kinds = ['buildings', 'cameras'] }: { kinds?: readonly ImportKindName[] }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportKindName>(kinds[0]!);
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
    if (!finished) return;
    void qc.invalidateQueries({ queryKey: kind === 'progress' ? ['assignments'] : queryKeys.registryAll });
  }, [finished, qc, kind]);
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
      <h2 id="csv-import">{t(kinds.length === 1 && kinds[0] === 'progress' ? 'registries.import.progressHeading' : 'registries.import.heading')}</h2>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <div className="filters">
          {kinds.length > 1 && (
            <label>
              {t('registries.import.kind')}
              <select
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as ImportKindName);
                  setReport(null);
                  setJobId(null);
                }}
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`registries.import.${k}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
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
          {shown.transitions && shown.transitions.length > 0 && (
            <div className="table-scroll">
              <table className="data">
                <caption>{t(job.data ? 'registries.import.transitionsDone' : 'registries.import.transitions')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('registries.import.line')}</th>
                    <th scope="col">{t('registries.import.assignment')}</th>
                    <th scope="col">{t('registries.import.move')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.transitions.map((m) => (
                    <tr key={`${m.line}-${m.id}`}>
                      <td>{m.line}</td>
                      <td>
                        <Link to={`/assignments/${m.id}`}>{m.id.slice(0, 8)}</Link>
                      </td>
                      <td>
                        {t(`status.assignment.${m.from}`)} → {t(`status.assignment.${m.to}`)}
                        {m.progress !== null ? ` (${m.progress}%)` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
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
