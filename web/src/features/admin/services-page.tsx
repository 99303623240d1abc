import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { useAdminChange, useServices } from './api.ts';
import { AdminTable, blankNames, ChangeError, NameFields } from './components/fields.tsx';

function ServiceRow({ service }: { service: { code: string; name: { ru: string; kk: string; en: string }; active: boolean } }) {
  const { t, i18n } = useTranslation();
  const toggle = useAdminChange(() => ({ path: `/admin/services/${service.code}`, method: 'PATCH', body: { active: !service.active } }));
  const remove = useAdminChange(() => ({ path: `/admin/services/${service.code}`, method: 'DELETE' }));
  const name = localName(service.name, i18n.language);
  return (
    <tr>
      <td>
        {name}
        <br />
        <span className="muted small">{service.code}</span>
      </td>
      <td>{service.active ? t('admin.active') : t('admin.retired')}</td>
      <td>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() => toggle.mutate(undefined)}
            aria-label={`${service.active ? t('admin.retire') : t('admin.reactivate')}: ${name}`}
          >
            {service.active ? t('admin.retire') : t('admin.reactivate')}
          </button>
          <button type="button" className="danger" onClick={() => remove.mutate(undefined)} aria-label={`${t('admin.delete')}: ${name}`}>
            {t('admin.delete')}
          </button>
        </div>
        <ChangeError error={toggle.error ?? remove.error} />
      </td>
    </tr>
  );
}

export default function ServicesPage() {
  const { t } = useTranslation();
  const services = useServices();
  const [form, setForm] = useState({ code: '', name: blankNames() });
  const create = useAdminChange(() => ({ path: '/admin/services', method: 'POST', body: form }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, { onSuccess: () => setForm({ code: '', name: blankNames() }) });
  };
  return (
    <>
      <form className="form panel" onSubmit={submit}>
        <h2>{t('admin.services.add')}</h2>
        <label htmlFor="service-code">
          {t('admin.code')}
          <input
            id="service-code"
            required
            pattern="[a-z0-9_]+"
            value={form.code}
            onChange={(e) => setForm({ ...form, code: e.target.value })}
            aria-describedby="service-code-hint"
          />
        </label>
        <p className="muted small" id="service-code-hint">
          {t('admin.codeHint')}
        </p>
        <NameFields id="service-new" value={form.name} onChange={(name) => setForm({ ...form, name })} />
        <ChangeError error={create.error} />
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            {t('admin.services.add')}
          </button>
        </div>
      </form>
      <section>
        <h2>{t('admin.services.heading')}</h2>
        <p className="muted small">{t('admin.services.deleteHint')}</p>
        <QueryState query={services}>
          {(data) => (
            <AdminTable columns={[t('admin.name'), t('admin.state')]}>
              {data.items.map((s) => (
                <ServiceRow key={s.code} service={s} />
              ))}
            </AdminTable>
          )}
        </QueryState>
      </section>
    </>
  );
}
