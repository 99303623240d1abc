import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { useLogin } from './api.ts';
import { usePageTitle } from '../../components/page-title.ts';

const HOME_BY_ROLE: Record<string, string> = { officer: '/tasks', service_head: '/tasks', chair: '/portal', coordinator: '/coordinate' };

export default function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.signIn'));
  const login = useLogin();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess: (data) => navigate(HOME_BY_ROLE[data.user.role] ?? '/') });
  };
  const error = login.error instanceof ApiError ? login.error : null;
  return (
    <form className="form narrow panel" onSubmit={submit}>
      <h1>{t('auth.signIn')}</h1>
      <label htmlFor="email">{t('auth.email')}</label>
      <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="password">{t('auth.password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && (
        <p className="field-error" role="alert">
          {t(`errors.${error.code}`, { defaultValue: t('errors.generic') })}
        </p>
      )}
      <button type="submit" disabled={login.isPending}>
        {t('auth.signIn')}
      </button>
      <p className="muted small">{t('auth.demo')}</p>
      <p>
        {t('auth.noAccount')} <Link to="/register">{t('nav.register')}</Link>
      </p>
    </form>
  );
}
