import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AssignmentView } from '@dsd/shared/assignments';
import { ASSIGNMENT_STATUSES } from '@dsd/shared/status-machines';
import { DateTime, LiveIndicator, ProgressBar, StatusBadge, useDistrictName, useServiceName } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { useLive } from '../../lib/live.ts';
import { MoreButton, usePagedList } from '../../lib/paging.tsx';
import { useSession } from '../auth/api.ts';
import { DownloadCsvLink } from '../open-data/links.tsx';
import { CsvImport } from '../registries/csv-import.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** Overdue first, then by deadline, then newest. */
export function sortForBoard(items: AssignmentView[]): AssignmentView[] {
  return [...items].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    const da = a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY;
    const db = b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY;
    if (da !== db) return da - db;
    return b.createdAt.localeCompare(a.createdAt);
  });
}

export default function TaskBoard() {
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const districtName = useDistrictName();
  usePageTitle(t('tasks.heading'));
  const session = useSession();
  const [status, setStatus] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const query = usePagedList<AssignmentView>(
    ['assignments', 'mine', status, overdueOnly],
    '/assignments',
    { mine: 'true', status, overdue: overdueOnly ? 'true' : undefined, limit: 100 },
    { enabled: !!session.data },
  );
  const districts = session.data?.scope.districts ?? [];
  const connected = useLive(districts.map((d) => `district:${d}`));
  if (!session.isPending && !session.data) {
    return (
      <p>
        <Link to="/login">{t('tasks.signInPolice')}</Link>
      </p>
    );
  }
  return (
    <>
      <h1>{t('tasks.heading')}</h1>
      <LiveIndicator connected={connected} />
      <div className="filters">
        <label>
          {t('tasks.filterStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {ASSIGNMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.assignment.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> {t('common.overdue')}
        </label>
      </div>
      {districts.length === 1 && (
        <p className="small">
          <DownloadCsvLink kind="assignments" filters={{ district: districts[0], status: status || undefined }} />
        </p>
      )}
      <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty={t('tasks.none')}>
        {(d) => (
          <ul className="list">
            {sortForBoard(d.items).map((a) => (
              <li key={a.id} className={`item ${a.overdue ? 'is-overdue' : ''}`} data-testid="task">
                <p className="meta">
                  <span className="tag">{serviceName(a.serviceCode)}</span> <span className="tag">{districtName(a.districtSlug)}</span>{' '}
                  <StatusBadge entity="assignment" status={a.status} />
                  {a.overdue && <span className="badge badge-overdue">{t('common.overdue')}</span>}
                </p>
                <p className="small" data-testid="holder">
                  {t('assignment.holder')}:{' '}
                  {a.officer ? <strong>{a.officer.name}</strong> : <span className="muted">{t('assignment.unassigned')}</span>}
                </p>
                <h2 className="h3">
                  <Link to={`/assignments/${a.id}`}>{a.decisionTitle}</Link>
                </h2>
                {a.dueAt && (
                  <p className="small">
                    {t('common.due')}: <DateTime iso={a.dueAt} />
                  </p>
                )}
                <ProgressBar value={a.progress} label={a.decisionTitle} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <MoreButton list={query} />
      {(session.data?.role === 'service_head' || session.data?.role === 'admin') && <CsvImport kinds={['progress']} />}
    </>
  );
}
