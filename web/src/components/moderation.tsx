import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CurrentUser } from '@dsd/shared/auth';
import { api } from '../lib/api.ts';
import { ErrorState } from './states.tsx';

/** Coordinators of the district (and admins) moderate its proposals and timeline entries. */
export function moderates(user: CurrentUser | null | undefined, district: string): boolean {
  return !!user && (user.role === 'admin' || (user.role === 'coordinator' && user.scope.districts.includes(district)));
}

/** Hide with a reason, or show again. `path` is the moderation endpoint, e.g. /proposals/<id>/moderation. */
export function ModerationControl({ path, hidden, onDone }: { path: string; hidden: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const moderate = useMutation({
    mutationFn: (body: { hidden: boolean; reason?: string }) => api(path, { method: 'POST', body }),
    onSuccess: () => {
      setOpen(false);
      setReason('');
      onDone();
    },
  });
  if (hidden) {
    return (
      <button type="button" className="text-button" onClick={() => moderate.mutate({ hidden: false })} disabled={moderate.isPending}>
        {t('moderation.show')}
      </button>
    );
  }
  if (!open) {
    return (
      <button type="button" className="text-button" onClick={() => setOpen(true)}>
        {t('moderation.hide')}
      </button>
    );
  }
  return (
    <form
      className="moderation"
      onSubmit={(event) => {
        event.preventDefault();
        moderate.mutate({ hidden: true, reason: reason.trim() });
      }}
    >
      <label htmlFor={reasonId}>{t('moderation.reason')}</label>
      <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
      <button type="submit" disabled={moderate.isPending || !reason.trim()}>
        {t('moderation.hide')}
      </button>
      <button type="button" className="text-button" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
      {moderate.error && <ErrorState error={moderate.error} />}
    </form>
  );
}
