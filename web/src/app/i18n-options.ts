import i18next, { type i18n, type InitOptions } from 'i18next';
import { I18N_BASE } from './i18n-base.ts';
import { en } from './locales/en.ts';
import { kk } from './locales/kk.ts';
import { ru } from './locales/ru.ts';

/** Every language at once, synchronously: the tests' translators (the browser loads only the language it shows). */
export const I18N_OPTIONS = {
  ...I18N_BASE,
  resources: { ru: { translation: ru }, kk: { translation: kk }, en: { translation: en } },
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
