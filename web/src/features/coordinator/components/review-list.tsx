import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProposalView } from '@dsd/shared/proposals';
import { DateTime, StatusBadge, useCategoryName } from '../../../components/bits.tsx';
import { ErrorState, QueryState } from '../../../components/states.tsx';
import { useToast } from '../../../components/toast.tsx';
import { api } from '../../../lib/api.ts';
import { queryKeys } from '../../../lib/query-keys.ts';
import { useReview } from '../api/decisions.ts';

const EXCERPT = 240;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT).trimEnd()}…` : text);

type Reviewed = { id: string; title: string; status: string };

/** The district's proposals awaiting review, with what a coordinator needs to judge them, and what was just decided. */
export function ReviewList({ district }: { district: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const qc = useQueryClient();
  const categoryName = useCategoryName();
  const list = useReview(district);
  const [text, setText] = useState<Record<string, string>>({});
  const [mergeInto, setMergeInto] = useState<Record<string, string>>({});
  const [reviewed, setReviewed] = useState<Reviewed[]>([]);
  const move = useMutation({
    mutationFn: ({ p, to }: { p: ProposalView; to: string }) =>
      api<ProposalView>(`/proposals/${p.id}/transition`, {
        method: 'POST',
        body: {
          to,
          version: p.version,
          ...(to === 'merged' ? { mergedInto: mergeInto[p.id] } : {}),
          ...(to === 'rejected' ? { reason: text[p.id] } : text[p.id] ? { answer: text[p.id] } : {}),
        },
      }),
    onSuccess: (p) => {
      setReviewed((list) => [{ id: p.id, title: p.title, status: p.status }, ...list.filter((r) => r.id !== p.id)].slice(0, 10));
      toast(t('coordinate.reviewed', { title: p.title, status: t(`status.proposal.${p.status}`) }));
    },
    onSettled: () => {
      for (const queryKey of [queryKeys.review(district), queryKeys.proposalsAll, queryKeys.dashboard]) void qc.invalidateQueries({ queryKey });
    },
  });
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{t('district.proposals')}</h2>
      {reviewed.length > 0 && (
        <div className="result" data-testid="reviewed">
          <h3 className="h4">{t('coordinate.justReviewed')}</h3>
          <ul className="plain">
            {reviewed.map((r) => (
              <li key={r.id}>
                <StatusBadge entity="proposal" status={r.status} /> <Link to={`/proposals/${r.id}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      <QueryState query={list} isEmpty={(d) => d.open.length === 0}>
        {({ open: items, mergeTargets }) => (
          <ul className="list review-list">
            {items.map((p) => (
              <li key={p.id} className="item" data-testid="review-item">
                <p className="meta">
                  <span className="tag">{categoryName(p.category)}</span> <StatusBadge entity="proposal" status={p.status} />{' '}
                  <DateTime iso={p.createdAt} />
                </p>
                <h3 className="title">
                  <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                </h3>
                <dl className="facts small">
                  <dt>{t('proposal.author')}</dt>
                  <dd>
                    {p.author.kind === 'organization'
                      ? p.author.organization.name
                      : p.author.kind === 'resident'
                        ? t('common.resident')
                        : t('common.police')}
                  </dd>
                  <dt>{t('common.supports')}</dt>
                  <dd>{p.supportCount}</dd>
                  {(p.address || p.lat !== null) && (
                    <>
                      <dt>{t('proposal.address')}</dt>
                      <dd>
                        {p.address}
                        {p.lat !== null && p.lng !== null && (
                          <span className="muted">
                            {p.address ? ' · ' : ''}
                            {p.lat.toFixed(4)}, {p.lng.toFixed(4)}
                          </span>
                        )}
                      </dd>
                    </>
                  )}
                </dl>
                <p className="excerpt">{excerpt(p.body)}</p>
                <label htmlFor={`answer-${p.id}`}>
                  {p.status === 'under_review' ? `${t('coordinate.answer')} / ${t('coordinate.reason')}` : t('coordinate.answer')}
                </label>
                <input id={`answer-${p.id}`} value={text[p.id] ?? ''} onChange={(e) => setText({ ...text, [p.id]: e.target.value })} />
                <div className="actions">
                  {p.status === 'submitted' && (
                    <button type="button" disabled={move.isPending} onClick={() => move.mutate({ p, to: 'under_review' })}>
                      {t('coordinate.review')}
                    </button>
                  )}
                  {p.status === 'under_review' && (
                    <>
                      <button type="button" disabled={move.isPending} onClick={() => move.mutate({ p, to: 'accepted' })}>
                        {t('coordinate.accept')}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        disabled={!text[p.id] || move.isPending}
                        onClick={() => move.mutate({ p, to: 'rejected' })}
                      >
                        {t('coordinate.reject')}
                      </button>
                    </>
                  )}
                </div>
                {p.status === 'under_review' && (
                  <div className="actions">
                    <label>
                      {t('coordinate.mergeInto')}
                      <select value={mergeInto[p.id] ?? ''} onChange={(e) => setMergeInto({ ...mergeInto, [p.id]: e.target.value })}>
                        <option value="">—</option>
                        {mergeTargets
                          .filter((target) => target.id !== p.id)
                          .map((target) => (
                            <option key={target.id} value={target.id}>
                              {target.title}
                            </option>
                          ))}
                      </select>
                    </label>
                    <button type="button" disabled={!mergeInto[p.id] || move.isPending} onClick={() => move.mutate({ p, to: 'merged' })}>
                      {t('coordinate.merge')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      {move.error && <ErrorState error={move.error} />}
    </section>
  );
}
