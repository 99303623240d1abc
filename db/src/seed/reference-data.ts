import type { Category } from '@dsd/shared/enums';

type Names = { ru: string; kk: string; en: string };

export const ALMATY_DISTRICTS: ReadonlyArray<{ slug: string } & Names> = [
  { slug: 'alatau', ru: 'Алатауский район', kk: 'Алатау ауданы', en: 'Alatau district' },
  { slug: 'almaly', ru: 'Алмалинский район', kk: 'Алмалы ауданы', en: 'Almaly district' },
  { slug: 'auezov', ru: 'Ауэзовский район', kk: 'Әуезов ауданы', en: 'Auezov district' },
  { slug: 'bostandyk', ru: 'Бостандыкский район', kk: 'Бостандық ауданы', en: 'Bostandyk district' },
  { slug: 'zhetysu', ru: 'Жетысуский район', kk: 'Жетісу ауданы', en: 'Zhetysu district' },
  { slug: 'medeu', ru: 'Медеуский район', kk: 'Медеу ауданы', en: 'Medeu district' },
  { slug: 'nauryzbay', ru: 'Наурызбайский район', kk: 'Наурызбай ауданы', en: 'Nauryzbay district' },
  { slug: 'turksib', ru: 'Турксибский район', kk: 'Түрксіб ауданы', en: 'Turksib district' },
];

export const SERVICES: ReadonlyArray<{ code: string } & Names> = [
  { code: 'district_inspectors', ru: 'Участковые инспекторы полиции', kk: 'Учаскелік полиция инспекторлары', en: 'District police inspectors' },
  { code: 'patrol', ru: 'Патрульная полиция', kk: 'Патрульдік полиция', en: 'Patrol police' },
  { code: 'migration', ru: 'Миграционная полиция', kk: 'Көші-қон полициясы', en: 'Migration police' },
  { code: 'counter_narcotics', ru: 'Противодействие наркопреступности', kk: 'Есірткі қылмысына қарсы іс-қимыл', en: 'Counter-narcotics' },
  { code: 'juvenile', ru: 'Ювенальная полиция', kk: 'Ювеналдық полиция', en: 'Juvenile police' },
  { code: 'video_surveillance', ru: 'Видеонаблюдение', kk: 'Бейнебақылау', en: 'Video surveillance' },
  { code: 'public_helpers', ru: 'Общественные помощники полиции', kk: 'Полицияның қоғамдық көмекшілері', en: 'Public police helpers' },
];

export const CATEGORY_ROUTING: ReadonlyArray<{ code: Category; service: string; sensitive?: boolean } & Names> = [
  { code: 'cameras', service: 'video_surveillance', ru: 'Камеры', kk: 'Камералар', en: 'Cameras' },
  { code: 'foot_patrol', service: 'patrol', ru: 'Пешее патрулирование', kk: 'Жаяу патрульдеу', en: 'Foot patrols' },
  { code: 'police_helpers', service: 'public_helpers', ru: 'Общественные помощники', kk: 'Қоғамдық көмекшілер', en: 'Police helpers' },
  { code: 'drugs', service: 'counter_narcotics', sensitive: true, ru: 'Наркотики', kk: 'Есірткі', en: 'Drugs' },
  { code: 'migration', service: 'migration', sensitive: true, ru: 'Миграция', kk: 'Көші-қон', en: 'Migration' },
  { code: 'lighting', service: 'district_inspectors', ru: 'Освещение', kk: 'Жарықтандыру', en: 'Lighting' },
  { code: 'youth', service: 'juvenile', ru: 'Молодёжь', kk: 'Жастар', en: 'Youth' },
  { code: 'traffic', service: 'patrol', ru: 'Дорожное движение', kk: 'Жол қозғалысы', en: 'Traffic' },
  { code: 'other', service: 'district_inspectors', ru: 'Другое', kk: 'Басқа', en: 'Other' },
];

/** In Auezov the courtyard foot patrols are walked by the district inspectors, not the patrol police. */
export const ROUTE_OVERRIDES = [{ districtSlug: 'auezov', category: 'foot_patrol' as Category, service: 'district_inspectors' }];
