import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditHead, AuditRow, AuditVerification } from '@dsd/shared/audit';
import { DateTime } from '../../components/bits.tsx';
import { ErrorState, QueryState } from '../../components/states.tsx';
import { api } from '../../lib/api.ts';
import { useSession } from '../auth/api.ts';
import { usePageTitle } from '../../components/page-title.ts';

const PAGE = 50;
const FILTERS = ['entityType', 'entityId', 'action', 'actorId'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** Links an audited record to its page where it has one. */
const ENTITY_PAGES: Record<string, string> = { proposal: 'proposals', meeting: 'meetings', decision: 'decisions', assignment: 'assignments' };

/** The tamper-evident log: coordinators and admins check the chain; admins also read and filter the entries. */
export default function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.heading'));
  const session = useSession();
  const verification = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => api<AuditVerification>('/audit/verify') });
  return (
    <>
      <h1>{t('audit.heading')}</h1>
      <section aria-labelledby="chain-heading">
        <h2 id="chain-heading">{t('audit.chain')}</h2>
        <QueryState query={verification}>
          {(v) =>
            v.ok ? (
              <p className="notice ok" data-testid="chain-status">
                {t('audit.intact', { count: v.checked })}
              </p>
            ) : (
              <p className="notice error" role="alert" data-testid="chain-status">
                {t('audit.broken', { id: v.brokenAt?.id, reason: t(`audit.reasons.${v.brokenAt?.reason}`, { defaultValue: v.brokenAt?.reason }) })}
              </p>
            )
          }
        </QueryState>
        {verification.data && <Backlog v={verification.data} />}
        <button type="button" onClick={() => void verification.refetch()} disabled={verification.isFetching}>
          {t('audit.verify')}
        </button>
        {verification.data && <Head head={verification.data.head} />}
      </section>
      {session.data?.role === 'admin' ? <AuditEntries /> : <p className="muted">{t('audit.adminsOnly')}</p>}
    </>
  );
}

function AuditEntries() {
  const { t } = useTranslation();
  const formId = useId();
  const [filters, setFilters] = useState<Filters>({});
  const entries = useInfiniteQuery({
    queryKey: ['audit', 'entries', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(PAGE) });
      for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
      if (pageParam) query.set('before', String(pageParam));
      return api<{ items: AuditRow[] }>(`/audit?${query}`);
    },
    getNextPageParam: (last) => (last.items.length === PAGE ? last.items[last.items.length - 1]?.id : undefined),
  });
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setFilters(Object.fromEntries(FILTERS.map((key) => [key, String(data.get(key) ?? '').trim()])));
  };
  return (
    <section aria-labelledby="entries-heading">
      <h2 id="entries-heading">{t('audit.entries')}</h2>
      <form className="filters" onSubmit={apply}>
        {FILTERS.map((key) => (
          <label key={key} htmlFor={`${formId}-${key}`}>
            {t(`audit.filters.${key}`)}
            <input id={`${formId}-${key}`} name={key} defaultValue={filters[key] ?? ''} maxLength={100} />
          </label>
        ))}
        <button type="submit">{t('audit.apply')}</button>
      </form>
      {entries.error && <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.data && (
        <div className="table-scroll">
          <table className="audit">
            <caption className="sr-only">{t('audit.entries')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.record')}</th>
                <th scope="col">{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.pages.flatMap((page) =>
                page.items.map((row) => (
                  <tr key={row.id} data-testid="audit-row">
                    <td>{row.seq ?? <span className="muted">{t('audit.unsealed')}</span>}</td>
                    <td>
                      <DateTime iso={row.at} />
                    </td>
                    <td>
                      {row.actorRole ? t(`roles.${row.actorRole}`, { defaultValue: row.actorRole }) : '—'}
                      {row.actorId && <code className="id">{row.actorId.slice(0, 8)}</code>}
                    </td>
                    <td>
                      <code>{row.action}</code>
                    </td>
                    <td>
                      {ENTITY_PAGES[row.entityType] ? (
                        <Link to={`/${ENTITY_PAGES[row.entityType]}/${row.entityId}`}>
                          {t(`audit.entities.${row.entityType}`, { defaultValue: row.entityType })}
                        </Link>
                      ) : (
                        t(`audit.entities.${row.entityType}`, { defaultValue: row.entityType })
                      )}{' '}
                      <code className="id">{row.entityId.slice(0, 8)}</code>
                    </td>
                    <td>
                      <Change before={row.before} after={row.after} />
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
      {entries.data?.pages[0]?.items.length === 0 && <p className="muted">{t('common.empty')}</p>}
      {entries.hasNextPage && (
        <button type="button" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}

/** Rows are written with their change and sealed into the chain by the worker's sequencer shortly after. */
function Backlog({ v }: { v: AuditVerification }) {
  const { t } = useTranslation();
  if (v.pending === 0) return <p className="meta">{t('audit.allSealed')}</p>;
  return (
    <>
      <p className="meta" data-testid="chain-backlog">
        {t('audit.pending', { count: v.pending, seconds: Math.round((v.oldestPendingAgeMs ?? 0) / 1000) })}
      </p>
      {v.sealingLate && (
        <p className="notice error" role="alert">
          {t('audit.late', { seconds: Math.round(v.head.maxSealDelayMs / 1000) })}
        </p>
      )}
    </>
  );
}

function Head({ head }: { head: AuditHead }) {
  const { t } = useTranslation();
  return (
    <div className="meta" data-testid="chain-head">
      <h3>{t('audit.headLabel')}</h3>
      <p>
        {t('audit.headText', { size: head.size })} <code className="id">{head.hash}</code>
        {head.sealedAt && (
          <>
            {' · '}
            <DateTime iso={head.sealedAt} />
          </>
        )}
      </p>
      <p>{t('audit.headHint')}</p>
    </div>
  );
}

function Change({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  if (before == null && after == null) return null;
  return (
    <details>
      <summary>{t('audit.show')}</summary>
      {before != null && (
        <>
          <p className="meta">{t('audit.before')}</p>
          <pre>{JSON.stringify(before, null, 2)}</pre>
        </>
      )}
      {after != null && (
        <>
          <p className="meta">{t('audit.after')}</p>
          <pre>{JSON.stringify(after, null, 2)}</pre>
        </>
      )}
    </details>
  );
}
