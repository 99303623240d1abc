import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { RegisterBody } from '@dsd/shared/auth';
import { ApiError } from '../../lib/api.ts';
import { useRegister } from './api.ts';
import { usePageTitle } from '../../components/page-title.ts';

export default function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.signUp'));
  const register = useRegister();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [known, setKnown] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = RegisterBody.safeParse(form);
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
    setErrors({});
    register.mutate(parsed.data, { onSuccess: (user) => (user ? navigate('/') : setKnown(true)) });
  };
  const server = register.error instanceof ApiError ? register.error : null;
  const err = (f: string) => errors[f] ?? server?.fieldError(f);
  return (
    <form className="form narrow panel" onSubmit={submit} noValidate>
      <h1>{t('auth.signUp')}</h1>
      {(['name', 'email', 'password'] as const).map((f) => (
        <div key={f}>
          <label htmlFor={`reg-${f}`}>{t(`auth.${f}`)}</label>
          <input
            id={`reg-${f}`}
            type={f === 'password' ? 'password' : f === 'email' ? 'email' : 'text'}
            autoComplete={f === 'password' ? 'new-password' : f === 'email' ? 'username' : 'name'}
            value={form[f]}
            aria-invalid={!!err(f)}
            aria-describedby={err(f) ? `reg-${f}-error` : undefined}
            onChange={(e) => setForm({ ...form, [f]: e.target.value })}
          />
          {err(f) && (
            <p className="field-error" id={`reg-${f}-error`}>
              {err(f)}
            </p>
          )}
        </div>
      ))}
      {known && <p role="status">{t('auth.checkEmail')}</p>}
      {server && !server.details && (
        <p className="field-error" role="alert">
          {t(`errors.${server.code}`, { defaultValue: t('errors.generic') })}
        </p>
      )}
      <button type="submit" disabled={register.isPending}>
        {t('auth.signUp')}
      </button>
      <p>
        {t('auth.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </form>
  );
}
