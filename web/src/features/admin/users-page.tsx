import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_ROLES, type AdminUser, type RoleScopeInput, type StaffRole } from '@dsd/shared/admin';
import { ROLES } from '@dsd/shared/enums';
import { DateTime, localName, useDistrictName, useServiceName } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { MoreButton } from '../../lib/paging.tsx';
import { useAdminChange, useAdminUsers, useDistricts, useInvites, useOrganizations, useServices } from './api.ts';
import { AdminTable, DistrictOptions, ChangeError, Checks } from './components/fields.tsx';

type Scope = { role: StaffRole; districts: string[]; service: string; serviceDistrict: string; organizationId: string };
const blankScope = (): Scope => ({ role: 'officer', districts: [], service: '', serviceDistrict: '', organizationId: '' });

/** The form's scope as the API takes it: only the fields the role uses. */
function toRoleScope(s: Scope): RoleScopeInput {
  if (s.role === 'coordinator') return { role: s.role, districts: s.districts };
  if (s.role === 'officer' || s.role === 'service_head')
    return { role: s.role, services: s.service ? [{ service: s.service, district: s.serviceDistrict || null }] : [] };
  if (s.role === 'chair') return { role: s.role, ...(s.organizationId ? { organizationId: s.organizationId } : {}) };
  return { role: s.role };
}

function fromUser(u: AdminUser): Scope {
  const first = u.scope.services[0];
  return {
    role: (STAFF_ROLES as readonly string[]).includes(u.role) ? (u.role as StaffRole) : 'officer',
    districts: u.scope.districts,
    service: first?.service ?? '',
    serviceDistrict: first?.district ?? '',
    organizationId: u.scope.organization?.id ?? '',
  };
}

/** Role and the scope it needs: districts for a coordinator, a service (in a district or city-wide), an organization for a chair. */
function ScopeFields({ id, value, onChange }: { id: string; value: Scope; onChange: (next: Scope) => void }) {
  const { t, i18n } = useTranslation();
  const districts = useDistricts().data?.items ?? [];
  const services = (useServices().data?.items ?? []).filter((s) => s.active);
  const organizations = useOrganizations().data?.items ?? [];
  return (
    <>
      <label htmlFor={`${id}-role`}>
        {t('admin.role')}
        <select id={`${id}-role`} value={value.role} onChange={(e) => onChange({ ...value, role: e.target.value as StaffRole })}>
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {value.role === 'coordinator' && (
        <Checks
          legend={t('admin.districtList')}
          items={districts.map((d) => ({ key: d.slug, name: d.name }))}
          selected={value.districts}
          onChange={(next) => onChange({ ...value, districts: next })}
        />
      )}
      {(value.role === 'officer' || value.role === 'service_head') && (
        <div className="row">
          <label htmlFor={`${id}-service`}>
            {t('admin.service')}
            <select id={`${id}-service`} value={value.service} onChange={(e) => onChange({ ...value, service: e.target.value })}>
              <option value="">—</option>
              {services.map((s) => (
                <option key={s.code} value={s.code}>
                  {localName(s.name, i18n.language)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={`${id}-service-district`}>
            {t('admin.where')}
            <select
              id={`${id}-service-district`}
              value={value.serviceDistrict}
              onChange={(e) => onChange({ ...value, serviceDistrict: e.target.value })}
            >
              <option value="">{t('admin.cityWide')}</option>
              <DistrictOptions districts={districts} />
            </select>
          </label>
        </div>
      )}
      {value.role === 'chair' && (
        <label htmlFor={`${id}-org`}>
          {t('admin.organization')}
          <select id={`${id}-org`} value={value.organizationId} onChange={(e) => onChange({ ...value, organizationId: e.target.value })}>
            <option value="">—</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

function InviteForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState<'ru' | 'kk' | 'en'>('ru');
  const [scope, setScope] = useState(blankScope);
  const invite = useAdminChange((body: unknown) => ({ path: '/admin/invites', method: 'POST', body }));
  const created = invite.data as { inviteUrl: string; expiresAt: string; emailed: boolean } | undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email, locale, ...toRoleScope(scope) }, { onSuccess: () => setEmail('') });
  };
  return (
    <form className="form panel" onSubmit={submit}>
      <h2>{t('admin.invite.heading')}</h2>
      <div className="row">
        <label htmlFor="invite-email">
          {t('auth.email')}
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label htmlFor="invite-locale">
          {t('admin.invite.language')}
          <select id="invite-locale" value={locale} onChange={(e) => setLocale(e.target.value as 'ru' | 'kk' | 'en')}>
            <option value="ru">Русский</option>
            <option value="kk">Қазақша</option>
            <option value="en">English</option>
          </select>
        </label>
      </div>
      <ScopeFields id="invite" value={scope} onChange={setScope} />
      <ChangeError error={invite.error} />
      <div className="actions">
        <button type="submit" disabled={invite.isPending}>
          {t('admin.invite.send')}
        </button>
      </div>
      {created && (
        <div role="status" className="notice">
          <p>{created.emailed ? t('admin.invite.emailed') : t('admin.invite.notEmailed')}</p>
          <label htmlFor="invite-link">
            {t('admin.invite.link')}
            <input id="invite-link" readOnly value={created.inviteUrl} onFocus={(e) => e.target.select()} />
          </label>
          <p className="muted small">
            {t('admin.invite.expires')} <DateTime iso={created.expiresAt} />
          </p>
        </div>
      )}
    </form>
  );
}

function Invites() {
  const { t } = useTranslation();
  const invites = useInvites();
  const revoke = useAdminChange((id: string) => ({ path: `/admin/invites/${id}`, method: 'DELETE' }));
  return (
    <section>
      <h2>{t('admin.invite.list')}</h2>
      <QueryState query={invites} isEmpty={(d) => d.items.length === 0}>
        {(data) => (
          <AdminTable columns={[t('auth.email'), t('admin.role'), t('admin.state'), t('admin.invite.until')]}>
            {data.items.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{t(`roles.${i.role}`)}</td>
                <td>{t(`admin.invite.status.${i.status}`)}</td>
                <td>
                  <DateTime iso={i.expiresAt} />
                </td>
                <td>
                  {i.status === 'pending' && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => revoke.mutate(i.id)}
                      aria-label={`${t('admin.invite.revoke')}: ${i.email}`}
                    >
                      {t('admin.invite.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </QueryState>
      <ChangeError error={revoke.error} />
    </section>
  );
}

function ScopeSummary({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const districtName = useDistrictName();
  const serviceName = useServiceName();
  const district = (slug: string | null) => (slug ? districtName(slug) : t('admin.cityWide'));
  const parts = [
    ...user.scope.districts.map(district),
    ...user.scope.services.map((s) => `${serviceName(s.service)} — ${district(s.district)}`),
    ...(user.scope.organization ? [user.scope.organization.name] : []),
  ];
  return <>{parts.join('; ') || '—'}</>;
}

function UserRow({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [scope, setScope] = useState(() => fromUser(user));
  const changeRole = useAdminChange((body: RoleScopeInput) => ({ path: `/admin/users/${user.id}/role`, method: 'PUT', body }));
  const toggle = useAdminChange(() => ({ path: `/admin/users/${user.id}/${user.active ? 'deactivate' : 'reactivate'}`, method: 'POST' }));
  return (
    <>
      <tr>
        <td>
          {user.name}
          <br />
          <span className="muted small">{user.email}</span>
        </td>
        <td>{t(`roles.${user.role}`)}</td>
        <td>
          <ScopeSummary user={user} />
        </td>
        <td>{user.active ? t('admin.active') : t('admin.deactivated')}</td>
        <td>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              aria-expanded={editing}
              onClick={() => setEditing(!editing)}
              aria-label={`${t('admin.changeRole')}: ${user.name}`}
            >
              {t('admin.changeRole')}
            </button>
            <button
              type="button"
              className={user.active ? 'danger' : 'secondary'}
              onClick={() => toggle.mutate(undefined)}
              aria-label={`${user.active ? t('admin.deactivate') : t('admin.reactivate')}: ${user.name}`}
            >
              {user.active ? t('admin.deactivate') : t('admin.reactivate')}
            </button>
          </div>
          <ChangeError error={toggle.error} />
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={5}>
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                changeRole.mutate(toRoleScope(scope), { onSuccess: () => setEditing(false) });
              }}
            >
              <ScopeFields id={`user-${user.id}`} value={scope} onChange={setScope} />
              <ChangeError error={changeRole.error} />
              <div className="actions">
                <button type="submit" disabled={changeRole.isPending}>
                  {t('admin.save')}
                </button>
              </div>
            </form>
          </td>
        </tr>
      )}
    </>
  );
}

function Users() {
  const { t } = useTranslation();
  const [role, setRole] = useState('');
  const [q, setQ] = useState('');
  const users = useAdminUsers({ role: role || undefined, q: q || undefined });
  return (
    <section>
      <h2>{t('admin.users.heading')}</h2>
      <div className="filters">
        <label htmlFor="users-role">
          {t('admin.role')}
          <select id="users-role" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">{t('admin.any')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor="users-q">
          {t('admin.users.search')}
          <input id="users-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      </div>
      <QueryState query={users} isEmpty={(d) => d.items.length === 0}>
        {(data) => (
          <AdminTable columns={[t('auth.name'), t('admin.role'), t('admin.scope'), t('admin.state')]}>
            {data.items.map((u) => (
              <UserRow key={u.id} user={u} />
            ))}
          </AdminTable>
        )}
      </QueryState>
      <MoreButton list={users} />
    </section>
  );
}

export default function UsersPage() {
  return (
    <>
      <InviteForm />
      <Invites />
      <Users />
    </>
  );
}
