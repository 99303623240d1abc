import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '@dsd/shared/enums';
import { CreateProposalBody, UpdateProposalBody, type ProposalView } from '@dsd/shared/proposals';
import { useCategoryChoices, useCategoryName, useDistrictName } from '../../../components/bits.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useCreateProposal, useDistrictBuildings, useOpenMeetings, useUpdateProposal } from '../api/proposals.ts';

type Fields = {
  districtSlug: string;
  category: Category;
  title: string;
  body: string;
  address: string;
  lat: string;
  lng: string;
  meetingId: string;
  confidentialDetails: string;
};

const blank = (district: string): Fields => ({
  districtSlug: district,
  category: 'cameras',
  title: '',
  body: '',
  address: '',
  lat: '',
  lng: '',
  meetingId: '',
  confidentialDetails: '',
});

const fromProposal = (p: ProposalView): Fields => ({
  districtSlug: p.districtSlug,
  category: p.category,
  title: p.title,
  body: p.body,
  address: p.address ?? '',
  lat: p.lat === null ? '' : String(p.lat),
  lng: p.lng === null ? '' : String(p.lng),
  meetingId: p.meetingId ?? '',
  confidentialDetails: p.confidentialDetails ?? '',
});

const coordinate = (v: string) => (v.trim() === '' ? undefined : Number(v.replace(',', '.')));

/**
 * A proposal's form, for a new one (a resident chooses the district; a chair's is the organization's) or for the
 * author's edit while it is submitted. Validated with the same zod schema as the server before any round trip.
 */
export function ProposalForm({
  district,
  districts,
  proposal,
  onSaved,
}: {
  district: string;
  /** Offered to residents, who may write about any district. */
  districts?: string[];
  proposal?: ProposalView;
  onSaved: (saved: ProposalView) => void;
}) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const districtName = useDistrictName();
  const editing = !!proposal;
  const [form, setForm] = useState<Fields>(proposal ? fromProposal(proposal) : blank(district));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const buildings = useDistrictBuildings(form.districtSlug);
  const meetings = useOpenMeetings(editing ? '' : form.districtSlug);
  const create = useCreateProposal();
  const update = useUpdateProposal(proposal?.id ?? '');
  const save = editing ? update : create;
  const categories = useCategoryChoices(proposal?.category);
  const sensitive = categories.some((c) => c.code === form.category && c.sensitive);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const lat = coordinate(form.lat);
    const lng = coordinate(form.lng);
    const common = {
      category: form.category,
      title: form.title,
      body: form.body,
      ...(sensitive && form.confidentialDetails ? { confidentialDetails: form.confidentialDetails } : {}),
    };
    const parsed = editing
      ? UpdateProposalBody.safeParse({
          ...common,
          address: form.address.trim() || null,
          lat: lat ?? null,
          lng: lng ?? null,
          ...(!sensitive || !form.confidentialDetails ? { confidentialDetails: null } : {}),
          version: proposal.version,
        })
      : CreateProposalBody.safeParse({
          ...common,
          districtSlug: form.districtSlug,
          ...(form.address.trim() ? { address: form.address } : {}),
          ...(lat !== undefined ? { lat } : {}),
          ...(lng !== undefined ? { lng } : {}),
          ...(form.meetingId ? { meetingId: form.meetingId } : {}),
        });
    const found: Record<string, string> = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    if ((lat === undefined) !== (lng === undefined)) found.lat = t('portal.bothCoordinates');
    setClientErrors(found);
    if (!parsed.success || Object.keys(found).length) return;
    const done = {
      onSuccess: (saved: ProposalView) => {
        if (!editing) setForm({ ...blank(form.districtSlug), category: form.category });
        onSaved(saved);
      },
    };
    if (editing) update.mutate(parsed.data as UpdateProposalBody, done);
    else create.mutate(parsed.data as CreateProposalBody, done);
  };

  const serverError = save.error instanceof ApiError ? save.error : null;
  const fieldError = (f: string) => clientErrors[f] ?? serverError?.fieldError(f);
  const prefix = editing ? 'edit-proposal' : 'proposal';
  const field = (name: keyof Fields) => ({
    id: `${prefix}-${name}`,
    value: form[name],
    'aria-invalid': !!fieldError(name),
    'aria-describedby': fieldError(name) ? `${prefix}-${name}-error` : undefined,
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const errorFor = (name: string) =>
    fieldError(name) ? (
      <p className="field-error" id={`${prefix}-${name}-error`}>
        {fieldError(name)}
      </p>
    ) : null;

  return (
    <form className="form panel" onSubmit={onSubmit} noValidate aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{editing ? t('portal.editProposal') : t('portal.newProposal')}</h2>
      {!editing && districts && districts.length > 0 && (
        <>
          <label htmlFor={`${prefix}-districtSlug`}>{t('coordinate.district')}</label>
          <select {...field('districtSlug')}>
            {districts.map((d) => (
              <option key={d} value={d}>
                {districtName(d)}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={`${prefix}-category`}>{t('portal.category')}</label>
      <select {...field('category')}>
        {categories.map((c) => (
          <option key={c.code} value={c.code}>
            {categoryName(c.code)}
          </option>
        ))}
      </select>
      <label htmlFor={`${prefix}-title`}>{t('portal.title')}</label>
      <input {...field('title')} required />
      {errorFor('title')}
      <label htmlFor={`${prefix}-body`}>{t('portal.body')}</label>
      <textarea {...field('body')} required rows={4} />
      {errorFor('body')}
      <label htmlFor={`${prefix}-address`}>{t('portal.address')}</label>
      <input {...field('address')} list={`${prefix}-buildings`} autoComplete="off" />
      <datalist id={`${prefix}-buildings`}>
        {(buildings.data ?? []).map((b) => (
          <option key={b} value={b} />
        ))}
      </datalist>
      {errorFor('address')}
      <fieldset>
        <legend>{t('portal.location')}</legend>
        <p className="muted small">{t('portal.locationHint')}</p>
        <div className="row">
          <label>
            {t('portal.lat')}
            <input {...field('lat')} inputMode="decimal" />
          </label>
          <label>
            {t('portal.lng')}
            <input {...field('lng')} inputMode="decimal" />
          </label>
        </div>
        {errorFor('lat')}
        {errorFor('lng')}
      </fieldset>
      {!editing && (
        <>
          <label htmlFor={`${prefix}-meetingId`}>{t('portal.meeting')}</label>
          <select {...field('meetingId')}>
            <option value="">{t('portal.noMeeting')}</option>
            {(meetings.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
        </>
      )}
      {sensitive && (
        <>
          <label htmlFor={`${prefix}-confidentialDetails`}>{t('portal.confidential')}</label>
          <textarea {...field('confidentialDetails')} rows={2} />
        </>
      )}
      <button type="submit" disabled={save.isPending}>
        {editing ? t('common.save') : t('common.submit')}
      </button>
      {save.error && !serverError?.details && <ErrorState error={save.error} />}
    </form>
  );
}
