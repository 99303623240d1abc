import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setValidationMessages } from '@dsd/shared/validation';
import { validationMessage } from '../lib/validation.ts';
import { I18N_OPTIONS } from './i18n-options.ts';

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

export function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({ ...I18N_OPTIONS, lng: initialLanguage() });
// Every zod message (forms validated with the shared schemas) in the interface language.
setValidationMessages(validationMessage);
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
