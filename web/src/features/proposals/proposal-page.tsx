import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ProposalDetail } from '@dsd/shared/proposals';
import { DateTime, LiveIndicator, ProgressBar, StatusBadge, useCategoryName } from '../../components/bits.tsx';
import { ModerationControl, moderates } from '../../components/moderation.tsx';
import { ErrorState, QueryState } from '../../components/states.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { Result, useToast } from '../../components/toast.tsx';
import { api } from '../../lib/api.ts';
import { useLive } from '../../lib/live.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useSession } from '../auth/api.ts';
import { useProposal, useProposalTransition } from './api/proposals.ts';
import { ProposalForm } from './components/proposal-form.tsx';
import { authorLabel } from './proposal-list.tsx';

export default function ProposalPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const qc = useQueryClient();
  const proposal = useProposal(id);
  usePageTitle(proposal.data?.title ?? t('proposal.heading'));
  const connected = useLive([`proposal:${id}`]);
  const session = useSession();
  const support = useMutation({
    mutationFn: (on: boolean) => api(`/proposals/${id}/support`, { method: on ? 'POST' : 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.proposal(id) }),
  });
  return (
    <QueryState query={proposal}>
      {(p) => (
        <>
          <p>
            <Link to={`/districts/${p.districtSlug}`}>← {t('common.back')}</Link>
          </p>
          <h1>{p.title}</h1>
          <LiveIndicator connected={connected} />
          <p className="meta">
            <span className="tag">{categoryName(p.category)}</span> <StatusBadge entity="proposal" status={p.status} /> · {t('proposal.author')}:{' '}
            {authorLabel(p, t)}
          </p>
          {p.mine && <AuthorTools proposal={p} />}
          {p.hidden && (
            <p className="notice">
              {t('proposal.hidden')}
              {p.hiddenReason ? `: ${p.hiddenReason}` : ''}
            </p>
          )}
          {moderates(session.data, p.districtSlug) && (
            <p>
              <ModerationControl
                path={`/proposals/${p.id}/moderation`}
                hidden={p.hidden}
                onDone={() => qc.invalidateQueries({ queryKey: queryKeys.proposal(id) })}
              />
            </p>
          )}
          <p>{p.body}</p>
          {p.address && (
            <p>
              {t('proposal.address')}: {p.address}
            </p>
          )}
          {p.confidentialDetails && (
            <div className="notice confidential">
              <h2>{t('proposal.confidential')}</h2>
              <p>{p.confidentialDetails}</p>
            </div>
          )}
          <p>
            <strong>{t('common.supportCount', { count: p.supportCount })}</strong>{' '}
            {session.data && !p.mine && (
              <button type="button" aria-pressed={p.supportedByMe} onClick={() => support.mutate(!p.supportedByMe)} disabled={support.isPending}>
                {p.supportedByMe ? t('common.supported') : t('common.support')}
              </button>
            )}
          </p>
          {support.error && <ErrorState error={support.error} />}
          {p.answer && (
            <section className="notice">
              <h2>{t('proposal.answer')}</h2>
              <p>{p.answer}</p>
            </section>
          )}
          {p.reason && p.status === 'rejected' && (
            <section className="notice">
              <h2>{t('proposal.reason')}</h2>
              <p>{p.reason}</p>
            </section>
          )}
          {p.mergedInto && (
            <p>
              {t('proposal.mergedInto')}: <Link to={`/proposals/${p.mergedInto}`}>→</Link>
            </p>
          )}
          {p.decisions.length > 0 && (
            <section>
              <h2>{t('proposal.linkedDecisions')}</h2>
              <ul className="list">
                {p.decisions.map((d) => (
                  <li key={d.id} className="item">
                    <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                    <ProgressBar value={d.progress} label={d.title} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h2>{t('proposal.history')}</h2>
            <ol className="timeline">
              {p.history.map((h) => (
                <li key={`${h.at}-${h.toStatus}`}>
                  <DateTime iso={h.at} /> {h.toStatus && <StatusBadge entity="proposal" status={h.toStatus} />} {h.note && <span>— {h.note}</span>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </QueryState>
  );
}

/** The author corrects the proposal while it waits for review, and may withdraw it until a decision is taken. */
function AuthorTools({ proposal: p }: { proposal: ProposalDetail }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const withdraw = useProposalTransition();
  const canEdit = p.status === 'submitted';
  const canWithdraw = p.status === 'submitted' || p.status === 'under_review';
  if (!canEdit && !canWithdraw && !saved) return null;
  return (
    <section aria-label={t('proposal.authorTools')}>
      {saved && <Result testId="proposal-result">{saved}</Result>}
      {editing ? (
        <ProposalForm
          district={p.districtSlug}
          proposal={p}
          onSaved={() => {
            setEditing(false);
            setSaved(t('proposal.saved'));
            toast(t('proposal.saved'));
          }}
        />
      ) : (
        <div className="actions">
          {canEdit && (
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              {t('proposal.edit')}
            </button>
          )}
          {canWithdraw && !confirming && (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              {t('proposal.withdraw')}
            </button>
          )}
          {confirming && (
            <>
              <span>{t('proposal.withdrawConfirm')}</span>
              <button
                type="button"
                className="danger"
                disabled={withdraw.isPending}
                onClick={() =>
                  withdraw.mutate(
                    { id: p.id, to: 'withdrawn', version: p.version },
                    {
                      onSuccess: () => {
                        setConfirming(false);
                        setSaved(t('proposal.withdrawn'));
                        toast(t('proposal.withdrawn'));
                      },
                    },
                  )
                }
              >
                {t('proposal.withdrawYes')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          )}
        </div>
      )}
      {withdraw.error && <ErrorState error={withdraw.error} />}
    </section>
  );
}
