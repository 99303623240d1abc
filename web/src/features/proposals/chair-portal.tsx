import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AssignmentView } from '@dsd/shared/assignments';
import { CATEGORIES, SENSITIVE_CATEGORIES, type Category } from '@dsd/shared/enums';
import type { MeetingSummary } from '@dsd/shared/meetings';
import { CreateProposalBody } from '@dsd/shared/proposals';
import { StatusBadge } from '../../components/bits.tsx';
import { ErrorState, QueryState } from '../../components/states.tsx';
import { ApiError, api, qs } from '../../lib/api.ts';
import { useSession } from '../auth/api.ts';
import { useProposals } from '../districts/api.ts';
import { ProposalList } from './proposal-list.tsx';

export default function ChairPortal() {
  const { t } = useTranslation();
  const session = useSession();
  const org = session.data?.scope.organization;
  const mine = useProposals({ mine: true });
  const toConfirm = useQuery({
    queryKey: ['assignments', 'confirm'],
    queryFn: () => api<{ items: AssignmentView[] }>(`/assignments${qs({ mine: 'true', status: 'done', limit: 100 })}`),
    enabled: !!org,
  });
  if (!session.isPending && !org) return <Link to="/login">{t('nav.login')}</Link>;
  return (
    <>
      <h1>{t('portal.heading')}</h1>
      {org && <p className="lead">{org.name}</p>}
      {org && <ProposalForm district={org.districtSlug} />}
      <section>
        <h2>{t('portal.toConfirm')}</h2>
        <QueryState query={toConfirm} isEmpty={(d) => d.items.filter((a) => !a.confirmation).length === 0}>
          {(d) => (
            <ul className="list">
              {d.items
                .filter((a) => !a.confirmation)
                .map((a) => (
                  <li key={a.id} className="item">
                    <Link to={`/assignments/${a.id}`}>{a.decisionTitle}</Link> <StatusBadge status={a.status} />
                  </li>
                ))}
            </ul>
          )}
        </QueryState>
      </section>
      <section>
        <h2>{t('portal.myProposals')}</h2>
        <QueryState query={mine} isEmpty={(d) => d.items.length === 0}>
          {(d) => <ProposalList items={d.items} />}
        </QueryState>
      </section>
    </>
  );
}

function ProposalForm({ district }: { district: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const meetings = useQuery({
    queryKey: ['meetings', district, 'open'],
    queryFn: () => api<{ items: MeetingSummary[] }>(`/meetings${qs({ district, limit: 50 })}`),
  });
  const [form, setForm] = useState({ category: 'cameras' as Category, title: '', body: '', address: '', meetingId: '', confidentialDetails: '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: (body: unknown) => api('/proposals', { method: 'POST', body }),
    onSuccess: () => {
      setForm({ ...form, title: '', body: '', address: '', confidentialDetails: '' });
      void qc.invalidateQueries({ queryKey: ['proposals'] });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      districtSlug: district,
      category: form.category,
      title: form.title,
      body: form.body,
      ...(form.address ? { address: form.address } : {}),
      ...(form.meetingId ? { meetingId: form.meetingId } : {}),
      ...(form.confidentialDetails && SENSITIVE_CATEGORIES.includes(form.category) ? { confidentialDetails: form.confidentialDetails } : {}),
    };
    // The same zod schema the server uses: mistakes are shown before a round trip.
    const parsed = CreateProposalBody.safeParse(body);
    if (!parsed.success) {
      setClientErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setClientErrors({});
    submit.mutate(parsed.data);
  };
  const serverError = submit.error instanceof ApiError ? submit.error : null;
  const fieldError = (f: string) => clientErrors[f] ?? serverError?.fieldError(f);
  const field = (name: keyof typeof form) => ({
    id: `proposal-${name}`,
    value: form[name],
    'aria-invalid': !!fieldError(name),
    'aria-describedby': fieldError(name) ? `proposal-${name}-error` : undefined,
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const errorFor = (name: string) =>
    fieldError(name) ? (
      <p className="field-error" id={`proposal-${name}-error`}>
        {fieldError(name)}
      </p>
    ) : null;
  const open = (meetings.data?.items ?? []).filter((m) => m.status === 'planned' || m.status === 'held');
  return (
    <form className="form panel" onSubmit={onSubmit} noValidate>
      <h2>{t('portal.newProposal')}</h2>
      <label htmlFor="proposal-category">{t('portal.category')}</label>
      <select {...field('category')}>
        {CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(`category.${c}`)}
          </option>
        ))}
      </select>
      <label htmlFor="proposal-title">{t('portal.title')}</label>
      <input {...field('title')} required />
      {errorFor('title')}
      <label htmlFor="proposal-body">{t('portal.body')}</label>
      <textarea {...field('body')} required rows={4} />
      {errorFor('body')}
      <label htmlFor="proposal-address">{t('portal.address')}</label>
      <input {...field('address')} />
      <label htmlFor="proposal-meetingId">{t('portal.meeting')}</label>
      <select {...field('meetingId')}>
        <option value="">{t('portal.noMeeting')}</option>
        {open.map((m) => (
          <option key={m.id} value={m.id}>
            {m.title}
          </option>
        ))}
      </select>
      {SENSITIVE_CATEGORIES.includes(form.category) && (
        <>
          <label htmlFor="proposal-confidentialDetails">{t('portal.confidential')}</label>
          <textarea {...field('confidentialDetails')} rows={2} />
        </>
      )}
      <button type="submit" disabled={submit.isPending}>
        {t('common.submit')}
      </button>
      {submit.isSuccess && <p role="status">{t('portal.submitted')}</p>}
      {submit.error && !serverError?.details && <ErrorState error={submit.error} />}
    </form>
  );
}
