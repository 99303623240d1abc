import i18next, { type i18n, type InitOptions } from 'i18next';
import { en } from './locales/en.ts';
import { kk } from './locales/kk.ts';
import { ru } from './locales/ru.ts';

/** The one i18next configuration: the browser's instance and the tests' translators are built from it. */
export const I18N_OPTIONS = {
  resources: { ru: { translation: ru }, kk: { translation: kk }, en: { translation: en } },
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
  returnNull: false,
} satisfies InitOptions;

/** A separate, synchronously initialised instance (tests, and anything outside React). */
export function createTranslator(lng: string, overrides: InitOptions = {}): i18n {
  const instance = i18next.createInstance();
  void instance.init({ ...I18N_OPTIONS, ...overrides, lng, initAsync: false });
  return instance;
}

/** Initialises i18next's default instance (the one `i18next.t` answers from) outside the browser, e.g. in tests. */
export function initDefaultTranslator(lng: string): i18n {
  void i18next.init({ ...I18N_OPTIONS, lng, initAsync: false });
  return i18next;
}
