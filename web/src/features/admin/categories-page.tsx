import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminCategory } from '@dsd/shared/admin';
import { localName, useDistrictName, useServiceName } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { useAdminCategories, useAdminChange, useDistricts, useServices } from './api.ts';
import { DistrictOptions, blankNames, ChangeError, Checks, NameFields } from './components/fields.tsx';

function useServiceItems() {
  return (useServices().data?.items ?? []).filter((s) => s.active).map((s) => ({ key: s.code, name: s.name }));
}

function NewCategory() {
  const { t } = useTranslation();
  const services = useServiceItems();
  const [form, setForm] = useState({ code: '', name: blankNames(), services: [] as string[], sensitive: false });
  const create = useAdminChange(() => ({ path: '/admin/categories', method: 'POST', body: form }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, { onSuccess: () => setForm({ code: '', name: blankNames(), services: [], sensitive: false }) });
  };
  return (
    <form className="form panel" onSubmit={submit}>
      <h2>{t('admin.categories.add')}</h2>
      <label htmlFor="category-code">
        {t('admin.code')}
        <input
          id="category-code"
          required
          pattern="[a-z0-9_]+"
          value={form.code}
          onChange={(e) => setForm({ ...form, code: e.target.value })}
          aria-describedby="category-code-hint"
        />
      </label>
      <p className="muted small" id="category-code-hint">
        {t('admin.codeHint')}
      </p>
      <NameFields id="category-new" value={form.name} onChange={(name) => setForm({ ...form, name })} />
      <Checks
        legend={t('admin.categories.services')}
        items={services}
        selected={form.services}
        onChange={(next) => setForm({ ...form, services: next })}
      />
      <label className="check">
        <input type="checkbox" checked={form.sensitive} onChange={(e) => setForm({ ...form, sensitive: e.target.checked })} />{' '}
        {t('admin.categories.sensitive')}
      </label>
      <ChangeError error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          {t('admin.categories.add')}
        </button>
      </div>
    </form>
  );
}

/** One category: its city-wide services, its active flag, and the district overrides. */
function CategoryCard({ category }: { category: AdminCategory }) {
  const { t, i18n } = useTranslation();
  const services = useServiceItems();
  const serviceName = useServiceName();
  const districts = useDistricts().data?.items ?? [];
  const districtName = useDistrictName();
  const [routing, setRouting] = useState(category.services);
  const [district, setDistrict] = useState('');
  const [override, setOverride] = useState<string[]>([]);
  const update = useAdminChange((body: Record<string, unknown>) => ({ path: `/admin/categories/${category.code}`, method: 'PATCH', body }));
  const route = useAdminChange(() => ({
    path: `/admin/categories/${category.code}/routes/${district}`,
    method: 'PUT',
    body: { services: override },
  }));
  const name = localName(category.name, i18n.language);
  const id = `category-${category.code}`;
  return (
    <li className="card">
      <h3>
        {name} <span className="muted small">{category.code}</span>
      </h3>
      <p>
        {category.active ? t('admin.active') : t('admin.retired')}
        {category.sensitive ? ` · ${t('admin.categories.sensitive')}` : ''}
      </p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ services: routing });
        }}
      >
        <Checks legend={t('admin.categories.services')} items={services} selected={routing} onChange={setRouting} />
        <div className="actions">
          <button type="submit" disabled={update.isPending}>
            {t('admin.save')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => update.mutate({ active: !category.active })}
            aria-label={`${category.active ? t('admin.retire') : t('admin.reactivate')}: ${name}`}
          >
            {category.active ? t('admin.retire') : t('admin.reactivate')}
          </button>
        </div>
        <ChangeError error={update.error} />
      </form>
      <h4>{t('admin.categories.overrides')}</h4>
      {category.overrides.length === 0 ? (
        <p className="muted small">{t('admin.categories.noOverrides')}</p>
      ) : (
        <ul>
          {category.overrides.map((o) => (
            <li key={o.districtSlug}>
              {districtName(o.districtSlug)}: {o.services.map(serviceName).join(', ')}
            </li>
          ))}
        </ul>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          route.mutate(undefined);
        }}
      >
        <label htmlFor={`${id}-district`}>
          {t('admin.categories.overrideIn')}
          <select
            id={`${id}-district`}
            value={district}
            onChange={(e) => {
              setDistrict(e.target.value);
              setOverride(category.overrides.find((o) => o.districtSlug === e.target.value)?.services ?? []);
            }}
          >
            <option value="">—</option>
            <DistrictOptions districts={districts} />
          </select>
        </label>
        {district && (
          <>
            <Checks legend={t('admin.categories.overrideServices')} items={services} selected={override} onChange={setOverride} />
            <p className="muted small">{t('admin.categories.overrideHint')}</p>
            <div className="actions">
              <button type="submit" disabled={route.isPending}>
                {t('admin.save')}
              </button>
            </div>
          </>
        )}
        <ChangeError error={route.error} />
      </form>
    </li>
  );
}

export default function CategoriesPage() {
  const { t } = useTranslation();
  const categories = useAdminCategories();
  return (
    <>
      <NewCategory />
      <section>
        <h2>{t('admin.categories.heading')}</h2>
        <QueryState query={categories}>
          {(data) => (
            <ul className="cards">
              {data.items.map((c) => (
                <CategoryCard key={c.code} category={c} />
              ))}
            </ul>
          )}
        </QueryState>
      </section>
    </>
  );
}
