import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_EVENTS, type NotificationEvent, type NotificationPreferences, UNMUTABLE_EVENTS } from '@dsd/shared/notifications';
import { Result } from '../../../components/toast.tsx';
import { usePreferences, useSavePreferences } from '../api/notifications.ts';

/** Each language by its own name. */
const LANGUAGE_NAMES = [
  ['ru', 'Русский'],
  ['kk', 'Қазақша'],
  ['en', 'English'],
] as const;

/** Events are offered by what they are about (the part before the dot); security notices cannot be muted. */
const GROUPS = ['assignment', 'proposal', 'meeting', 'decision', 'update'] as const;
const eventsOf = (group: string): NotificationEvent[] =>
  NOTIFICATION_EVENTS.filter((e) => e.startsWith(`${group}.`) && !UNMUTABLE_EVENTS.includes(e));

export function NotificationSettings() {
  const { t } = useTranslation();
  const current = usePreferences();
  const save = useSavePreferences();
  const [form, setForm] = useState<NotificationPreferences | null>(null);
  useEffect(() => {
    if (current.data && !form) setForm(current.data);
  }, [current.data, form]);
  if (!form) return null;
  const heard = (group: string) => eventsOf(group).some((e) => !form.mutedEvents.includes(e));
  const toggle = (group: string) => {
    const events = eventsOf(group);
    const mutedEvents = heard(group) ? [...new Set([...form.mutedEvents, ...events])] : form.mutedEvents.filter((e) => !events.includes(e));
    setForm({ ...form, mutedEvents });
  };
  return (
    <section aria-labelledby="notification-settings">
      <h2 id="notification-settings">{t('notifications.settings')}</h2>
      <form
        className="settings-list"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <fieldset>
          <legend>{t('notifications.eventsLegend')}</legend>
          {GROUPS.map((g) => (
            <label key={g} className="check">
              <input type="checkbox" checked={heard(g)} onChange={() => toggle(g)} /> {t(`notifications.groups.${g}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('notifications.language')}
          <select value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value as NotificationPreferences['locale'] })}>
            {LANGUAGE_NAMES.map(([code, name]) => (
              <option key={code} value={code} lang={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('notifications.channelsLegend')}</legend>
          <label className="check">
            <input type="checkbox" checked={form.inApp} onChange={(e) => setForm({ ...form, inApp: e.target.checked })} /> {t('notifications.inApp')}
          </label>
          <label className="check">
            <input type="checkbox" checked={form.email} onChange={(e) => setForm({ ...form, email: e.target.checked })} /> {t('notifications.email')}
          </label>
          <label className="check">
            <input type="checkbox" checked={form.digest} disabled={!form.email} onChange={(e) => setForm({ ...form, digest: e.target.checked })} />{' '}
            {t('notifications.digest')}
          </label>
        </fieldset>
        <button type="submit" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {save.isSuccess && <Result testId="settings-saved">{t('notifications.saved')}</Result>}
      </form>
    </section>
  );
}
