import type { Locale } from '@dsd/shared/enums';

/** A reference row's name (district, service, category) in one language. */
export const nameIn = (row: { nameRu: string; nameKk: string; nameEn: string }, locale: Locale) =>
  locale === 'kk' ? row.nameKk : locale === 'en' ? row.nameEn : row.nameRu;
