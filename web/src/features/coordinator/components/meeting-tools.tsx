import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_TIME_ZONE, zonedDay } from '@dsd/shared/dates';
import type { MeetingSummary } from '@dsd/shared/meetings';
import { DateTime, StatusBadge } from '../../../components/bits.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useAttendance, useAttendees, useMeetingTransition, useOrganizations } from '../api/meetings.ts';
import { DecisionForm } from './decision-form.tsx';

/** One meeting in the coordinator's list: move it along, register who attends, record its decisions. */
export function MeetingTools({ meeting: m }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [minutes, setMinutes] = useState('');
  const move = useMeetingTransition(m);
  const go = (to: string) =>
    move.mutate(
      { to, ...(minutes ? { minutes } : {}) },
      { onSuccess: () => toast(t('coordinate.meetingMoved', { status: t(`status.meeting.${to}`) })) },
    );
  return (
    <li className="item" data-testid="meeting">
      <p className="meta">
        <DateTime iso={m.startsAt} /> <StatusBadge entity="meeting" status={m.status} />
      </p>
      <h2 className="h3">
        <Link to={`/meetings/${m.id}`}>{m.title}</Link>
      </h2>
      <div className="actions">
        {m.status === 'planned' && (
          <>
            {/* A meeting is held on its day in Almaty or later (the API answers 409 before it). */}
            {zonedDay(Date.now(), DEFAULT_TIME_ZONE) >= zonedDay(Date.parse(m.startsAt), DEFAULT_TIME_ZONE) && (
              <button type="button" onClick={() => go('held')}>
                {t('coordinate.hold')}
              </button>
            )}
            <button type="button" className="danger" onClick={() => go('cancelled')}>
              {t('coordinate.cancelMeeting')}
            </button>
          </>
        )}
        {m.status === 'held' && (
          <>
            <label>
              {t('meeting.minutes')}
              <textarea value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            </label>
            <button type="button" onClick={() => go('closed')} disabled={!minutes}>
              {t('coordinate.close')}
            </button>
          </>
        )}
      </div>
      {move.error && <ErrorState error={move.error} />}
      {(m.status === 'planned' || m.status === 'held') && <Attendance meeting={m} />}
      {(m.status === 'held' || m.status === 'closed') && <DecisionForm meeting={m} />}
    </li>
  );
}

/** The housing associations attending: the coordinator registers them from the district's list, or removes one. */
function Attendance({ meeting: m }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState('');
  const attendees = useAttendees(m.id, open);
  const organizations = useOrganizations(m.districtSlug, open);
  const attendance = useAttendance(m);
  const registered = new Set((attendees.data?.items ?? []).map((a) => a.organization.id));
  const available = (organizations.data?.items ?? []).filter((o) => !registered.has(o.id));
  const selectId = `attend-${m.id}`;
  return (
    <details className="attendance" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t('coordinate.attendees')}</summary>
      {attendees.data && attendees.data.items.length === 0 && <p className="muted small">{t('coordinate.noAttendees')}</p>}
      <ul className="plain" data-testid="attendees">
        {(attendees.data?.items ?? []).map((a) => (
          <li key={a.organization.id}>
            {a.organization.name}{' '}
            <button
              type="button"
              className="link-like"
              disabled={attendance.isPending}
              onClick={() =>
                attendance.mutate(
                  { organizationId: a.organization.id, remove: true },
                  { onSuccess: () => toast(t('coordinate.attendeeRemoved', { name: a.organization.name })) },
                )
              }
            >
              {t('coordinate.removeAttendee', { name: a.organization.name })}
            </button>
          </li>
        ))}
      </ul>
      {available.length > 0 && (
        <div className="actions">
          <label htmlFor={selectId}>{t('coordinate.addAttendee')}</label>
          <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">—</option>
            {available.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!choice || attendance.isPending}
            onClick={() => {
              const name = available.find((o) => o.id === choice)?.name ?? '';
              attendance.mutate(
                { organizationId: choice },
                {
                  onSuccess: () => {
                    setChoice('');
                    toast(t('coordinate.attendeeAdded', { name }));
                  },
                },
              );
            }}
          >
            {t('coordinate.register')}
          </button>
        </div>
      )}
      {attendance.error && <ErrorState error={attendance.error} />}
    </details>
  );
}
