import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CarriedItem, CarryStatus, DoneSinceItem, RecordCarryBody } from '@dsd/shared/carry-over';
import { DEFAULT_TIME_ZONE, zonedInputToIso } from '@dsd/shared/dates';
import { DateTime, DueDate, ProgressBar, StatusBadge, useServiceName } from '../../components/bits.tsx';
import { CarryOutcomeLine } from '../../components/carry-outcome.tsx';
import { moderates } from '../../components/moderation.tsx';
import { ErrorState } from '../../components/states.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useSession } from '../auth/api.ts';

function RulingForm({ meetingId, item }: { meetingId: string; item: CarriedItem }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const id = useId();
  const [status, setStatus] = useState<CarryStatus>(item.outcome?.status ?? 'kept');
  const [reason, setReason] = useState(item.outcome?.reason ?? '');
  const [dueAt, setDueAt] = useState('');
  const save = useMutation({
    mutationFn: (body: RecordCarryBody) => api<CarriedItem>(`/meetings/${meetingId}/carried/${item.decisionId}`, { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.meeting(meetingId) }),
  });
  const fieldError = (field: string) => (save.error instanceof ApiError ? save.error.fieldError(field) : undefined);
  return (
    <details className="carry-ruling" open={save.isError || undefined}>
      <summary>{item.outcome ? t('carryOver.change') : t('carryOver.record')}</summary>
      <form
        className="carry-form"
        onSubmit={(e) => {
          e.preventDefault();
          const due = status === 'extended' && dueAt ? zonedInputToIso(dueAt, DEFAULT_TIME_ZONE) : null;
          save.mutate({
            status,
            version: item.outcome?.version ?? 0,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
            ...(due ? { dueAt: due } : {}),
          });
        }}
      >
        <fieldset>
          <legend>{t('carryOver.rule', { title: item.title })}</legend>
          <div className="carry-choices">
            {(['kept', 'extended', 'dropped'] as const).map((s) => (
              <label key={s}>
                <input type="radio" name={`${id}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} />{' '}
                {t(`carryOver.action.${s}`)}
              </label>
            ))}
          </div>
          {status === 'extended' && (
            <label>
              {t('carryOver.newDue')}
              <input type="datetime-local" required value={dueAt} onChange={(e) => setDueAt(e.target.value)} aria-invalid={!!fieldError('dueAt')} />
              {fieldError('dueAt') && <span className="field-error">{fieldError('dueAt')}</span>}
            </label>
          )}
          <label>
            {status === 'kept' ? t('carryOver.noteOptional') : t('carryOver.reason')}
            <input
              type="text"
              value={reason}
              required={status !== 'kept'}
              minLength={3}
              maxLength={1000}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={!!fieldError('reason')}
            />
            {fieldError('reason') && <span className="field-error">{fieldError('reason')}</span>}
          </label>
          <button type="submit" disabled={save.isPending}>
            {t('carryOver.save')}
          </button>
          {save.isSuccess && <p role="status">{t('carryOver.saved')}</p>}
          {save.error && !fieldError('reason') && !fieldError('dueAt') && <ErrorState error={save.error} />}
        </fieldset>
      </form>
    </details>
  );
}

/**
 * The structured part of a meeting's agenda: every earlier promise of the district not done when it met, with the
 * owner services, deadline, progress and overdue flag, and what the meeting ruled on each; then the work finished
 * since the district's previous meeting.
 */
export function CarriedSection({
  meeting,
}: {
  meeting: { id: string; districtSlug: string; status: string; carried: CarriedItem[]; doneSinceLastMeeting: DoneSinceItem[] };
}) {
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const session = useSession();
  const canRule = moderates(session.data, meeting.districtSlug) && ['planned', 'held'].includes(meeting.status);
  return (
    <section aria-labelledby="carried-heading" data-testid="carried">
      <h2 id="carried-heading">{t('carryOver.title')}</h2>
      <p className="muted">{t('carryOver.intro')}</p>
      {meeting.carried.length === 0 ? (
        <p className="muted">{t('carryOver.none')}</p>
      ) : (
        <ul className="list">
          {meeting.carried.map((c) => (
            <li key={c.decisionId} className="item" data-testid="carried-item">
              <p className="meta">
                <span className="tag">{t(`kind.${c.kind}`)}</span> <StatusBadge entity="decision" status={c.status} />{' '}
                <DueDate iso={c.dueAt} overdue={c.overdue} />
              </p>
              <h3>
                <Link to={`/decisions/${c.decisionId}`}>{c.title}</Link>
              </h3>
              <p className="meta">
                {t('carryOver.from')}: <Link to={`/meetings/${c.fromMeeting.id}`}>{c.fromMeeting.title}</Link>
                {' · '}
                <DateTime iso={c.fromMeeting.startsAt} />
              </p>
              <p className="meta">
                {t('carryOver.services')}: {c.services.map(serviceName).join(', ')}
              </p>
              <ProgressBar value={c.progress} label={c.title} />
              {c.outcome ? <CarryOutcomeLine outcome={c.outcome} /> : <p className="muted">{t('carryOver.notRuled')}</p>}
              {canRule && c.outcome?.status !== 'dropped' && c.status !== 'done' && c.status !== 'cancelled' && (
                <RulingForm meetingId={meeting.id} item={c} />
              )}
            </li>
          ))}
        </ul>
      )}
      <h3 className="carry-done-heading">{t('carryOver.doneSince')}</h3>
      {meeting.doneSinceLastMeeting.length === 0 ? (
        <p className="muted">{t('carryOver.noneDone')}</p>
      ) : (
        <ul className="list" data-testid="done-since">
          {meeting.doneSinceLastMeeting.map((d) => (
            <li key={`${d.decisionId}-${d.serviceCode}`}>
              <DateTime iso={d.doneAt} /> · {serviceName(d.serviceCode)} — <Link to={`/decisions/${d.decisionId}`}>{d.decisionTitle}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
