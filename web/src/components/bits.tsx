import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatZoned } from '@dsd/shared/dates';
import { CATEGORIES, SENSITIVE_CATEGORIES } from '@dsd/shared/enums';
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

/** Which status machine a status belongs to: the words differ per entity (gender in Russian, tense in Kazakh). */
export type StatusEntity = 'meeting' | 'proposal' | 'decision' | 'assignment' | 'confirmation';

export function StatusBadge({ entity, status }: { entity: StatusEntity; status: string }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`status.${entity}.${status}`)}</span>;
}

type NamedList = { items: Array<{ name: LocalizedName } & ({ code: string } | { slug: string })> };

/**
 * Names of reference things (districts, services, categories) in the interface language, from the database — the one
 * source of these names, seeded from db/src/seed/reference-data.ts. Until the list arrives a neutral dash stands in,
 * never the raw code.
 */
function useReferenceNames(path: '/districts' | '/services' | '/categories'): (code: string) => string {
  const { i18n } = useTranslation();
  const list = useQuery({ queryKey: ['reference', path], queryFn: () => api<NamedList>(path), staleTime: Infinity });
  return (code) => {
    const item = list.data?.items.find((x) => ('code' in x ? x.code : x.slug) === code);
    return item ? localName(item.name, i18n.language) : '…';
  };
}
export const useServiceName = () => useReferenceNames('/services');
export const useCategoryName = () => useReferenceNames('/categories');

/**
 * The categories a form offers, as the admins configured them (same query as their names): the active ones, plus
 * `current` when a record already carries a retired one (filters of old records: `includeRetired`). Until the list arrives, the seeded codes stand in.
 */
export function useCategoryChoices(current?: string, includeRetired = false): Array<{ code: string; sensitive: boolean }> {
  const list = useQuery({ queryKey: ['reference', '/categories'], queryFn: () => api<NamedList>('/categories'), staleTime: Infinity });
  const items = list.data?.items as Array<{ code: string; active?: boolean; sensitive?: boolean }> | undefined;
  if (!items) return CATEGORIES.map((code) => ({ code, sensitive: SENSITIVE_CATEGORIES.includes(code) }));
  return items.filter((c) => includeRetired || c.active !== false || c.code === current).map((c) => ({ code: c.code, sensitive: !!c.sensitive }));
}

/** "12 of 40 cameras" with the unit declined for the number in each language. */
export function TargetProgress({ achieved, target }: { achieved: number | null; target: { value: number; unit: string } }) {
  const { t } = useTranslation();
  const unit = t(`unitOf.${target.unit}`, { count: target.value });
  return <>{t('decision.targetOf', { achieved: achieved ?? 0, total: target.value, unit })}</>;
}

/** A time as the district sees it (Asia/Almaty), whatever the browser's zone; Kazakh written out by us (see formatZoned). */
export function DateTime({ iso, timeZone = DEFAULT_TIME_ZONE }: { iso: string | null; timeZone?: string }) {
  const { i18n } = useTranslation();
  if (!iso) return null;
  return <time dateTime={iso}>{formatZoned(iso, i18n.language, timeZone)}</time>;
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
export const useDistrictName = () => useReferenceNames('/districts');

export function LiveIndicator({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <p className={`live ${connected ? 'on' : 'off'}`} role="status" aria-live="polite">
      <span aria-hidden="true">●</span> {connected ? t('common.live') : t('common.offline')}
    </p>
  );
}

/** "overdue by 3 days" (or plain "overdue" on the day itself). */
function overdueLabel(t: TFunction, dueIso: string): string {
  const days = Math.floor((Date.now() - Date.parse(dueIso)) / 86_400_000);
  return days >= 1 ? t('common.overdueDays', { count: days }) : t('common.overdue');
}

/** "Due: <date>", marked overdue in words and colour when the work is past it: never a number without its item. */
export function DueDate({ iso, overdue }: { iso: string | null; overdue?: boolean }) {
  const { t } = useTranslation();
  if (!iso) return overdue ? <span className="badge badge-overdue">{t('common.overdue')}</span> : null;
  return (
    <span className={overdue ? 'due is-overdue' : 'due'} data-testid={overdue ? 'overdue' : undefined}>
      {overdue && <span className="badge badge-overdue">{overdueLabel(t, iso)}</span>} {t('common.due')}: <DateTime iso={iso} />
    </span>
  );
}
