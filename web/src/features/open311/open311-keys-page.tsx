import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuedOpen311Key, Open311KeyView } from '@dsd/shared/open311';
import { DateTime } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { api, ApiError } from '../../lib/api.ts';

const KEYS = ['open311-keys'];

/** Admins issue Open311 keys to partner apps (each key shown once) and revoke them. */
export default function Open311KeysPage() {
  const { t } = useTranslation();
  usePageTitle(t('open311Keys.heading'));
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: () => api<{ items: Open311KeyView[] }>('/admin/open311-keys') });
  const [partner, setPartner] = useState('');
  const [fresh, setFresh] = useState<IssuedOpen311Key | null>(null);
  const issue = useMutation({
    mutationFn: (name: string) => api<IssuedOpen311Key>('/admin/open311-keys', { method: 'POST', body: { partner: name } }),
    onSuccess: (issued) => {
      setFresh(issued);
      setPartner('');
      void qc.invalidateQueries({ queryKey: KEYS });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/admin/open311-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEYS }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate(partner.trim());
  };
  const issueError = issue.error instanceof ApiError ? (issue.error.fieldError('partner') ?? t('errors.generic')) : null;
  return (
    <>
      <h1>{t('open311Keys.heading')}</h1>
      <p>{t('open311Keys.intro')}</p>
      <form className="form panel" onSubmit={submit} noValidate>
        <label htmlFor="open311-partner">{t('open311Keys.partner')}</label>
        <input
          id="open311-partner"
          value={partner}
          maxLength={120}
          aria-invalid={!!issueError}
          aria-describedby={issueError ? 'open311-partner-error' : undefined}
          onChange={(e) => setPartner(e.target.value)}
        />
        {issueError && (
          <p className="field-error" id="open311-partner-error">
            {issueError}
          </p>
        )}
        <button type="submit" disabled={issue.isPending}>
          {t('open311Keys.issue')}
        </button>
      </form>
      {fresh && (
        <div className="notice ok" role="status" data-testid="issued-key">
          <p>{t('open311Keys.shownOnce', { partner: fresh.partner })}</p>
          <p>
            <code className="secret">{fresh.key}</code>
          </p>
        </div>
      )}
      <h2>{t('open311Keys.list')}</h2>
      <QueryState query={keys} isEmpty={(d) => d.items.length === 0}>
        {(d) => (
          <ul className="list">
            {d.items.map((k) => (
              <li key={k.id} className="item" data-testid="open311-key">
                <h3>{k.partner}</h3>
                <p className="small">
                  <code>{k.prefix}…</code> · {t('open311Keys.issued')} <DateTime iso={k.createdAt} />
                  {k.revokedAt && (
                    <>
                      {' · '}
                      {t('open311Keys.revoked')} <DateTime iso={k.revokedAt} />
                    </>
                  )}
                </p>
                {!k.revokedAt && (
                  <button type="button" className="secondary" onClick={() => revoke.mutate(k.id)} disabled={revoke.isPending}>
                    {t('open311Keys.revoke', { partner: k.partner })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
