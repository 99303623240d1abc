import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ChangePasswordBody, type CurrentUser } from '@dsd/shared/auth';
import { useDistrictName, useServiceName } from '../../components/bits.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { useSession } from './api.ts';
import { usePageTitle } from '../../components/page-title.ts';

/** Who I am and where my role applies; changing the password signs out every other device. */
export default function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.heading'));
  const serviceName = useServiceName();
  const session = useSession();
  const districtName = useDistrictName();
  const user = session.data;
  if (session.isPending) return null;
  if (!user) return <Link to="/login">{t('nav.login')}</Link>;
  return (
    <>
      <h1>{t('account.heading')}</h1>
      <dl className="facts">
        <dt>{t('auth.name')}</dt>
        <dd>{user.name}</dd>
        <dt>{t('auth.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`roles.${user.role}`)}</dd>
        {user.scope.organization && (
          <>
            <dt>{t('account.organization')}</dt>
            <dd>{user.scope.organization.name}</dd>
          </>
        )}
        {user.scope.districts.length > 0 && (
          <>
            <dt>{t('account.districts')}</dt>
            <dd>{user.scope.districts.map(districtName).join(', ')}</dd>
          </>
        )}
        {user.scope.services.length > 0 && (
          <>
            <dt>{t('account.services')}</dt>
            <dd>{user.scope.services.map((s) => serviceName(s)).join(', ')}</dd>
          </>
        )}
      </dl>
      <ChangePassword />
    </>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api<{ user: CurrentUser }>('/auth/password', { method: 'POST', body }),
    onSuccess: (data) => {
      setForm({ currentPassword: '', newPassword: '', repeat: '' });
      qc.setQueryData(['me'], data.user);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ChangePasswordBody.safeParse({ currentPassword: form.currentPassword, newPassword: form.newPassword });
    const found: Record<string, string> = parsed.success
      ? {}
      : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), t('account.tooShort')]));
    if (form.repeat !== form.newPassword) found.repeat = t('account.mismatch');
    setErrors(found);
    if (parsed.success && !found.repeat) change.mutate(parsed.data);
  };
  const server = change.error instanceof ApiError ? change.error : null;
  const fields = [
    ['currentPassword', 'current-password'],
    ['newPassword', 'new-password'],
    ['repeat', 'new-password'],
  ] as const;
  return (
    <form className="form panel account-form" onSubmit={submit} noValidate>
      <h2>{t('account.changePassword')}</h2>
      {fields.map(([field, autoComplete]) => (
        <div key={field}>
          <label htmlFor={`pw-${field}`}>{t(`account.${field}`)}</label>
          <input
            id={`pw-${field}`}
            type="password"
            autoComplete={autoComplete}
            value={form[field]}
            aria-invalid={!!errors[field]}
            aria-describedby={errors[field] ? `pw-${field}-error` : undefined}
            onChange={(e) => setForm({ ...form, [field]: e.target.value })}
          />
          {errors[field] && (
            <p className="field-error" id={`pw-${field}-error`}>
              {errors[field]}
            </p>
          )}
        </div>
      ))}
      {server && (
        <p className="field-error" role="alert">
          {server.code === 'INVALID_CREDENTIALS' ? t('account.wrongCurrent') : t(`errors.${server.code}`, { defaultValue: t('errors.generic') })}
        </p>
      )}
      {change.isSuccess && (
        <p className="notice ok" role="status">
          {t('account.changed')}
        </p>
      )}
      <button type="submit" disabled={change.isPending}>
        {t('account.changePassword')}
      </button>
    </form>
  );
}
