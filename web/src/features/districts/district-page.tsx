import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PROPOSAL_STATUSES } from '@dsd/shared/status-machines';
import type { TimelineEntry } from '@dsd/shared/updates';
import {
  DateTime,
  DueDate,
  LiveIndicator,
  Name,
  ProgressBar,
  StatusBadge,
  TargetProgress,
  useCategoryChoices,
  useCategoryName,
  useServiceName,
} from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { api } from '../../lib/api.ts';
import { useLive } from '../../lib/live.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { useSession } from '../auth/api.ts';
import { AddToCalendarLink, DownloadCsvLink } from '../open-data/links.tsx';
import { ProposalList } from '../proposals/proposal-list.tsx';
import { MoreButton } from '../../lib/paging.tsx';
import { DistrictRegistries } from '../registries/district-registries.tsx';
import { useProposals } from '../proposals/api/proposals.ts';
import { useDistrict, useDistrictDecisions, useDistrictMeetings, useDistrictUpdates } from './api.ts';

/** One feed entry in a resident's words: which service did what, never a status code. */
function feedLine(t: TFunction, serviceName: (code: string) => string, u: TimelineEntry): string {
  // A meeting's ruling on a carried promise: kept, extended or dropped (the reason follows as the entry's note).
  if (u.kind === 'carry_over' && u.toStatus) return t(`carryOver.status.${u.toStatus}`);
  const service = u.serviceCode ? serviceName(u.serviceCode) : t('district.feed.police');
  const what = u.kind === 'status' ? (u.toStatus ?? 'open') : u.kind === 'dispute' ? 'reopened' : u.kind;
  return t(`district.feed.${what}`, { service, progress: u.progress ?? 0, defaultValue: service });
}

export default function DistrictPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const categoryName = useCategoryName();
  const categories = useCategoryChoices(undefined, true);
  const district = useDistrict(slug);
  const meetings = useDistrictMeetings(slug);
  const decisions = useDistrictDecisions(slug);
  const updates = useDistrictUpdates(slug);
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState('');
  const proposals = useProposals({ district: slug, category: category || undefined, status: status || undefined });
  const connected = useLive([`district:${slug}`]);
  const session = useSession();
  const { i18n } = useTranslation();
  usePageTitle(district.data ? (district.data.name[i18n.language as 'ru'] ?? district.data.name.ru) : null);

  return (
    <QueryState query={district}>
      {(d) => {
        const now = Date.now();
        const upcoming = (meetings.data?.items ?? []).filter((m) => m.status === 'planned' && Date.parse(m.startsAt) >= now - 86_400_000);
        const past = (meetings.data?.items ?? []).filter((m) => m.status !== 'planned');
        return (
          <>
            <h1>
              <Name name={d.name} />
            </h1>
            <LiveIndicator connected={connected} />
            {session.data && <FollowButton slug={slug} />}
            <div className="columns">
              <section aria-labelledby="next-meetings">
                <h2 id="next-meetings">{t('district.nextMeetings')}</h2>
                <MeetingList items={upcoming} />
                <p className="small">
                  <AddToCalendarLink district={slug} />
                </p>
              </section>
              <section aria-labelledby="past-meetings">
                <h2 id="past-meetings">{t('district.pastMeetings')}</h2>
                <MeetingList items={past} />
                <MoreButton list={meetings} />
              </section>
            </div>
            <section aria-labelledby="decisions">
              <h2 id="decisions">{t('district.decisions')}</h2>
              <p className="small open-data-links">
                <DownloadCsvLink kind="decisions" filters={{ district: slug }} />
                <DownloadCsvLink kind="assignments" filters={{ district: slug }} />
              </p>
              <QueryState query={decisions} isEmpty={(x) => x.items.length === 0}>
                {(x) => (
                  <ul className="list">
                    {x.items.map((dec) => (
                      <li key={dec.id} className="item" data-testid="decision">
                        <p className="meta">
                          <span className="tag">{t(`kind.${dec.kind}`)}</span> <span className="tag">{categoryName(dec.category)}</span>{' '}
                          <StatusBadge entity="decision" status={dec.status} />
                        </p>
                        <h3>
                          <Link to={`/decisions/${dec.id}`}>{dec.title}</Link>
                        </h3>
                        {dec.target && (
                          <p>
                            {t('decision.target')}: <TargetProgress achieved={dec.achieved} target={dec.target} />
                          </p>
                        )}
                        <ProgressBar value={dec.progress} label={dec.title} />
                        <p className="muted small">
                          {dec.services.map((s) => serviceName(s)).join(', ')}
                          {(dec.dueAt || dec.overdue) && (
                            <>
                              {' · '}
                              <DueDate iso={dec.dueAt} overdue={dec.overdue} />
                            </>
                          )}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </QueryState>
              <MoreButton list={decisions} />
            </section>
            <DistrictRegistries slug={slug} />
            <section aria-labelledby="proposals">
              <h2 id="proposals">{t('district.proposals')}</h2>
              {(session.data?.role === 'resident' || (session.data?.role === 'chair' && session.data.scope.organization?.districtSlug === slug)) && (
                <p>
                  <Link className="button-link" to={session.data.role === 'resident' ? `/portal?district=${slug}` : '/portal'}>
                    {t('district.submitProposal')}
                  </Link>
                </p>
              )}
              <div className="filters">
                <label>
                  {t('district.filterCategory')}
                  <select value={category} onChange={(e) => setCategory(e.target.value)}>
                    <option value="">{t('common.all')}</option>
                    {categories.map((c) => (
                      <option key={c.code} value={c.code}>
                        {categoryName(c.code)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('district.filterStatus')}
                  <select value={status} onChange={(e) => setStatus(e.target.value)}>
                    <option value="">{t('common.all')}</option>
                    {PROPOSAL_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`status.proposal.${s}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <p className="small">
                <DownloadCsvLink kind="proposals" filters={{ district: slug, status: status || undefined }} />
              </p>
              <QueryState query={proposals} isEmpty={(x) => x.items.length === 0}>
                {(x) => <ProposalList items={x.items} />}
              </QueryState>
              <MoreButton list={proposals} />
            </section>
            <section aria-labelledby="updates">
              <h2 id="updates">{t('district.updates')}</h2>
              <QueryState query={updates} isEmpty={(x) => x.items.length === 0}>
                {(x) => (
                  <ul className="timeline">
                    {x.items.map((u) => (
                      <li key={u.id} data-testid="feed-entry">
                        <DateTime iso={u.createdAt} /> — <Link to={`/decisions/${u.decisionId}`}>{u.decisionTitle}</Link>
                        <p>
                          <strong>{feedLine(t, serviceName, u)}</strong>
                        </p>
                        {u.note && u.kind !== 'status' && <p>{u.note}</p>}
                      </li>
                    ))}
                  </ul>
                )}
              </QueryState>
            </section>
          </>
        );
      }}
    </QueryState>
  );
}

function MeetingList({ items }: { items: Array<{ id: string; title: string; startsAt: string; status: string; format: string }> }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="muted">{t('common.empty')}</p>;
  return (
    <ul className="list">
      {items.map((m) => (
        <li key={m.id} className="item">
          <p className="meta">
            <DateTime iso={m.startsAt} /> · {t(`format.${m.format}`)} <StatusBadge entity="meeting" status={m.status} />
          </p>
          <Link to={`/meetings/${m.id}`}>{m.title}</Link>
        </li>
      ))}
    </ul>
  );
}

function FollowButton({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const follows = useQuery({ queryKey: ['follows'], queryFn: () => api<{ items: Array<{ targetType: string; targetId: string }> }>('/follows') });
  const following = follows.data?.items.some((f) => f.targetType === 'district' && f.targetId === slug) ?? false;
  const toggle = useMutation({
    mutationFn: () => api('/follows', { method: following ? 'DELETE' : 'POST', body: { targetType: 'district', targetId: slug } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['follows'] }),
  });
  return (
    <button
      type="button"
      className="secondary"
      aria-pressed={following}
      onClick={() => toggle.mutate()}
      disabled={follows.isPending || toggle.isPending}
    >
      {following ? t('district.unfollow') : t('district.follow')}
    </button>
  );
}
