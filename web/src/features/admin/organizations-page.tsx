import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANIZATION_TYPES } from '@dsd/shared/enums';
import { useDistrictName } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { useAdminChange, useDistricts, useOrganizations } from './api.ts';
import { AdminTable, DistrictOptions, ChangeError } from './components/fields.tsx';

const blank = () => ({ type: 'KSK' as (typeof ORGANIZATION_TYPES)[number], name: '', districtSlug: '', address: '', buildings: '' });

/** Housing associations (KSK, OSI, PKSK) with their district and buildings. */
export default function OrganizationsPage() {
  const { t } = useTranslation();
  const organizations = useOrganizations();
  const districts = useDistricts().data?.items ?? [];
  const districtName = useDistrictName();
  const [form, setForm] = useState(blank);
  const [filter, setFilter] = useState('');
  const create = useAdminChange(() => ({
    path: '/admin/organizations',
    method: 'POST',
    body: {
      type: form.type,
      name: form.name,
      districtSlug: form.districtSlug,
      address: form.address || null,
      buildings: form.buildings
        .split('\n')
        .map((b) => b.trim())
        .filter(Boolean),
    },
  }));
  const remove = useAdminChange((id: string) => ({ path: `/admin/organizations/${id}`, method: 'DELETE' }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, { onSuccess: () => setForm(blank()) });
  };
  return (
    <>
      <form className="form panel" onSubmit={submit}>
        <h2>{t('admin.organizations.add')}</h2>
        <div className="row">
          <label htmlFor="org-type">
            {t('admin.organizations.type')}
            <select id="org-type" value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value as typeof form.type })}>
              {ORGANIZATION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="org-district">
            {t('admin.organizations.district')}
            <select id="org-district" required value={form.districtSlug} onChange={(e) => setForm({ ...form, districtSlug: e.target.value })}>
              <option value="">—</option>
              <DistrictOptions districts={districts} />
            </select>
          </label>
        </div>
        <label htmlFor="org-name">
          {t('admin.name')}
          <input id="org-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label htmlFor="org-address">
          {t('admin.organizations.address')}
          <input id="org-address" value={form.address} onChange={(e) => setForm({ ...form, address: e.target.value })} />
        </label>
        <label htmlFor="org-buildings">
          {t('admin.organizations.buildings')}
          <textarea id="org-buildings" value={form.buildings} onChange={(e) => setForm({ ...form, buildings: e.target.value })} />
        </label>
        <ChangeError error={create.error} />
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            {t('admin.organizations.add')}
          </button>
        </div>
      </form>
      <section>
        <h2>{t('admin.organizations.heading')}</h2>
        <div className="filters">
          <label htmlFor="org-filter">
            {t('admin.organizations.district')}
            <select id="org-filter" value={filter} onChange={(e) => setFilter(e.target.value)}>
              <option value="">{t('admin.any')}</option>
              <DistrictOptions districts={districts} />
            </select>
          </label>
        </div>
        <ChangeError error={remove.error} />
        <QueryState query={organizations}>
          {(data) => (
            <AdminTable columns={[t('admin.name'), t('admin.organizations.district'), t('admin.organizations.buildings')]}>
              {data.items
                .filter((o) => !filter || o.districtSlug === filter)
                .map((o) => (
                  <tr key={o.id}>
                    <td>
                      {o.name}
                      <br />
                      <span className="muted small">
                        {o.type}
                        {o.address ? ` · ${o.address}` : ''}
                      </span>
                    </td>
                    <td>{districtName(o.districtSlug)}</td>
                    <td>{o.buildings.join('; ') || '—'}</td>
                    <td>
                      <button type="button" className="danger" onClick={() => remove.mutate(o.id)} aria-label={`${t('admin.delete')}: ${o.name}`}>
                        {t('admin.delete')}
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
