import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedName } from '@dsd/shared/enums';
import { localName } from '../../../components/bits.tsx';
import { ApiError } from '../../../lib/api.ts';
import { validationMessage } from '../../../lib/validation.ts';

export const blankNames = (): LocalizedName => ({ ru: '', kk: '', en: '' });

/** The three names of a district, service or category, one input per language. */
export function NameFields({ id, value, onChange }: { id: string; value: LocalizedName; onChange: (next: LocalizedName) => void }) {
  const { t } = useTranslation();
  return (
    <div className="row">
      {(['ru', 'kk', 'en'] as const).map((lang) => (
        <label key={lang} htmlFor={`${id}-${lang}`}>
          {t(`admin.nameIn.${lang}`)}
          <input id={`${id}-${lang}`} required value={value[lang]} onChange={(e) => onChange({ ...value, [lang]: e.target.value })} />
        </label>
      ))}
    </div>
  );
}

/** Checkboxes over a reference list (services, districts), named in the reader's language. */
export function Checks({
  legend,
  items,
  selected,
  onChange,
}: {
  legend: string;
  items: Array<{ key: string; name: LocalizedName }>;
  selected: string[];
  onChange: (next: string[]) => void;
}) {
  const { i18n } = useTranslation();
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {items.map((item) => (
        <label key={item.key} className="check">
          <input
            type="checkbox"
            checked={selected.includes(item.key)}
            onChange={(e) => onChange(e.target.checked ? [...selected, item.key] : selected.filter((k) => k !== item.key))}
          />{' '}
          {localName(item.name, i18n.language)}
        </label>
      ))}
    </fieldset>
  );
}

/** What went wrong with a change, in the reader's language: the field problems, else the error's own message. */
export function ChangeError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const fields = e?.details?.map(
    (d) => `${d.path.replace(/^(body|params|querystring)\./, '')}: ${d.code ? validationMessage(d.code, d.params) : d.message}`,
  );
  return (
    <p className="field-error" role="alert">
      {t(`admin.errors.${e?.code ?? 'generic'}`, { defaultValue: t(`errors.${e?.code ?? 'generic'}`, { defaultValue: t('errors.generic') }) })}
      {fields?.length ? ` (${fields.join('; ')})` : ''}
    </p>
  );
}

/** The districts as <option>s, named in the reader's language. */
export function DistrictOptions({ districts }: { districts: ReadonlyArray<{ slug: string; name: LocalizedName }> }) {
  const { i18n } = useTranslation();
  return (
    <>
      {districts.map((d) => (
        <option key={d.slug} value={d.slug}>
          {localName(d.name, i18n.language)}
        </option>
      ))}
    </>
  );
}

/** An admin list as a table that scrolls sideways on a phone; the last column holds each row's buttons. */
export function AdminTable({ columns, children }: { columns: string[]; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="admin-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">{t('admin.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
