import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { District } from '@dsd/shared/reference';
import { api } from '../lib/api.ts';

export function ProgressBar({ value, label }: { value: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-valuenow={value}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={label ?? t('common.progress')}
      >
        <div className="progress-fill" style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </div>
      <span className="progress-value">{value}%</span>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}

export function DateTime({ iso }: { iso: string | null }) {
  const { i18n } = useTranslation();
  if (!iso) return null;
  const locale = i18n.language === 'kk' ? 'kk-KZ' : i18n.language === 'en' ? 'en-GB' : 'ru-RU';
  return (
    <time dateTime={iso}>
      {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Almaty' }).format(new Date(iso))}
    </time>
  );
}

type LocalizedName = { ru: string; kk: string; en: string };

/** A name in the interface language, Russian when that one is missing. */
export function localName(name: LocalizedName, language: string): string {
  return name[language as keyof LocalizedName] ?? name.ru;
}

export function Name({ name }: { name: LocalizedName }) {
  const { i18n } = useTranslation();
  return <>{localName(name, i18n.language)}</>;
}

/** Districts' names by slug (the reference list is loaded once per session). */
export function useDistrictName(): (slug: string) => string {
  const { i18n } = useTranslation();
  const districts = useQuery({ queryKey: ['districts'], queryFn: () => api<{ items: District[] }>('/districts'), staleTime: Infinity });
  return (slug) => {
    const name = districts.data?.items.find((d) => d.slug === slug)?.name;
    return name ? localName(name, i18n.language) : slug;
  };
}

export function LiveIndicator({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <p className={`live ${connected ? 'on' : 'off'}`} role="status" aria-live="polite">
      <span aria-hidden="true">●</span> {connected ? t('common.live') : t('common.offline')}
    </p>
  );
}

/** "Due: <date>", marked overdue in words and colour when the work is past it: never a number without its item. */
export function DueDate({ iso, overdue }: { iso: string | null; overdue?: boolean }) {
  const { t } = useTranslation();
  if (!iso) return overdue ? <span className="badge badge-overdue">{t('common.overdue')}</span> : null;
  return (
    <span className={overdue ? 'due is-overdue' : 'due'} data-testid={overdue ? 'overdue' : undefined}>
      {overdue && <span className="badge badge-overdue">{t('common.overdue')}</span>} {t('common.due')}: <DateTime iso={iso} />
    </span>
  );
}
