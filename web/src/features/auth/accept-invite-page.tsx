import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AcceptInviteBody } from '@dsd/shared/admin';
import type { CurrentUser } from '@dsd/shared/auth';
import { ApiError, api } from '../../lib/api.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { switchSession } from './api.ts';

/** The invite link's page: the token travels in the fragment (never sent to servers or in Referer); name and password make the account. */
export default function AcceptInvitePage() {
  const { t } = useTranslation();
  usePageTitle(t('acceptInvite.heading'));
  const qc = useQueryClient();
  const navigate = useNavigate();
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const [form, setForm] = useState({ name: '', password: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const accept = useMutation({
    mutationFn: (body: { token: string; name: string; password: string }) =>
      api<{ user: CurrentUser }>('/auth/accept-invite', { method: 'POST', body }),
    onSuccess: (data) => {
      switchSession(qc, data.user);
      navigate('/account');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = AcceptInviteBody.safeParse({ token, name: form.name, password: form.password });
    const found: Record<string, string> = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    if (form.password !== form.repeat) found.repeat = t('acceptInvite.mismatch');
    setErrors(found);
    if (parsed.success && !found.repeat) accept.mutate(parsed.data);
  };
  const server = accept.error instanceof ApiError ? accept.error : null;
  const err = (f: string) => errors[f] ?? server?.fieldError(f);
  if (!token) {
    return (
      <section className="narrow panel">
        <h1>{t('acceptInvite.heading')}</h1>
        <p className="notice error">{t('acceptInvite.noToken')}</p>
      </section>
    );
  }
  return (
    <form className="form narrow panel" onSubmit={submit} noValidate>
      <h1>{t('acceptInvite.heading')}</h1>
      <p>{t('acceptInvite.intro')}</p>
      {(
        [
          ['name', 'text', 'name', t('auth.name')],
          ['password', 'password', 'new-password', t('auth.password')],
          ['repeat', 'password', 'new-password', t('acceptInvite.repeat')],
        ] as const
      ).map(([f, type, autoComplete, label]) => (
        <div key={f}>
          <label htmlFor={`invite-${f}`}>{label}</label>
          <input
            id={`invite-${f}`}
            type={type}
            autoComplete={autoComplete}
            value={form[f]}
            aria-invalid={!!err(f)}
            aria-describedby={err(f) ? `invite-${f}-error` : undefined}
            onChange={(e) => setForm({ ...form, [f]: e.target.value })}
          />
          {err(f) && (
            <p className="field-error" id={`invite-${f}-error`}>
              {err(f)}
            </p>
          )}
        </div>
      ))}
      {server && !server.details && (
        <p className="field-error" role="alert">
          {t(`acceptInvite.errors.${server.code}`, { defaultValue: t(`errors.${server.code}`, { defaultValue: t('errors.generic') }) })}
        </p>
      )}
      <button type="submit" disabled={accept.isPending}>
        {t('acceptInvite.submit')}
      </button>
    </form>
  );
}
