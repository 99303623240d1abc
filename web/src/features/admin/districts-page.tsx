import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { District } from '@dsd/shared/reference';
import { localName } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { useAdminChange, useDistricts } from './api.ts';
import { AdminTable, blankNames, ChangeError, NameFields } from './components/fields.tsx';

/** A district of any city: its slug is fixed once created; names, city and time zone can change. */
function DistrictForm({ district, onDone }: { district?: District; onDone?: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    slug: district?.slug ?? '',
    city: district?.city ?? 'almaty',
    name: district?.name ?? blankNames(),
    timeZone: district?.timeZone ?? 'Asia/Almaty',
  });
  const id = district ? `district-${district.slug}` : 'district-new';
  const save = useAdminChange(() =>
    district
      ? { path: `/admin/districts/${district.slug}`, method: 'PATCH', body: { city: form.city, name: form.name, timeZone: form.timeZone } }
      : { path: '/admin/districts', method: 'POST', body: form },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        if (!district) setForm({ ...form, slug: '', name: blankNames() });
        onDone?.();
      },
    });
  };
  return (
    <form className="form" onSubmit={submit}>
      <div className="row">
        {!district && (
          <label htmlFor={`${id}-slug`}>
            {t('admin.code')}
            <input
              id={`${id}-slug`}
              required
              pattern="[a-z0-9_-]+"
              value={form.slug}
              onChange={(e) => setForm({ ...form, slug: e.target.value })}
              aria-describedby="code-hint"
            />
          </label>
        )}
        <label htmlFor={`${id}-city`}>
          {t('admin.districts.city')}
          <input id={`${id}-city`} required pattern="[a-z0-9_-]+" value={form.city} onChange={(e) => setForm({ ...form, city: e.target.value })} />
        </label>
        <label htmlFor={`${id}-tz`}>
          {t('admin.districts.timeZone')}
          <input id={`${id}-tz`} required value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} />
        </label>
      </div>
      <NameFields id={id} value={form.name} onChange={(name) => setForm({ ...form, name })} />
      <ChangeError error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {district ? t('admin.save') : t('admin.districts.add')}
        </button>
      </div>
    </form>
  );
}

export default function DistrictsPage() {
  const { t, i18n } = useTranslation();
  const districts = useDistricts();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <section className="panel">
        <h2>{t('admin.districts.add')}</h2>
        <p className="muted small" id="code-hint">
          {t('admin.codeHint')}
        </p>
        <DistrictForm />
      </section>
      <section>
        <h2>{t('admin.districts.heading')}</h2>
        <QueryState query={districts}>
          {(data) => (
            <AdminTable columns={[t('admin.name'), t('admin.districts.city'), t('admin.districts.timeZone')]}>
              {data.items.map((d) => (
                <tr key={d.slug}>
                  <td>
                    {localName(d.name, i18n.language)}
                    <br />
                    <span className="muted small">{d.slug}</span>
                    {editing === d.slug && <DistrictForm district={d} onDone={() => setEditing(null)} />}
                  </td>
                  <td>{d.city}</td>
                  <td>{d.timeZone}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-expanded={editing === d.slug}
                      aria-label={`${t('admin.edit')}: ${localName(d.name, i18n.language)}`}
                      onClick={() => setEditing(editing === d.slug ? null : d.slug)}
                    >
                      {t('admin.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </AdminTable>
          )}
        </QueryState>
      </section>
    </>
  );
}
