import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_TIME_ZONE, zonedInputToIso } from '@dsd/shared/dates';
import { CATEGORIES, MEETING_FORMATS, TARGET_UNITS } from '@dsd/shared/enums';
import type { MeetingSummary } from '@dsd/shared/meetings';
import type { ProposalView } from '@dsd/shared/proposals';
import { useMeetings } from './api/meetings.ts';
import { MeetingPlanner } from './components/meeting-planner.tsx';
import { MeetingTools } from './components/meeting-tools.tsx';
import { ReviewList } from './components/review-list.tsx';
import type { Service } from '@dsd/shared/reference';
import { DateTime, StatusBadge, useCategoryName, useDistrictName, useServiceName } from '../../components/bits.tsx';
import { ErrorState, QueryState } from '../../components/states.tsx';
import { ApiError, api, qs } from '../../lib/api.ts';
import { useSession } from '../auth/api.ts';
  const session = useSession();

/** The coordinator's desk for one district at a time: plan meetings, run them, record decisions, review proposals. */
export default function CoordinatePage() {
  const { t } = useTranslation();
  usePageTitle(t('coordinate.heading'));
  const districts = session.data?.scope.districts ?? [];
  const districtName = useDistrictName();
  const [district, setDistrict] = useState('auezov');
  const meetings = useMeetings(district);
  if (!session.isPending && !['coordinator', 'admin'].includes(session.data?.role ?? '')) return <Link to="/login">{t('nav.login')}</Link>;
  return (
    <>
      <h1>{t('coordinate.heading')}</h1>
      <label className="filters">
        {t('coordinate.district')}
        <select value={district} onChange={(e) => setDistrict(e.target.value)}>
          {districts.map((d) => (
            <option key={d} value={d}>
              {districtName(d)}
            </option>
          ))}
        </select>
      </label>
      <MeetingPlanner district={district} />
      <QueryState query={meetings} isEmpty={(d) => d.items.length === 0}>
        {(d) => (
          <ul className="list">
            {d.items.map((m) => (
              <MeetingTools key={m.id} meeting={m} />
            ))}
          </ul>
        )}
      </QueryState>
      <ReviewList district={district} />
    </>
  );
}

function useInvalidateAll() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries();
}

function PlanMeeting({ district }: { district: string }) {
  const { t } = useTranslation();
  const refresh = useInvalidateAll();
  const [form, setForm] = useState({ title: '', startsAt: '', format: 'in_person', place: '', agenda: '' });
  const plan = useMutation({
    mutationFn: () =>
      api('/meetings', {
        method: 'POST',
        body: {
          districtSlug: district,
          ...form,
          startsAt: form.startsAt ? (zonedInputToIso(form.startsAt, DEFAULT_TIME_ZONE) ?? '') : '',
          agenda: form.agenda || undefined,
        },
      }),
    onSuccess: () => {
      setForm({ title: '', startsAt: '', format: 'in_person', place: '', agenda: '' });
      refresh();
    },
  });
  const err = plan.error instanceof ApiError ? plan.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    plan.mutate();
  };
  return (
    <form className="form panel" onSubmit={submit}>
      <h2>{t('coordinate.plan')}</h2>
      <label htmlFor="m-title">{t('coordinate.title')}</label>
      <input id="m-title" required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
      {err?.fieldError('title') && <p className="field-error">{err.fieldError('title')}</p>}
      <div className="row">
        <label>
          {t('coordinate.startsAt')}
          <input type="datetime-local" required value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} />
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
      <label htmlFor="m-place">{t('coordinate.place')}</label>
      <input id="m-place" required value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })} />
      <label htmlFor="m-agenda">{t('coordinate.agenda')}</label>
      <textarea id="m-agenda" value={form.agenda} onChange={(e) => setForm({ ...form, agenda: e.target.value })} />
      <button type="submit" disabled={plan.isPending}>
        {t('coordinate.plan')}
      </button>
      {plan.isSuccess && <p role="status">{t('coordinate.planned')}</p>}
      {plan.error && <ErrorState error={plan.error} />}
    </form>
  );
}

function MeetingTools({ meeting: m }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  const refresh = useInvalidateAll();
  const [minutes, setMinutes] = useState('');
  const move = useMutation({
    mutationFn: (to: string) =>
      api(`/meetings/${m.id}/transition`, { method: 'POST', body: { to, version: m.version, ...(minutes ? { minutes } : {}) } }),
    onSuccess: refresh,
    onError: refresh,
  });
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
            <button type="button" onClick={() => move.mutate('held')}>
              {t('coordinate.hold')}
            </button>
            <button type="button" className="danger" onClick={() => move.mutate('cancelled')}>
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
            <button type="button" onClick={() => move.mutate('closed')} disabled={!minutes}>
              {t('coordinate.close')}
            </button>
          </>
        )}
      </div>
      {move.error && <ErrorState error={move.error} />}
      {(m.status === 'held' || m.status === 'closed') && <DecisionForm meeting={m} />}
    </li>
  );
}

function DecisionForm({ meeting }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const categoryName = useCategoryName();
  const refresh = useInvalidateAll();
  const [open, setOpen] = useState(false);
  const services = useQuery({ queryKey: ['services'], queryFn: () => api<{ items: Service[] }>('/services'), enabled: open });
  const proposals = useQuery({
    queryKey: ['proposals', 'meeting', meeting.id],
    queryFn: () => api<{ items: ProposalView[] }>(`/proposals${qs({ meetingId: meeting.id, limit: 100 })}`),
    enabled: open,
  });
  const [form, setForm] = useState({
    kind: 'instruction',
    category: 'cameras',
    title: '',
    target: '',
    unit: 'cameras',
    dueAt: '',
    services: [] as string[],
    proposalIds: [] as string[],
  });
  const save = useMutation({
    mutationFn: () =>
      api(`/meetings/${meeting.id}/decisions`, {
        method: 'POST',
        body: {
          kind: form.kind,
          category: form.category,
          title: form.title,
          services: form.services,
          proposalIds: form.proposalIds,
          ...(form.target ? { target: { value: Number(form.target), unit: form.unit } } : {}),
          // Typed as Almaty's wall clock, whatever the browser's zone.
          ...(form.dueAt ? { dueAt: zonedInputToIso(form.dueAt, DEFAULT_TIME_ZONE) } : {}),
        },
      }),
    onSuccess: () => {
      setOpen(false);
      refresh();
    },
  });
  const toggle = (list: 'services' | 'proposalIds', value: string) =>
    setForm({ ...form, [list]: form[list].includes(value) ? form[list].filter((v) => v !== value) : [...form[list], value] });
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {t('coordinate.newDecision')}
      </button>
    );
  const err = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>{t('coordinate.newDecision')}</h3>
      <div className="row">
        <label>
          {t('coordinate.kind')}
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            <option value="decision">{t('kind.decision')}</option>
            <option value="instruction">{t('kind.instruction')}</option>
          </select>
        </label>
        <label>
          {t('portal.category')}
          <select value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryName(c)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('coordinate.title')}
        <input required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
      </label>
      {err?.fieldError('title') && <p className="field-error">{err.fieldError('title')}</p>}
      <fieldset>
        <legend>{t('coordinate.services')}</legend>
        <p className="muted small">{t('coordinate.routingHint')}</p>
        {services.data?.items.map((s) => (
          <label key={s.code} className="check">
            <input type="checkbox" checked={form.services.includes(s.code)} onChange={() => toggle('services', s.code)} /> {serviceName(s.code)}
          </label>
        ))}
      </fieldset>
      {(proposals.data?.items.length ?? 0) > 0 && (
        <fieldset>
          <legend>{t('coordinate.linkProposals')}</legend>
          {proposals.data?.items.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={form.proposalIds.includes(p.id)} onChange={() => toggle('proposalIds', p.id)} /> {p.title}
            </label>
          ))}
        </fieldset>
      )}
      <div className="row">
        <label>
          {t('coordinate.target')}
          <input type="number" min={1} value={form.target} onChange={(e) => setForm({ ...form, target: e.target.value })} />
        </label>
        <label>
          {t('coordinate.unit')}
          <select value={form.unit} onChange={(e) => setForm({ ...form, unit: e.target.value })}>
            {TARGET_UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`unit.${u}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('coordinate.dueAt')}
          <input type="datetime-local" value={form.dueAt} onChange={(e) => setForm({ ...form, dueAt: e.target.value })} />
        </label>
      </div>
      <button type="submit" disabled={save.isPending}>
        {t('common.save')}
      </button>
      {save.error && <ErrorState error={save.error} />}
    </form>
  );
}

function ReviewProposals({ district }: { district: string }) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const refresh = useInvalidateAll();
  const list = useQuery({
    queryKey: ['proposals', 'review', district],
    queryFn: async () => {
      const pages = await Promise.all(
        ['submitted', 'under_review', 'accepted'].map((status) =>
          api<{ items: ProposalView[] }>(`/proposals${qs({ district, status, limit: 100 })}`),
        ),
      );
      const all = pages.flatMap((p) => p.items);
      // Accepted proposals are not reviewed again, but a duplicate may be merged into one.
      return { open: all.filter((p) => p.status !== 'accepted'), mergeTargets: all };
    },
  });
  const [text, setText] = useState<Record<string, string>>({});
  const [mergeInto, setMergeInto] = useState<Record<string, string>>({});
  const move = useMutation({
    mutationFn: ({ p, to }: { p: ProposalView; to: string }) =>
      api(`/proposals/${p.id}/transition`, {
        method: 'POST',
        body: {
          to,
          version: p.version,
          ...(to === 'merged' ? { mergedInto: mergeInto[p.id] } : {}),
          ...(to === 'rejected' ? { reason: text[p.id] } : text[p.id] ? { answer: text[p.id] } : {}),
        },
      }),
    onSuccess: refresh,
    onError: refresh,
  });
  return (
    <section>
      <h2>{t('district.proposals')}</h2>
      <QueryState query={list} isEmpty={(d) => d.open.length === 0}>
        {({ open: items, mergeTargets }) => (
          <ul className="list">
            {items.map((p) => (
              <li key={p.id} className="item">
                <p className="meta">
                  <span className="tag">{categoryName(p.category)}</span> <StatusBadge entity="proposal" status={p.status} />
                </p>
                <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                <label>
                  {p.status === 'under_review' ? `${t('coordinate.answer')} / ${t('coordinate.reason')}` : t('coordinate.answer')}
                  <input value={text[p.id] ?? ''} onChange={(e) => setText({ ...text, [p.id]: e.target.value })} />
                </label>
                <div className="actions">
                  {p.status === 'submitted' && (
                    <button type="button" onClick={() => move.mutate({ p, to: 'under_review' })}>
                      {t('coordinate.review')}
                    </button>
                  )}
                  {p.status === 'under_review' && (
                    <>
                      <button type="button" onClick={() => move.mutate({ p, to: 'accepted' })}>
                        {t('coordinate.accept')}
                      </button>
                      <button type="button" className="danger" disabled={!text[p.id]} onClick={() => move.mutate({ p, to: 'rejected' })}>
                        {t('coordinate.reject')}
                      </button>
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
                      <button type="button" disabled={!mergeInto[p.id]} onClick={() => move.mutate({ p, to: 'merged' })}>
                        {t('coordinate.merge')}
                      </button>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      {move.error && <ErrorState error={move.error} />}
    </section>
  );
}
