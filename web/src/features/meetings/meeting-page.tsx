import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { MeetingDetail } from '@dsd/shared/meetings';
import { DateTime, DueDate, LiveIndicator, ProgressBar, StatusBadge } from '../../components/bits.tsx';
import { ErrorState, QueryState } from '../../components/states.tsx';
import { api } from '../../lib/api.ts';
import { useLive } from '../../lib/live.ts';
import { useSession } from '../auth/api.ts';
import { AddToCalendarLink } from '../open-data/links.tsx';
import { ProposalList } from '../proposals/proposal-list.tsx';
import { CarriedSection } from './carried-section.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { queryKeys } from '../../lib/query-keys.ts';

export const useMeeting = (id: string) => useQuery({ queryKey: queryKeys.meeting(id), queryFn: () => api<MeetingDetail>(`/meetings/${id}`) });

export default function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const meeting = useMeeting(id);
  usePageTitle(meeting.data?.title);
  const connected = useLive([`meeting:${id}`]);
  const session = useSession();
  const qc = useQueryClient();
  const register = useMutation({
    mutationFn: (organizationId: string) => api(`/meetings/${id}/attendees`, { method: 'POST', body: { organizationId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.meeting(id) }),
  });
  return (
    <QueryState query={meeting}>
      {(m) => {
        const org = session.data?.scope.organization;
        const canRegister =
          org &&
          org.districtSlug === m.districtSlug &&
          ['planned', 'held'].includes(m.status) &&
          !m.attendees.some((a) => a.organization.id === org.id);
        return (
          <>
            <p>
              <Link to={`/districts/${m.districtSlug}`}>← {t('common.back')}</Link>
            </p>
            <h1>{m.title}</h1>
            <LiveIndicator connected={connected} />
            <p className="meta">
              <DateTime iso={m.startsAt} /> · {t('meeting.format')}: {t(`format.${m.format}`)} · {t('meeting.place')}: {m.place}{' '}
              <StatusBadge entity="meeting" status={m.status} />
            </p>
            <p>
              <Link to={`/meetings/${m.id}/report`}>{t('meetingReport.open')}</Link>
            </p>
            <p className="small">
              <AddToCalendarLink meetingId={m.id} />
            </p>
            {m.agenda && (
              <section>
                <h2>{t('meeting.agenda')}</h2>
                <p>{m.agenda}</p>
              </section>
            )}
            <CarriedSection meeting={m} />
            <section>
              <h2>{t('meeting.attendees')}</h2>
              {m.attendees.length === 0 ? (
                <p className="muted">{t('common.empty')}</p>
              ) : (
                <ul className="chips">
                  {m.attendees.map((a) => (
                    <li key={a.organization.id} className="chip">
                      {a.organization.name}
                    </li>
                  ))}
                </ul>
              )}
              {canRegister && (
                <button type="button" onClick={() => register.mutate(org.id)} disabled={register.isPending}>
                  {t('meeting.register')}
                </button>
              )}
              {register.isSuccess && <p role="status">{t('meeting.registered')}</p>}
              {register.error && <ErrorState error={register.error} />}
            </section>
            {m.minutes && (
              <section>
                <h2>{t('meeting.minutes')}</h2>
                <p className="minutes">{m.minutes}</p>
              </section>
            )}
            <section>
              <h2>{t('meeting.decisions')}</h2>
              {m.decisions.length === 0 ? (
                <p className="muted">{t('common.empty')}</p>
              ) : (
                <ul className="list">
                  {m.decisions.map((d) => (
                    <li key={d.id} className="item">
                      <p className="meta">
                        <span className="tag">{t(`kind.${d.kind}`)}</span> <StatusBadge entity="decision" status={d.status} />{' '}
                        <DueDate iso={d.dueAt} overdue={d.overdue} />
                      </p>
                      <h3>
                        <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                      </h3>
                      <ProgressBar value={d.progress} label={d.title} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section>
              <h2>{t('meeting.proposals')}</h2>
              {m.proposals.length === 0 ? <p className="muted">{t('common.empty')}</p> : <ProposalList items={m.proposals} />}
            </section>
          </>
        );
      }}
    </QueryState>
  );
}
