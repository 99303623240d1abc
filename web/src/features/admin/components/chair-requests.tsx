import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChairRequest } from '@dsd/shared/admin';
import type { Organization } from '@dsd/shared/reference';
import { DateTime, useDistrictName } from '../../../components/bits.tsx';
import { QueryState } from '../../../components/states.tsx';
import { api, qs } from '../../../lib/api.ts';
import { queryKeys } from '../../../lib/query-keys.ts';
import { ChangeError } from './fields.tsx';

const requestsKey = (district: string) => ['chair-requests', district] as const;

/** A resident elected chair asks to be confirmed for the organization; the district's coordinator decides. */
export function ChairRequestForm() {
  const { t } = useTranslation();
  const districtName = useDistrictName();
  const organizations = useQuery({
    queryKey: ['organizations', 'all'],
    queryFn: () => api<{ items: Organization[] }>('/organizations'),
    staleTime: 5 * 60_000,
  });
  const [organizationId, setOrganizationId] = useState('');
  const [note, setNote] = useState('');
  const ask = useMutation({
    mutationFn: () => api<ChairRequest>('/chair-requests', { method: 'POST', body: { organizationId, ...(note.trim() ? { note } : {}) } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate();
  };
  if (ask.data) {
    return (
      <p role="status" className="notice">
        {t('chairRequests.sent', { organization: ask.data.organization.name })}
      </p>
    );
  }
  return (
    <details className="panel">
      <summary>{t('chairRequests.askHeading')}</summary>
      <form className="form" onSubmit={submit}>
        <p className="muted small">{t('chairRequests.askIntro')}</p>
        {/* Labels beside their fields, not around them: a label's text would otherwise take in every option's. */}
        <label htmlFor="chair-request-org">{t('admin.organization')}</label>
        <select id="chair-request-org" required value={organizationId} onChange={(e) => setOrganizationId(e.target.value)}>
          <option value="">—</option>
          {(organizations.data?.items ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} · {districtName(o.districtSlug)}
            </option>
          ))}
        </select>
        <label htmlFor="chair-request-note">{t('chairRequests.note')}</label>
        <textarea id="chair-request-note" value={note} onChange={(e) => setNote(e.target.value)} />
        <ChangeError error={ask.error} />
        <div className="actions">
          <button type="submit" disabled={ask.isPending || !organizationId}>
            {t('chairRequests.ask')}
          </button>
        </div>
      </form>
    </details>
  );
}

/** The coordinator's waiting chair requests in one district, each confirmed or rejected in one click. */
export function ChairRequestList({ district }: { district: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const requests = useQuery({
    queryKey: requestsKey(district),
    queryFn: () => api<{ items: ChairRequest[] }>(`/chair-requests${qs({ district })}`),
  });
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'confirm' | 'reject' }) =>
      api<ChairRequest>(`/chair-requests/${id}/decision`, { method: 'POST', body: { decision } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: requestsKey(district) });
      void qc.invalidateQueries({ queryKey: queryKeys.organizations(district) });
    },
  });
  return (
    <section aria-labelledby="chair-requests">
      <h2 id="chair-requests">{t('chairRequests.heading')}</h2>
      <QueryState query={requests} isEmpty={(d) => d.items.length === 0} empty={t('chairRequests.none')}>
        {(d) => (
          <ul className="list">
            {d.items.map((r) => (
              <li key={r.id} className="item">
                <p>
                  <strong>{r.user.name}</strong> ({r.user.email}) — {r.organization.name}
                </p>
                {r.note && <p className="muted">{r.note}</p>}
                <p className="muted small">
                  <DateTime iso={r.createdAt} />
                </p>
                <div className="actions">
                  <button
                    type="button"
                    onClick={() => decide.mutate({ id: r.id, decision: 'confirm' })}
                    aria-label={`${t('chairRequests.confirm')}: ${r.user.name}`}
                  >
                    {t('chairRequests.confirm')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => decide.mutate({ id: r.id, decision: 'reject' })}
                    aria-label={`${t('chairRequests.reject')}: ${r.user.name}`}
                  >
                    {t('chairRequests.reject')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <ChangeError error={decide.error} />
    </section>
  );
}
