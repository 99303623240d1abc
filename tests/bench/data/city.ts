import type { Category } from '@dsd/shared/enums';

/**
 * What the generated city looks like: how the records spread over districts, categories and statuses, and the texts
 * they are made of. Sizes scale with the number of proposals; the shares stay the same at 10k and at 1M.
 */

/** Share of every record kind per district: Auezov, the most populous district, is the largest. */
export const DISTRICT_WEIGHTS: ReadonlyArray<{ slug: string; weight: number; lat: number; lng: number; micro: readonly string[] }> = [
  { slug: 'auezov', weight: 0.22, lat: 43.225, lng: 76.85, micro: ['Аксай-4', 'Жетысу-2', 'Мамыр-4', 'Аксай-3А', 'Таугуль', 'Сайран', 'Жетысу-3'] },
  { slug: 'bostandyk', weight: 0.16, lat: 43.205, lng: 76.91, micro: ['Орбита-1', 'Коктем-2', 'Казахфильм', 'Алмагуль', 'Баганашыл'] },
  { slug: 'alatau', weight: 0.15, lat: 43.27, lng: 76.8, micro: ['Шанырак-2', 'Саялы', 'Айгерим-1', 'Курылысшы', 'Карасу'] },
  { slug: 'turksib', weight: 0.11, lat: 43.34, lng: 76.95, micro: ['Жулдыз-1', 'Кайрат', 'Маяк', 'Айнабулак-3', 'Жас Канат'] },
  { slug: 'almaly', weight: 0.1, lat: 43.25, lng: 76.91, micro: ['Толе би', 'Жамбыла', 'Абая', 'Айтеке би', 'Казыбек би'] },
  { slug: 'zhetysu', weight: 0.09, lat: 43.285, lng: 76.93, micro: ['Кулагер', 'Бекмаханова', 'Айнабулак-1', 'Кокжиек', 'Дорожник'] },
  { slug: 'nauryzbay', weight: 0.09, lat: 43.19, lng: 76.8, micro: ['Калкаман', 'Шугыла', 'Таусамалы', 'Акжар', 'Кокузек'] },
  { slug: 'medeu', weight: 0.08, lat: 43.235, lng: 76.97, micro: ['Самал-2', 'Зенкова', 'Горный Гигант', 'Медеу', 'Думан'] },
];

/** Splits `total` over the districts by weight, exactly (largest remainder), with at least `min` each. */
export function spread(total: number, min = 0): number[] {
  const raw = DISTRICT_WEIGHTS.map((d) => Math.max(min, total * d.weight));
  const counts = raw.map(Math.floor);
  let left = Math.max(0, total - counts.reduce((a, b) => a + b, 0));
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) counts[order[j]![1]]!++;
  return counts;
}

export const SERVICE_CODES = [
  'district_inspectors',
  'patrol',
  'migration',
  'counter_narcotics',
  'juvenile',
  'video_surveillance',
  'public_helpers',
] as const;

/** Proposal categories, with how often residents raise each (percent) and the service a decision on it starts with. */
export const CATEGORY_MIX: ReadonlyArray<{ code: Category; percent: number; service: (typeof SERVICE_CODES)[number] }> = [
  { code: 'cameras', percent: 20, service: 'video_surveillance' },
  { code: 'foot_patrol', percent: 16, service: 'district_inspectors' },
  { code: 'lighting', percent: 14, service: 'district_inspectors' },
  { code: 'drugs', percent: 12, service: 'counter_narcotics' },
  { code: 'migration', percent: 9, service: 'migration' },
  { code: 'police_helpers', percent: 8, service: 'public_helpers' },
  { code: 'youth', percent: 8, service: 'juvenile' },
  { code: 'traffic', percent: 8, service: 'patrol' },
  { code: 'other', percent: 5, service: 'district_inspectors' },
];

/** Proposal statuses by position in each block of 100 proposals of a district (so accepted ones can be found by arithmetic). */
export const PROPOSAL_STATUS_BLOCKS = [
  { status: 'submitted', from: 0, to: 25 },
  { status: 'under_review', from: 25, to: 45 },
  { status: 'accepted', from: 45, to: 80 },
  { status: 'rejected', from: 80, to: 90 },
  { status: 'merged', from: 90, to: 93 },
  { status: 'withdrawn', from: 93, to: 100 },
] as const;
export const ACCEPTED_BLOCK = { from: 45, size: 35 };

/** Meeting statuses by position in each block of 20 meetings of a district: decisions go to closed and held ones. */
export const MEETING_STATUS_BLOCKS = [
  { status: 'closed', from: 0, to: 12 },
  { status: 'held', from: 12, to: 15 },
  { status: 'planned', from: 15, to: 19 },
  { status: 'cancelled', from: 19, to: 20 },
] as const;
export const DECIDED_MEETINGS_PER_BLOCK = 15;

/** The path each status took from the first one: one timeline entry per step. */
export const MEETING_PATHS: Record<string, ReadonlyArray<readonly [string | null, string]>> = {
  held: [['planned', 'held']],
  closed: [
    ['planned', 'held'],
    ['held', 'closed'],
  ],
  cancelled: [['planned', 'cancelled']],
};

/**
 * A proposal's status changes after its submission (the submission itself is the proposal's created_at): the
 * platform writes one more entry at submission, left out here to keep the 1M load within its time.
 */
export const PROPOSAL_PATHS: Record<string, ReadonlyArray<readonly [string | null, string]>> = {
  submitted: [],
  under_review: [['submitted', 'under_review']],
  accepted: [
    ['submitted', 'under_review'],
    ['under_review', 'accepted'],
  ],
  rejected: [
    ['submitted', 'under_review'],
    ['under_review', 'rejected'],
  ],
  merged: [
    ['submitted', 'under_review'],
    ['under_review', 'merged'],
  ],
  withdrawn: [['submitted', 'withdrawn']],
};

export const ASSIGNMENT_PATHS: Record<string, ReadonlyArray<readonly [string | null, string]>> = {
  queued: [[null, 'queued']],
  dispatched: [
    [null, 'queued'],
    ['queued', 'dispatched'],
  ],
  accepted: [
    [null, 'queued'],
    ['queued', 'dispatched'],
    ['dispatched', 'accepted'],
  ],
  in_progress: [
    [null, 'queued'],
    ['queued', 'dispatched'],
    ['dispatched', 'accepted'],
    ['accepted', 'in_progress'],
  ],
  blocked: [
    [null, 'queued'],
    ['queued', 'dispatched'],
    ['dispatched', 'accepted'],
    ['accepted', 'in_progress'],
    ['in_progress', 'blocked'],
  ],
  done: [
    [null, 'queued'],
    ['queued', 'dispatched'],
    ['dispatched', 'accepted'],
    ['accepted', 'in_progress'],
    ['in_progress', 'done'],
  ],
  reopened: [
    [null, 'queued'],
    ['queued', 'dispatched'],
    ['dispatched', 'accepted'],
    ['accepted', 'in_progress'],
    ['in_progress', 'done'],
    ['done', 'reopened'],
  ],
  cancelled: [
    [null, 'queued'],
    ['queued', 'dispatched'],
    ['dispatched', 'cancelled'],
  ],
};

/**
 * Assignment statuses (percent) for work whose due date has passed and for work still running: old work is mostly
 * done, and what is still open past its date is overdue.
 */
export const ASSIGNMENT_MIX = {
  pastDue: { done: 68, cancelled: 10, in_progress: 8, blocked: 3, reopened: 4, accepted: 4, dispatched: 2, queued: 1 },
  running: { queued: 1, dispatched: 15, accepted: 20, in_progress: 45, blocked: 5, done: 10, reopened: 2, cancelled: 2 },
} as const;

export const PROPOSAL_TITLES: Record<Category, readonly string[]> = {
  cameras: [
    'Заменить устаревшие камеры во дворе',
    'Камера на въезде во двор не работает',
    'Нужны камеры у детской площадки',
    'Добавить камеры у подъездов',
  ],
  foot_patrol: [
    'Пешие патрули во дворах по вечерам',
    'Компании во дворе после 22:00',
    'Нужен обход дворов участковым',
    'Патрули у школы после уроков',
  ],
  lighting: ['Тёмный проход между домами', 'Не горят фонари во дворе', 'Осветить дорогу к остановке', 'Нет света у гаражей'],
  drugs: [
    'Надписи-реклама закладок на стенах',
    'Подозрительные тайники у подъезда',
    'Подростки и синтетические наркотики',
    'Закладки в кустах у школы',
  ],
  migration: [
    'Незарегистрированные жильцы в съёмных квартирах',
    'Постоянно меняются жильцы квартиры',
    'Общежитие без регистрации',
    'Проверка съёмного жилья',
  ],
  police_helpers: [
    'Больше общественных помощников полиции',
    'Жильцы готовы дежурить с полицией',
    'Обучить общественных помощников',
    'Помощники полиции на праздники',
  ],
  youth: ['Подростки на крышах домов', 'Драки подростков у торгового центра', 'Секции для подростков вместо двора', 'Подростки курят в подъезде'],
  traffic: ['Пешеходный переход у школы без светофора', 'Гонки по двору ночью', 'Машины паркуются на тротуаре', 'Лежачий полицейский у садика'],
  other: ['Шум по ночам из кафе', 'Брошенный автомобиль во дворе', 'Собаки без намордника у школы', 'Мусор и бездомные в подвале'],
};

export const PROPOSAL_BODIES: readonly string[] = [
  'Жильцы просят рассмотреть вопрос на ближайшей встрече и сообщить о принятых мерах.',
  'Проблема повторяется несколько месяцев, обращения в чат дома не помогли. Просим помочь.',
  'Председатель собрал подписи жильцов трёх подъездов. Готовы встретиться с участковым.',
  'Особенно остро вечером и в выходные. Дети и пожилые боятся выходить во двор.',
  'Просим включить двор в план работы и сообщить сроки.',
];

export const DECISION_TITLES: Record<Category, string> = {
  cameras: 'Модернизировать видеонаблюдение во дворах',
  foot_patrol: 'Организовать вечерние пешие обходы дворов',
  lighting: 'Обследовать неосвещённые дворы совместно с акиматом',
  drugs: 'Усилить профилактику наркопреступлений среди молодёжи',
  migration: 'Провести целевые отработки по линии миграционной полиции',
  police_helpers: 'Укрепить институт общественных помощников полиции',
  youth: 'Провести профилактические беседы с подростками',
  traffic: 'Обеспечить безопасность движения у школ',
  other: 'Отработать обращения жителей с участковым инспектором',
};

export const PROGRESS_NOTES: readonly string[] = [
  'Работа ведётся по графику.',
  'Проведены обходы, жильцы проинформированы.',
  'Подготовлены материалы, ждём согласования с акиматом.',
  'Выполнена часть работ, остальное запланировано на следующую неделю.',
];

export const FIRST_NAMES: readonly string[] = [
  'Айгерим',
  'Ерлан',
  'Алия',
  'Даурен',
  'Асель',
  'Марат',
  'Жанна',
  'Нуржан',
  'Гульнара',
  'Серик',
  'Динара',
  'Тимур',
  'Камила',
  'Бауыржан',
  'Сауле',
  'Руслан',
  'Мадина',
  'Ержан',
  'Аружан',
  'Олжас',
];
export const LAST_NAMES: readonly string[] = [
  'Садыкова',
  'Жумабеков',
  'Нурланова',
  'Касымов',
  'Каримова',
  'Ибраев',
  'Сейткали',
  'Алиев',
  'Ахметова',
  'Оспанов',
  'Абенов',
  'Токтаров',
  'Бекова',
  'Иманов',
  'Смагулова',
  'Кенжебаев',
  'Омарова',
  'Мусин',
  'Ли',
  'Ким',
];
