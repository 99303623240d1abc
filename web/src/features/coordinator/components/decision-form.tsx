import { REGISTRY_METRICS, type RegistryMetric } from '@dsd/shared/registries';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_TIME_ZONE, zonedInputToIso } from '@dsd/shared/dates';
import { CreateDecisionBody, type DecisionDetail } from '@dsd/shared/decisions';
import { TARGET_UNITS } from '@dsd/shared/enums';
import type { MeetingSummary } from '@dsd/shared/meetings';
import { StatusBadge, useCategoryChoices, useCategoryName, useServiceName } from '../../../components/bits.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { Result, useToast } from '../../../components/toast.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useCreateDecision, useDecisionCandidates, useServices } from '../api/decisions.ts';

const EMPTY = {
  kind: 'instruction',
  category: 'cameras',
  title: '',
  description: '',
  target: '',
  unit: 'cameras',
  metric: '',
  dueAt: '',
  services: [] as string[],
  proposalIds: [] as string[],
};

/** Records a decision or instruction of a held or closed meeting; the saved one stays listed with a link. */
export function DecisionForm({ meeting }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  const toast = useToast();
  const serviceName = useServiceName();
  const categoryName = useCategoryName();
  const categories = useCategoryChoices();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<DecisionDetail[]>([]);
  const services = useServices(open);
  const candidates = useDecisionCandidates(meeting.districtSlug, open);
  const save = useCreateDecision(meeting.id, meeting.districtSlug);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const toggle = (list: 'services' | 'proposalIds', value: string) =>
    setForm({ ...form, [list]: form[list].includes(value) ? form[list].filter((v) => v !== value) : [...form[list], value] });
  const submit = () => {
    const parsed = CreateDecisionBody.safeParse({
      kind: form.kind,
      category: form.category,
      title: form.title,
      services: form.services,
      proposalIds: form.proposalIds,
      ...(form.description.trim() ? { description: form.description } : {}),
      ...(form.target
        ? { target: { value: Number(form.target), unit: form.unit, ...(form.metric ? { metric: form.metric as RegistryMetric } : {}) } }
        : {}),
      // Typed as Almaty's wall clock, whatever the browser's zone.
      ...(form.dueAt ? { dueAt: zonedInputToIso(form.dueAt, DEFAULT_TIME_ZONE) } : {}),
    });
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
    setErrors({});
    save.mutate(parsed.data, {
      onSuccess: (d) => {
        setSaved([d, ...saved]);
        setForm(EMPTY);
        setOpen(false);
        toast(t('coordinate.decisionSaved'));
      },
    });
  };
  const server = save.error instanceof ApiError ? save.error : null;
  const err = (f: string) => errors[f] ?? server?.fieldError(f);
  const results = saved.map((d) => (
    <Result key={d.id} testId="decision-saved">
      {t('coordinate.decisionSaved')}: <Link to={`/decisions/${d.id}`}>{d.title}</Link> —{' '}
      {d.assignments.map((a) => serviceName(a.serviceCode)).join(', ')}
    </Result>
  ));
  if (!open)
    return (
      <>
        {results}
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t('coordinate.newDecision')}
        </button>
      </>
    );
  const idFor = (f: string) => `d-${meeting.id}-${f}`;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      {results}
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
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryName(c.code)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('coordinate.title')}
        <input
          required
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.target.value })}
          aria-invalid={!!err('title')}
          aria-describedby={err('title') ? idFor('title') : undefined}
        />
      </label>
      {err('title') && (
        <p className="field-error" id={idFor('title')}>
          {err('title')}
        </p>
      )}
      <label>
        {t('coordinate.description')}
        <textarea rows={3} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
      </label>
      <fieldset>
        <legend>{t('coordinate.services')}</legend>
        <p className="muted small">{t('coordinate.routingHint')}</p>
        {services.data?.items.map((s) => (
          <label key={s.code} className="check">
            <input type="checkbox" checked={form.services.includes(s.code)} onChange={() => toggle('services', s.code)} /> {serviceName(s.code)}
          </label>
        ))}
      </fieldset>
      {(candidates.data?.length ?? 0) > 0 && (
        <fieldset data-testid="decision-proposals">
          <legend>{t('coordinate.linkProposals')}</legend>
          <p className="muted small">{t('coordinate.linkProposalsHint')}</p>
          {candidates.data?.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={form.proposalIds.includes(p.id)} onChange={() => toggle('proposalIds', p.id)} /> {p.title}{' '}
              <StatusBadge entity="proposal" status={p.status} />
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
          {t('registries.metric.label')}
          <select value={form.metric} onChange={(e) => setForm({ ...form, metric: e.target.value })}>
            <option value="">{t('registries.metric.none')}</option>
            {REGISTRY_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`registries.metric.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('coordinate.dueAt')}
          <input type="datetime-local" value={form.dueAt} onChange={(e) => setForm({ ...form, dueAt: e.target.value })} />
        </label>
      </div>
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
      {save.error && !server?.details && <ErrorState error={save.error} />}
    </form>
  );
}
