import type { Locale } from '@dsd/shared/enums';

/**
 * The words of the server-rendered meeting report, in the terms of the web client's glossary
 * (web/src/app/locales/GLOSSARY.md). Names of districts, services and categories come from the database.
 */
export interface ReportTexts {
  title: string;
  when: string;
  place: string;
  format: string;
  status: string;
  agenda: string;
  minutes: string;
  attendees: string;
  proposals: string;
  supports: string;
  decisions: string;
  target: string;
  services: string;
  due: string;
  progress: string;
  overdue: string;
  carried: string;
  promisedAt: string;
  notRuled: string;
  newDue: string;
  doneSince: string;
  auditHead: string;
  auditSize: string;
  auditHash: string;
  auditSealed: string;
  generated: string;
  none: string;
  page: string;
  meetingStatus: Record<string, string>;
  proposalStatus: Record<string, string>;
  decisionStatus: Record<string, string>;
  carryStatus: Record<string, string>;
  kind: Record<string, string>;
  formats: Record<string, string>;
  units: Record<string, string>;
  organizationTypes: Record<string, string>;
}

const ru: ReportTexts = {
  title: 'Отчёт о встрече',
  when: 'Дата и время',
  place: 'Место',
  format: 'Формат',
  status: 'Статус',
  agenda: 'Повестка',
  minutes: 'Протокол',
  attendees: 'Участники по организациям',
  proposals: 'Рассмотренные предложения',
  supports: 'поддержали',
  decisions: 'Решения и поручения',
  target: 'Цель',
  services: 'Службы',
  due: 'Срок',
  progress: 'Выполнено',
  overdue: 'просрочено',
  carried: 'Что обещали на прошлых встречах и что из этого вышло',
  promisedAt: 'Обещано на встрече',
  notRuled: 'итог не отмечен',
  newDue: 'новый срок',
  doneSince: 'Выполнено с прошлой встречи',
  auditHead: 'Журнал аудита на момент отчёта',
  auditSize: 'Записей в цепочке',
  auditHash: 'Хеш последней записи',
  auditSealed: 'Запечатано',
  generated: 'Отчёт составлен',
  none: 'Нет',
  page: 'Стр.',
  meetingStatus: { planned: 'Запланирована', held: 'Проведена', closed: 'Закрыта', cancelled: 'Отменена' },
  proposalStatus: {
    submitted: 'Подано',
    under_review: 'На рассмотрении',
    accepted: 'Принято',
    rejected: 'Отклонено',
    merged: 'Объединено',
    withdrawn: 'Отозвано',
  },
  decisionStatus: { open: 'Не начато', in_progress: 'Выполняется', disputed: 'Оспорено', done: 'Выполнено', cancelled: 'Отменено' },
  carryStatus: { kept: 'Оставлено в силе', extended: 'Срок продлён', dropped: 'Снято с контроля' },
  kind: { decision: 'Решение', instruction: 'Поручение' },
  formats: { in_person: 'Очно', online: 'Онлайн', hybrid: 'Очно и онлайн' },
  units: {
    cameras: 'камеры',
    helpers: 'общественные помощники',
    patrols: 'обходы и патрули',
    raids: 'рейды и проверки',
    buildings: 'дома',
    events: 'мероприятия',
    lamps: 'фонари',
    chats: 'чаты домов',
    percent: '%',
    items: 'единицы',
  },
  organizationTypes: { KSK: 'КСК', OSI: 'ОСИ', PKSK: 'ПКСК' },
};

const kk: ReportTexts = {
  title: 'Кездесу есебі',
  when: 'Күні мен уақыты',
  place: 'Өтетін орны',
  format: 'Өткізу түрі',
  status: 'Мәртебесі',
  agenda: 'Күн тәртібі',
  minutes: 'Хаттама',
  attendees: 'Ұйымдар бойынша қатысушылар',
  proposals: 'Қаралған ұсыныстар',
  supports: 'қолдады',
  decisions: 'Шешімдер мен тапсырмалар',
  target: 'Мақсат',
  services: 'Қызметтер',
  due: 'Мерзімі',
  progress: 'Орындалды',
  overdue: 'мерзімі өткен',
  carried: 'Өткен кездесулерде не уәде етілді және оның нәтижесі',
  promisedAt: 'Уәде берілген кездесу',
  notRuled: 'қорытынды белгіленбеген',
  newDue: 'жаңа мерзімі',
  doneSince: 'Өткен кездесуден бері орындалғаны',
  auditHead: 'Есеп жасалған сәттегі аудит журналы',
  auditSize: 'Тізбектегі жазбалар саны',
  auditHash: 'Соңғы жазбаның хеші',
  auditSealed: 'Мөрленген уақыты',
  generated: 'Есеп жасалған уақыт',
  none: 'Жоқ',
  page: 'Бет',
  meetingStatus: { planned: 'Жоспарланды', held: 'Өткізілді', closed: 'Жабылды', cancelled: 'Өткізілмеді' },
  proposalStatus: {
    submitted: 'Берілді',
    under_review: 'Қарауға алынды',
    accepted: 'Қабылданды',
    rejected: 'Қабылданбады',
    merged: 'Біріктірілді',
    withdrawn: 'Кері қайтарылды',
  },
  decisionStatus: { open: 'Басталмады', in_progress: 'Орындалуда', disputed: 'Наразылық білдірілді', done: 'Орындалды', cancelled: 'Күші жойылды' },
  carryStatus: { kept: 'Күшінде қалды', extended: 'Мерзімі ұзартылды', dropped: 'Бақылаудан алынды' },
  kind: { decision: 'Шешім', instruction: 'Тапсырма' },
  formats: { in_person: 'Бетпе-бет', online: 'Онлайн', hybrid: 'Бетпе-бет және онлайн' },
  units: {
    cameras: 'камера',
    helpers: 'қоғамдық көмекші',
    patrols: 'аралау және патруль',
    raids: 'рейд және тексеру',
    buildings: 'үй',
    events: 'іс-шара',
    lamps: 'шам',
    chats: 'үй чаты',
    percent: '%',
    items: 'бірлік',
  },
  organizationTypes: { KSK: 'ПИК', OSI: 'МИБ', PKSK: 'ПИТК' },
};

const en: ReportTexts = {
  title: 'Meeting report',
  when: 'Date and time',
  place: 'Place',
  format: 'Format',
  status: 'Status',
  agenda: 'Agenda',
  minutes: 'Minutes',
  attendees: 'Attendees by organization',
  proposals: 'Proposals heard',
  supports: 'supported by',
  decisions: 'Decisions and instructions',
  target: 'Target',
  services: 'Services',
  due: 'Deadline',
  progress: 'Done',
  overdue: 'overdue',
  carried: 'What was promised at earlier meetings and what came of it',
  promisedAt: 'Promised at',
  notRuled: 'no outcome recorded',
  newDue: 'new deadline',
  doneSince: 'Done since the last meeting',
  auditHead: 'Audit log at the time of the report',
  auditSize: 'Entries in the chain',
  auditHash: 'Hash of the last entry',
  auditSealed: 'Sealed',
  generated: 'Report generated',
  none: 'None',
  page: 'Page',
  meetingStatus: { planned: 'Planned', held: 'Held', closed: 'Closed', cancelled: 'Cancelled' },
  proposalStatus: {
    submitted: 'Submitted',
    under_review: 'Under review',
    accepted: 'Accepted',
    rejected: 'Rejected',
    merged: 'Merged',
    withdrawn: 'Withdrawn',
  },
  decisionStatus: { open: 'Not started', in_progress: 'In progress', disputed: 'Disputed', done: 'Done', cancelled: 'Cancelled' },
  carryStatus: { kept: 'Kept', extended: 'Deadline extended', dropped: 'Dropped' },
  kind: { decision: 'Decision', instruction: 'Instruction' },
  formats: { in_person: 'In person', online: 'Online', hybrid: 'In person and online' },
  units: {
    cameras: 'cameras',
    helpers: 'public police helpers',
    patrols: 'patrols',
    raids: 'raids and checks',
    buildings: 'buildings',
    events: 'events',
    lamps: 'lamps',
    chats: 'building chats',
    percent: '%',
    items: 'items',
  },
  organizationTypes: { KSK: 'KSK', OSI: 'OSI', PKSK: 'PKSK' },
};

export const REPORT_TEXTS: Record<Locale, ReportTexts> = { ru, kk, en };
