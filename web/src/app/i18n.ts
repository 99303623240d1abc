import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setValidationMessages } from '@dsd/shared/validation';
import { validationMessage } from '../lib/validation.ts';
import { I18N_BASE } from './i18n-base.ts';
import type { Messages } from './locales/ru.ts';
import { ru } from './locales/ru.ts';

export const LANGUAGES = ['ru', 'kk', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'lang';

/** ?lang= in any URL wins, then the remembered choice, then Russian. */
export function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl && (LANGUAGES as readonly string[]).includes(fromUrl)) {
    localStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl as Language;
  }
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored && (LANGUAGES as readonly string[]).includes(stored) ? (stored as Language) : 'ru';
}

/** Russian (the fallback) ships with the page; Kazakh and English texts load when someone reads in them. */
const LOADERS: Record<Exclude<Language, 'ru'>, () => Promise<Messages>> = {
  kk: () => import('./locales/kk.ts').then((m) => m.kk),
  en: () => import('./locales/en.ts').then((m) => m.en),
};

async function showLanguage(lang: Language) {
  if (lang !== 'ru' && !i18n.hasResourceBundle(lang, 'translation')) i18n.addResourceBundle(lang, 'translation', await LOADERS[lang]());
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export async function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  await showLanguage(lang);
}

/** Resolves once the interface language's texts are in: the app renders after it, so nobody sees another language first. */
export const i18nReady = i18n
  .use(initReactI18next)
  .init({ ...I18N_BASE, resources: { ru: { translation: ru } }, partialBundledLanguages: true, lng: 'ru' })
  .then(() => showLanguage(initialLanguage()));
// Every zod message (forms validated with the shared schemas) in the interface language.
setValidationMessages(validationMessage);
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18n;
