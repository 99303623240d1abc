import type { Category, TargetUnit } from '@dsd/shared/enums';
import type { RegistryMetric } from '@dsd/shared/registries';
import type { AssignmentStatus } from '@dsd/shared/status-machines';
import type { DemoEmail } from './accounts.ts';

/** Days are relative to the day the demo is seeded; hours are Almaty time. */
export const REFERENCE_MEETING = {
  district: 'auezov',
  title: 'Встреча начальника ДП г. Алматы с председателями КСК и ОСИ Ауэзовского района',
  day: -42,
  closedDay: -41,
  format: 'in_person' as const,
  place: 'Акимат Ауэзовского района, актовый зал',
  agenda:
    'Старт кампании встреч с председателями КСК и ОСИ по районам. Насущные проблемы района, работа участковых инспекторов, предложения по безопасности и профилактике правонарушений.',
  minutes:
    'Председатели КСК высоко оценили выход старших участковых инспекторов в соцсети и их подключение к общедомовым чатам. ' +
    'С учётом густонаселённости района и предложений граждан даны поручения о целевых отработках по линии миграционной полиции и усилении профилактики наркопреступлений среди молодёжи. ' +
    'Решено увеличить количество камер в жилом массиве (большинство установлено в 2013–2017 годах), активизировать пешее патрулирование во дворах, укрепить институт общественных помощников полиции.',
};

export interface SeedProposal {
  key: string;
  category: Category;
  title: string;
  body: string;
  author: DemoEmail;
  orgName: string;
  address: string;
  lat: number;
  lng: number;
  status: 'accepted' | 'under_review';
  answer?: string;
  confidential?: string;
  supports: number;
}

export const REFERENCE_PROPOSALS: SeedProposal[] = [
  {
    key: 'cameras',
    category: 'cameras',
    author: 'chair@demo.kz',
    orgName: 'ПКСК «Дәуір»',
    address: 'мкр. Аксай-4, 27',
    lat: 43.2355,
    lng: 76.8493,
    status: 'accepted',
    supports: 14,
    title: 'Заменить камеры 2013–2017 годов во дворах',
    body: 'Почти во всех благоустроенных домах стоят камеры, но большинство установлено в 2013–2017 годах: изображение не позволяет опознать лица и номера. Просим модернизировать и добавить камеры во дворах.',
    answer: 'Принято. Департамент полиции включил жилой массив в план модернизации видеонаблюдения.',
  },
  {
    key: 'patrol',
    category: 'foot_patrol',
    author: 'chair.zhetysu2@demo.kz',
    orgName: 'ОСИ «Жетысу-2, дом 44»',
    address: 'мкр. Жетысу-2, 44',
    lat: 43.2291,
    lng: 76.8581,
    status: 'accepted',
    supports: 9,
    title: 'Пешие патрули во дворах по вечерам',
    body: 'Вечером во дворах собираются компании, жильцы боятся выходить. Просим пешее патрулирование дворов с 20:00 до 24:00.',
    answer: 'Принято: участковые инспекторы и патрульная полиция организуют пешие обходы дворов.',
  },
  {
    key: 'helpers',
    category: 'police_helpers',
    author: 'chair@demo.kz',
    orgName: 'ПКСК «Дәуір»',
    address: 'мкр. Аксай-4, 27',
    lat: 43.2359,
    lng: 76.8488,
    status: 'accepted',
    supports: 6,
    title: 'Больше общественных помощников полиции',
    body: 'Жильцы готовы помогать полиции. Просим набрать и обучить общественных помощников в каждом микрорайоне.',
    answer: 'Принято. Набор общественных помощников открыт.',
  },
  {
    key: 'drugs',
    category: 'drugs',
    author: 'chair.mamyr@demo.kz',
    orgName: 'КСК «Мамыр»',
    address: 'мкр. Мамыр-4',
    lat: 43.2118,
    lng: 76.8412,
    status: 'accepted',
    supports: 21,
    title: 'Сбыт синтетических наркотиков среди молодёжи',
    body: 'На стенах домов появляются надписи-рекламы «закладок», подростки находят тайники у подъездов. Просим усилить профилактику.',
    answer: 'Принято. Даны поручения службе противодействия наркопреступности и ювенальной полиции.',
    confidential: 'Надписи и тайники замечены у подъездов 3 и 5 дома 102, чаще после 22:00. Контакт для связи — через председателя.',
  },
  {
    key: 'migration',
    category: 'migration',
    author: 'chair.zhetysu2@demo.kz',
    orgName: 'ОСИ «Жетысу-2, дом 44»',
    address: 'мкр. Жетысу-2',
    lat: 43.2286,
    lng: 76.8593,
    status: 'accepted',
    supports: 7,
    title: 'Незарегистрированные жильцы в съёмных квартирах',
    body: 'В ряде квартир постоянно меняются жильцы без регистрации. Просим провести проверки.',
    answer: 'Принято: поручены целевые отработки миграционной полиции.',
    confidential: 'Квартиры 12 и 48, подъезд 2: до 10 человек, меняются еженедельно.',
  },
  {
    key: 'lighting',
    category: 'lighting',
    author: 'chair@demo.kz',
    orgName: 'ПКСК «Дәуір»',
    address: 'мкр. Аксай-4, между домами 27 и 29',
    lat: 43.2361,
    lng: 76.8501,
    status: 'under_review',
    supports: 3,
    title: 'Осветить проход между домами 27 и 29',
    body: 'Проход к остановке не освещён, вечером там темно и небезопасно.',
  },
];

/** Who supports the reference proposals (each but their own author's). */
export const SUPPORTERS: DemoEmail[] = ['resident@demo.kz', 'chair.mamyr@demo.kz', 'chair.zhetysu2@demo.kz', 'chair@demo.kz'];

export interface SeedAssignment {
  service: string;
  status: AssignmentStatus;
  officer?: DemoEmail;
  progress?: number;
  contribution?: number;
  dueInDays?: number;
}

export interface SeedDecision {
  kind: 'decision' | 'instruction';
  category: Category;
  title: string;
  description: string;
  proposals: string[];
  /** value, unit and, for a target the registries measure, the metric. */
  target?: [number, TargetUnit, RegistryMetric?];
  dueInDays: number;
  assignments: SeedAssignment[];
}

export const REFERENCE_DECISIONS: SeedDecision[] = [
  {
    kind: 'decision',
    category: 'cameras',
    title: 'Увеличить количество камер в жилом массиве',
    description: 'Заменить камеры 2013–2017 годов установки и добавить новые во дворах жилого массива.',
    proposals: ['cameras'],
    target: [40, 'cameras', 'cameras_modernized'],
    dueInDays: 60,
    assignments: [{ service: 'video_surveillance', status: 'in_progress', officer: 'video@demo.kz', progress: 30, contribution: 12 }],
  },
  {
    kind: 'decision',
    category: 'foot_patrol',
    title: 'Активизировать пешее патрулирование во дворах',
    description: 'Вечерние пешие обходы дворов участковыми инспекторами и патрульной полицией.',
    proposals: ['patrol'],
    dueInDays: 30,
    assignments: [
      { service: 'district_inspectors', status: 'in_progress', officer: 'inspector@demo.kz', progress: 40 },
      { service: 'patrol', status: 'dispatched' },
    ],
  },
  {
    kind: 'decision',
    category: 'police_helpers',
    title: 'Укрепить институт общественных помощников полиции',
    description: 'Набрать и обучить общественных помощников полиции в микрорайонах.',
    proposals: ['helpers'],
    target: [25, 'helpers', 'helpers_active'],
    dueInDays: 90,
    assignments: [{ service: 'public_helpers', status: 'accepted', officer: 'helpers@demo.kz', progress: 0, contribution: 0 }],
  },
  {
    kind: 'instruction',
    category: 'migration',
    title: 'Провести целевые отработки по линии миграционной полиции',
    description: 'С учётом густонаселённости района провести целевые отработки жилого сектора.',
    proposals: ['migration'],
    dueInDays: 14,
    assignments: [{ service: 'migration', status: 'dispatched' }],
  },
  {
    kind: 'instruction',
    category: 'drugs',
    title: 'Усилить профилактику наркопреступлений среди молодёжи',
    description: 'Пресечь сбыт синтетических наркотиков среди молодёжи: рейды, удаление рекламы, работа в школах.',
    proposals: ['drugs'],
    dueInDays: -3,
    assignments: [
      { service: 'counter_narcotics', status: 'in_progress', officer: 'narcotics@demo.kz', progress: 55 },
      { service: 'juvenile', status: 'done', officer: 'juvenile@demo.kz', progress: 100, dueInDays: 20 },
    ],
  },
];

export const PROGRESS_NOTES: Record<string, string> = {
  video_surveillance: 'Заменены 12 камер во дворах мкр. Аксай-4 и Жетысу-2.',
  district_inspectors: 'Вечерние обходы дворов проводятся 4 раза в неделю, участковые подключены к чатам домов.',
  counter_narcotics: 'Удалено 37 надписей-реклам, проведено 6 рейдов.',
};
