/**
 * The registries' demo data: Auezov's senior district inspectors, buildings and cameras (mostly the 2013–2017 cohort
 * the reference meeting spoke of, twelve replaced since), its public police helpers; the other districts smaller.
 * Numbers are generated from a fixed seed, so every demo is the same.
 */
export interface SeedInspector {
  district: string;
  name: string;
  rank: string;
  precinctAddress: string;
  receptionHours: string;
  phone: string;
  /** The officer's demo account, when the inspector has one. */
  email?: string;
}

export const INSPECTORS: SeedInspector[] = [
  {
    district: 'auezov',
    name: 'Ерлан Жумабеков',
    rank: 'майор полиции, старший участковый инспектор',
    precinctAddress: 'мкр. Аксай-4, 31, участковый пункт полиции № 7',
    receptionHours: 'Пн, Ср 18:00–20:00; Сб 10:00–13:00',
    phone: '+7 727 376 10 07',
    email: 'inspector@demo.kz',
  },
  {
    district: 'auezov',
    name: 'Нурлан Сапаров',
    rank: 'капитан полиции, старший участковый инспектор',
    precinctAddress: 'мкр. Жетысу-2, 51, участковый пункт полиции № 9',
    receptionHours: 'Вт, Чт 18:00–20:00; Сб 10:00–12:00',
    phone: '+7 727 376 10 09',
  },
  {
    district: 'auezov',
    name: 'Айдана Муратова',
    rank: 'капитан полиции, старший участковый инспектор',
    precinctAddress: 'мкр. Мамыр-4, 100А, участковый пункт полиции № 12',
    receptionHours: 'Пн, Пт 17:00–19:00',
    phone: '+7 727 376 10 12',
  },
  {
    district: 'auezov',
    name: 'Бекзат Оразов',
    rank: 'старший лейтенант полиции, участковый инспектор',
    precinctAddress: 'мкр. Таугуль, 21, участковый пункт полиции № 15',
    receptionHours: 'Ср 18:00–20:00; Сб 11:00–13:00',
    phone: '+7 727 376 10 15',
  },
];

/** One inspector in each other district. */
export const OTHER_DISTRICT_INSPECTORS = [
  { district: 'alatau', name: 'Руслан Ахметов' },
  { district: 'almaly', name: 'Данияр Сулейменов' },
  { district: 'bostandyk', name: 'Мадина Ержанова' },
  { district: 'zhetysu', name: 'Олжас Керимбаев' },
  { district: 'medeu', name: 'Айгуль Бекова' },
  { district: 'nauryzbay', name: 'Арман Тулегенов' },
  { district: 'turksib', name: 'Ильяс Нуркенов' },
];

/** Each Auezov organization's microdistrict: buildings are numbered houses there. */
export const AUEZOV_BUILDINGS: ReadonlyArray<{ organization: string; street: string; houses: number[]; lat: number; lng: number }> = [
  { organization: 'ПКСК «Дәуір»', street: 'мкр. Аксай-4', houses: [27, 29, 31, 33, 35, 37, 39, 41, 43], lat: 43.2355, lng: 76.8493 },
  { organization: 'ОСИ «Жетысу-2, дом 44»', street: 'мкр. Жетысу-2', houses: [44, 46, 48, 50, 52, 54, 56, 58], lat: 43.2291, lng: 76.8581 },
  { organization: 'КСК «Мамыр»', street: 'мкр. Мамыр-4', houses: [100, 101, 102, 103, 104, 105, 106, 107, 108], lat: 43.2118, lng: 76.8412 },
  { organization: 'ОСИ «Аксай-3А»', street: 'мкр. Аксай-3А', houses: [57, 59, 61, 63, 65, 67, 69], lat: 43.2321, lng: 76.8402 },
  { organization: 'КСК «Таугуль»', street: 'мкр. Таугуль', houses: [15, 17, 19, 21, 23, 25, 27], lat: 43.2185, lng: 76.8702 },
];

/** Cameras per Auezov building, and how many were replaced since the meeting (the cameras decision's 12 of 40). */
export const AUEZOV_CAMERAS_PER_BUILDING = 7;
export const AUEZOV_REPLACED_SINCE_MEETING = 12;
export const OTHER_BUILDINGS_PER_ORGANIZATION = 3;
export const OTHER_CAMERAS_PER_BUILDING = 4;
/** Share of buildings whose residents' chat has the area's inspector. */
export const AUEZOV_CHAT_SHARE = 0.65;
export const OTHER_CHAT_SHARE = 0.35;

/** Install years, weighted: most of the 2013–2017 cohort, a few older and newer ones. */
export const INSTALL_YEAR_WEIGHTS: ReadonlyArray<[number, number]> = [
  [2011, 1],
  [2012, 2],
  [2013, 5],
  [2014, 6],
  [2015, 7],
  [2016, 6],
  [2017, 5],
  [2018, 2],
  [2019, 2],
  [2020, 1],
  [2021, 1],
  [2022, 1],
  [2023, 1],
];

export const HELPER_NAMES = [
  'Асхат Бейсенов',
  'Гульмира Жакупова',
  'Дамир Ибрагимов',
  'Ерболат Касенов',
  'Жулдыз Омарова',
  'Кайрат Смагулов',
  'Лаура Абдрахманова',
  'Мирас Токтаров',
  'Назерке Султанова',
  'Олег Ким',
  'Перизат Нурмаганбетова',
  'Рустем Калиев',
  'Салтанат Есенова',
  'Тимур Жанабаев',
  'Улан Ахметжанов',
];

/** Auezov's helpers by status (names from the list above, in order), then two per other district. */
export const AUEZOV_HELPERS = { active: 9, candidate: 4, suspended: 1, left: 1 };
export const OTHER_DISTRICT_HELPERS = { active: 2, candidate: 1 };
/** Shifts per active helper in the last 30 days. */
export const SHIFTS_PER_ACTIVE_HELPER = 3;
export const PATROL_AREAS = ['дворы мкр. Аксай-4', 'дворы мкр. Жетысу-2', 'сквер у школы № 128', 'дворы мкр. Мамыр-4', 'парк у мкр. Таугуль'];
