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
  'assignment.reopened': { ru: () => 'Выполнение оспорено', kk: () => 'Орындау дауланды', en: () => 'Result disputed' },
  'assignment.confirmed': { ru: () => 'Выполнение подтверждено', kk: () => 'Орындау расталды', en: () => 'Result confirmed' },
  'assignment.cancelled': { ru: () => 'Поручение отменено', kk: () => 'Тапсырма жойылды', en: () => 'Assignment cancelled' },
  'assignment.officer_assigned': { ru: () => 'Вам назначено поручение', kk: () => 'Сізге тапсырма берілді', en: () => 'Assignment given to you' },
  'decision.created': { ru: () => 'Новое решение встречи', kk: () => 'Кездесудің жаңа шешімі', en: () => 'New meeting decision' },
  'proposal.created': { ru: () => 'Новое предложение', kk: () => 'Жаңа ұсыныс', en: () => 'New proposal' },
  'proposal.status': { ru: () => 'Статус предложения изменён', kk: () => 'Ұсыныс мәртебесі өзгерді', en: () => 'Proposal status changed' },
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
