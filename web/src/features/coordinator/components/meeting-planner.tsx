import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_TIME_ZONE, zonedInputToIso } from '@dsd/shared/dates';
import { MEETING_FORMATS } from '@dsd/shared/enums';
import { CreateMeetingBody, type MeetingSummary } from '@dsd/shared/meetings';
import { ErrorState } from '../../../components/states.tsx';
import { Result, useToast } from '../../../components/toast.tsx';
import { ApiError } from '../../../lib/api.ts';
import { usePlanMeeting } from '../api/meetings.ts';

const EMPTY = { title: '', startsAt: '', format: 'in_person', place: '', agenda: '' };

export function MeetingPlanner({ district }: { district: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const plan = usePlanMeeting(district);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [planned, setPlanned] = useState<MeetingSummary | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = CreateMeetingBody.safeParse({
      districtSlug: district,
      ...form,
      startsAt: form.startsAt ? (zonedInputToIso(form.startsAt, DEFAULT_TIME_ZONE) ?? '') : '',
      agenda: form.agenda || undefined,
    });
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
    setErrors({});
    plan.mutate(parsed.data, {
      onSuccess: (m) => {
        setForm(EMPTY);
        setPlanned(m);
        toast(t('coordinate.planned'));
      },
    });
  };
  const server = plan.error instanceof ApiError ? plan.error : null;
  const err = (f: string) => errors[f] ?? server?.fieldError(f);
  const described = (f: string) => (err(f) ? { 'aria-invalid': true, 'aria-describedby': `m-${f}-error` } : {});
  const errorFor = (f: string) =>
    err(f) ? (
      <p className="field-error" id={`m-${f}-error`}>
        {err(f)}
      </p>
    ) : null;
  return (
    <form className="form panel" onSubmit={submit} noValidate aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('coordinate.plan')}</h2>
      <label htmlFor="m-title">{t('coordinate.title')}</label>
      <input id="m-title" required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} {...described('title')} />
      {errorFor('title')}
      <div className="row">
        <label>
          {t('coordinate.startsAt')}
          <input
            type="datetime-local"
            required
            value={form.startsAt}
            onChange={(e) => setForm({ ...form, startsAt: e.target.value })}
            {...described('startsAt')}
          />
        </label>
        <label>
          {t('coordinate.format')}
          <select value={form.format} onChange={(e) => setForm({ ...form, format: e.target.value })}>
            {MEETING_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`format.${f}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {errorFor('startsAt')}
      <label htmlFor="m-place">{t('coordinate.place')}</label>
      <input id="m-place" required value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })} {...described('place')} />
      {errorFor('place')}
      <label htmlFor="m-agenda">{t('coordinate.agenda')}</label>
      <textarea id="m-agenda" value={form.agenda} onChange={(e) => setForm({ ...form, agenda: e.target.value })} />
      <button type="submit" disabled={plan.isPending}>
        {t('coordinate.plan')}
      </button>
      {planned && (
        <Result key={planned.id} testId="meeting-planned">
          {t('coordinate.planned')}: <Link to={`/meetings/${planned.id}`}>{planned.title}</Link>
        </Result>
      )}
      {plan.error && !server?.details && <ErrorState error={plan.error} />}
    </form>
  );
}
