export const DEMO_PASSWORD = 'demo12345';

/** The accounts the README and the start-up banner list. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.kz', role: 'admin', name: 'Администратор платформы', note: 'admin' },
  { email: 'coordinator@demo.kz', role: 'coordinator', name: 'Айгерим Садыкова', note: 'coordinator of all 8 districts' },
  { email: 'chair@demo.kz', role: 'chair', name: 'Венера Бактыбаева', note: 'chair of PKSK «Дәуір», Auezov' },
  { email: 'inspector@demo.kz', role: 'officer', name: 'Ерлан Жумабеков', note: 'officer, district_inspectors, Auezov' },
  { email: 'migration@demo.kz', role: 'officer', name: 'Даурен Касымов', note: 'officer, migration, Auezov' },
  { email: 'head@demo.kz', role: 'service_head', name: 'Марат Ибраев', note: 'service_head, district_inspectors, city-wide' },
  { email: 'resident@demo.kz', role: 'resident', name: 'Алия Нурланова', note: 'resident, Auezov' },
  { email: 'video@demo.kz', role: 'officer', name: 'Тимур Абенов', note: 'officer, video_surveillance, Auezov (cameras)' },
  { email: 'helpers@demo.kz', role: 'officer', name: 'Бауыржан Токтаров', note: 'officer, public_helpers, Auezov (helpers)' },
] as const;

/** Everyone else the demo needs: the other chairs and the Auezov officers of each service. */
export const DEMO_STAFF = [
  ...DEMO_ACCOUNTS,
  { email: 'chair.zhetysu2@demo.kz', role: 'chair', name: 'Гульнара Ахметова', note: '' },
  { email: 'chair.mamyr@demo.kz', role: 'chair', name: 'Серик Оспанов', note: '' },
  { email: 'narcotics@demo.kz', role: 'officer', name: 'Асель Каримова', note: '' },
  { email: 'juvenile@demo.kz', role: 'officer', name: 'Жанна Сейткали', note: '' },
  { email: 'patrol@demo.kz', role: 'officer', name: 'Нуржан Алиев', note: '' },
] as const;

export type DemoEmail = (typeof DEMO_STAFF)[number]['email'];

/** Where each account's role applies. `districts: 'all'` is every district of the city. */
export const DEMO_GRANTS: ReadonlyArray<{ email: DemoEmail; districts?: 'all'; district?: string; organization?: string; service?: string }> = [
  { email: 'coordinator@demo.kz', districts: 'all' },
  { email: 'chair@demo.kz', organization: 'ПКСК «Дәуір»', district: 'auezov' },
  { email: 'chair.zhetysu2@demo.kz', organization: 'ОСИ «Жетысу-2, дом 44»', district: 'auezov' },
  { email: 'chair.mamyr@demo.kz', organization: 'КСК «Мамыр»', district: 'auezov' },
  { email: 'inspector@demo.kz', service: 'district_inspectors', district: 'auezov' },
  { email: 'migration@demo.kz', service: 'migration', district: 'auezov' },
  { email: 'head@demo.kz', service: 'district_inspectors' },
  { email: 'video@demo.kz', service: 'video_surveillance', district: 'auezov' },
  { email: 'narcotics@demo.kz', service: 'counter_narcotics', district: 'auezov' },
  { email: 'juvenile@demo.kz', service: 'juvenile', district: 'auezov' },
  { email: 'helpers@demo.kz', service: 'public_helpers', district: 'auezov' },
  { email: 'patrol@demo.kz', service: 'patrol', district: 'auezov' },
];

export const DEMO_FOLLOWS: ReadonlyArray<{ email: DemoEmail; district: string }> = [{ email: 'resident@demo.kz', district: 'auezov' }];
