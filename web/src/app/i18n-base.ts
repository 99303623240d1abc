import type { InitOptions } from 'i18next';

/** What every i18next instance shares, whichever way it gets its texts (the browser loads them per language). */
export const I18N_BASE = {
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
  returnNull: false,
} satisfies InitOptions;
