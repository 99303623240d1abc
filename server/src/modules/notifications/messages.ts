type Locale = 'ru' | 'kk' | 'en';
type Template = Record<Locale, (p: Record<string, string>) => string>;

/** Notification texts in the recipient's language. Titles are short; bodies name the thing. */
const TITLES: Record<string, Template> = {
  'assignment.dispatched': { ru: () => 'Новое поручение службе', kk: () => 'Қызметке жаңа тапсырма', en: () => 'New assignment for your service' },
  'assignment.reminder': { ru: () => 'Скоро срок поручения', kk: () => 'Тапсырма мерзімі жақын', en: () => 'Assignment due soon' },
  'assignment.escalation': { ru: () => 'Поручение просрочено', kk: () => 'Тапсырма мерзімі өтті', en: () => 'Assignment overdue' },
  'assignment.accepted': { ru: () => 'Поручение принято в работу', kk: () => 'Тапсырма жұмысқа қабылданды', en: () => 'Assignment accepted' },
  'assignment.in_progress': { ru: () => 'Работа по поручению идёт', kk: () => 'Тапсырма бойынша жұмыс жүріп жатыр', en: () => 'Work in progress' },
  'assignment.progress': { ru: () => 'Новости о выполнении', kk: () => 'Орындалу жаңалықтары', en: () => 'Progress update' },
  'assignment.blocked': { ru: () => 'Выполнение приостановлено', kk: () => 'Орындау тоқтатылды', en: () => 'Work blocked' },
  'assignment.done': {
    ru: () => 'Поручение выполнено — подтвердите',
    kk: () => 'Тапсырма орындалды — растаңыз',
    en: () => 'Work done — please confirm',
  },
  'assignment.reopened': { ru: () => 'Результат оспорен', kk: () => 'Нәтижемен келіспеді', en: () => 'Result disputed' },
  'assignment.confirmed': { ru: () => 'Выполнение подтверждено', kk: () => 'Орындау расталды', en: () => 'Result confirmed' },
  'assignment.cancelled': { ru: () => 'Поручение отменено', kk: () => 'Тапсырма жойылды', en: () => 'Assignment cancelled' },
  'assignment.officer_assigned': { ru: () => 'Вам назначено поручение', kk: () => 'Сізге тапсырма берілді', en: () => 'Assignment given to you' },
  'decision.created': { ru: () => 'Новое решение встречи', kk: () => 'Кездесудің жаңа шешімі', en: () => 'New meeting decision' },
  'proposal.created': { ru: () => 'Новое предложение', kk: () => 'Жаңа ұсыныс', en: () => 'New proposal' },
  'proposal.status': { ru: () => 'Решение по предложению', kk: () => 'Ұсыныс бойынша шешім', en: () => 'News on a proposal' },
  'proposal.hidden': { ru: () => 'Предложение скрыто модератором', kk: () => 'Ұсынысты модератор жасырды', en: () => 'Your proposal was hidden' },
  'proposal.unhidden': { ru: () => 'Предложение снова видно', kk: () => 'Ұсыныс қайта көрінеді', en: () => 'Your proposal is visible again' },
  'update.hidden': { ru: () => 'Ваша запись скрыта модератором', kk: () => 'Жазбаңызды модератор жасырды', en: () => 'Your note was hidden' },
  'update.unhidden': { ru: () => 'Ваша запись снова видна', kk: () => 'Жазбаңыз қайта көрінеді', en: () => 'Your note is visible again' },
  'meeting.planned': { ru: () => 'Запланирована встреча', kk: () => 'Кездесу жоспарланды', en: () => 'Meeting planned' },
  'meeting.held': { ru: () => 'Встреча состоялась', kk: () => 'Кездесу өтті', en: () => 'Meeting held' },
  'meeting.closed': { ru: () => 'Итоги встречи опубликованы', kk: () => 'Кездесу қорытындысы жарияланды', en: () => 'Meeting minutes published' },
  'account.register_attempt': {
    ru: () => 'С вашим адресом пытались зарегистрироваться: у вас уже есть аккаунт — войдите или смените пароль',
    kk: () => 'Сіздің поштаңызбен тіркелуге әрекет жасалды: сізде тіркелгі бар — кіріңіз немесе құпиясөзді өзгертіңіз',
    en: () => 'Someone tried to register with your email: you already have an account — sign in, or change your password',
  },
  'meeting.cancelled': { ru: () => 'Встреча отменена', kk: () => 'Кездесу болдырылмады', en: () => 'Meeting cancelled' },
};

export function notificationTitle(event: string, locale: Locale): string {
  return TITLES[event]?.[locale]({}) ?? TITLES[event]?.ru({}) ?? event;
}
export const KNOWN_EVENTS = Object.keys(TITLES);

type Localized = Record<Locale, string>;
const each = (f: (l: Locale) => string): Localized => ({ ru: f('ru'), kk: f('kk'), en: f('en') });

/** What a service did, in a sentence that names it: the notification says what changed, not only that something did. */
const SERVICE_CHANGES: Record<string, Record<Locale, (service: string, progress: number) => string>> = {
  'assignment.accepted': { ru: (s) => `${s}: задача принята в работу`, kk: (s) => `${s}: міндет жұмысқа алынды`, en: (s) => `${s} took the task on` },
  'assignment.in_progress': { ru: (s) => `${s}: работа началась`, kk: (s) => `${s}: жұмыс басталды`, en: (s) => `${s} started the work` },
  'assignment.progress': {
    ru: (s, p) => `${s}: выполнено на ${p}%`,
    kk: (s, p) => `${s}: ${p}% орындалды`,
    en: (s, p) => `${s} reported ${p}% done`,
  },
  'assignment.blocked': {
    ru: (s) => `${s}: работа приостановлена`,
    kk: (s) => `${s}: жұмыс тоқтатыла тұрды`,
    en: (s) => `${s} put the work on hold`,
  },
  'assignment.done': {
    ru: (s) => `${s}: сообщает о выполнении`,
    kk: (s) => `${s}: орындалғаны туралы хабарлады`,
    en: (s) => `${s} reports the work done`,
  },
  'assignment.reopened': {
    ru: (s) => `Председатель оспорил результат, ${s}: работа возобновлена`,
    kk: (s) => `Төраға нәтижемен келіспеді, ${s}: жұмыс қайта басталды`,
    en: (s) => `A chair disputed the result; ${s} reopened the work`,
  },
  'assignment.confirmed': {
    ru: (s) => `Председатель подтвердил выполнение (${s})`,
    kk: (s) => `Төраға орындалуын растады (${s})`,
    en: (s) => `A chair confirmed the work of ${s}`,
  },
  'assignment.cancelled': {
    ru: (s) => `${s}: задача отменена`,
    kk: (s) => `${s}: міндеттің күші жойылды`,
    en: (s) => `${s}: the task was cancelled`,
  },
};

export function serviceChange(event: string, service: Localized, progress: number): Localized | null {
  const template = SERVICE_CHANGES[event];
  return template ? each((l) => template[l](service[l], progress)) : null;
}

const PROPOSAL_STATUS: Record<string, Localized> = {
  submitted: { ru: 'Предложение подано', kk: 'Ұсыныс берілді', en: 'Proposal submitted' },
  under_review: { ru: 'Предложение взято на рассмотрение', kk: 'Ұсыныс қарауға алынды', en: 'Proposal taken under review' },
  accepted: { ru: 'Предложение принято', kk: 'Ұсыныс қабылданды', en: 'Proposal accepted' },
  rejected: { ru: 'Предложение отклонено', kk: 'Ұсыныс қабылданбады', en: 'Proposal rejected' },
  merged: { ru: 'Предложение объединено с похожим', kk: 'Ұсыныс ұқсасымен біріктірілді', en: 'Proposal merged with a similar one' },
  withdrawn: { ru: 'Предложение отозвано автором', kk: 'Ұсынысты авторы кері қайтарды', en: 'Proposal withdrawn by its author' },
};
export const proposalChange = (status: string): Localized | null => PROPOSAL_STATUS[status] ?? null;

const RU_NEW_DECISIONS: Record<string, string> = { one: 'новое решение', few: 'новых решения', many: 'новых решений', other: 'нового решения' };
const ruPlural = new Intl.PluralRules('ru');
export const NEW_DECISIONS_TITLE: Localized = { ru: 'Новые решения встречи', kk: 'Кездесудің жаңа шешімдері', en: 'New meeting decisions' };
/** "3 новых решения встречи": what a district's follower hears when a meeting's decisions come together. */
export const newDecisionsChange = (n: number): Localized => ({
  ru: `${n} ${RU_NEW_DECISIONS[ruPlural.select(n)]} встречи`,
  kk: `Кездесудің ${n} жаңа шешімі`,
  en: `${n} new decisions of the meeting`,
});

const ROLE_WORDS: Record<string, Localized> = {
  coordinator: { ru: 'координатор', kk: 'үйлестіруші', en: 'coordinator' },
  admin: { ru: 'администратор', kk: 'әкімші', en: 'administrator' },
  service_head: { ru: 'руководитель службы', kk: 'қызмет басшысы', en: 'service head' },
  officer: { ru: 'сотрудник', kk: 'қызметкер', en: 'officer' },
  chair: { ru: 'председатель', kk: 'төраға', en: 'chair' },
  resident: { ru: 'житель', kk: 'тұрғын', en: 'resident' },
};
/** "Айгерим Садыкова, координатор": a person's name with what they are here. */
export const personActor = (name: string, role: string): Localized => each((l) => (ROLE_WORDS[role] ? `${name}, ${ROLE_WORDS[role][l]}` : name));
export const sameInEvery = (text: string): Localized => each(() => text);
