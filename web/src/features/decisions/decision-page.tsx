import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DecisionDetail } from '@dsd/shared/decisions';
import {
  DateTime,
  DueDate,
  LiveIndicator,
  ProgressBar,
  StatusBadge,
  TargetProgress,
  useCategoryName,
  useServiceName,
} from '../../components/bits.tsx';
import { Timeline } from '../../components/timeline.tsx';
import { QueryState } from '../../components/states.tsx';
import { api } from '../../lib/api.ts';
import { useLive } from '../../lib/live.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { CarryOutcomeLine } from '../../components/carry-outcome.tsx';

export default function DecisionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const categoryName = useCategoryName();
  const decision = useQuery({ queryKey: queryKeys.decision(id), queryFn: () => api<DecisionDetail>(`/decisions/${id}`) });
  usePageTitle(decision.data?.title);
  const connected = useLive([`decision:${id}`]);
  return (
    <QueryState query={decision}>
      {(d) => (
        <>
          <p>
            <Link to={`/meetings/${d.meetingId}`}>
              ← {t('decision.meeting')}: {d.meetingTitle}
            </Link>
          </p>
          <h1>{d.title}</h1>
          <LiveIndicator connected={connected} />
          <p className="meta">
            <span className="tag">{t(`kind.${d.kind}`)}</span> <span className="tag">{categoryName(d.category)}</span>{' '}
            <StatusBadge entity="decision" status={d.status} />
            {(d.dueAt || d.overdue) && (
              <>
                {' · '}
                <DueDate iso={d.dueAt} overdue={d.overdue} />
              </>
            )}
          </p>
          {d.description && <p>{d.description}</p>}
          {d.target && (
            <p className="target" data-testid="target">
              {t('decision.target')}:{' '}
              <strong>
                <TargetProgress achieved={d.achieved} target={d.target} />
              </strong>
              {d.target.metric && (
                <>
                  <br />
                  <span className="muted small">{t('registries.metric.measured', { metric: t(`registries.metric.${d.target.metric}`) })}</span>
                </>
              )}
            </p>
          )}
          <ProgressBar value={d.progress} label={d.title} />
          {d.carryOvers.length > 0 && (
            <section aria-labelledby="carry-heading">
              <h2 id="carry-heading">{t('carryOver.atLaterMeetings')}</h2>
              <ul className="list">
                {d.carryOvers.map((c) => (
                  <li key={c.meetingId} className="item">
                    <p className="meta">
                      <Link to={`/meetings/${c.meetingId}`}>{c.meetingTitle}</Link> (<DateTime iso={c.meetingStartsAt} />)
                    </p>
                    <CarryOutcomeLine outcome={c} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h2>{t('decision.assignments')}</h2>
            <ul className="list">
              {d.assignments.map((a) => (
                <li key={a.id} className="item" data-testid="assignment">
                  <p className="meta">
                    {serviceName(a.serviceCode)} <StatusBadge entity="assignment" status={a.status} /> <DueDate iso={a.dueAt} overdue={a.overdue} />
                    {a.confirmation && <StatusBadge entity="confirmation" status={a.confirmation} />}
                  </p>
                  <Link to={`/assignments/${a.id}`}>{t('common.details')}</Link>
                  <ProgressBar value={a.progress} label={serviceName(a.serviceCode)} />
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>{t('decision.timeline')}</h2>
            <Timeline entries={d.timeline} district={d.districtSlug} queryKey={queryKeys.decision(id)} />
          </section>
        </>
      )}
    </QueryState>
  );
}
