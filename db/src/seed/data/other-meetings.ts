/** The second Auezov meeting (a report on the first one's instructions). */
export const AUEZOV_FOLLOW_UP = {
  title: 'Вторая встреча с председателями КСК и ОСИ Ауэзовского района: отчёт о поручениях',
  day: 21,
  place: 'Акимат Ауэзовского района',
  agenda: 'Отчёт служб о выполнении поручений первой встречи.',
};

/** Districts with a meeting already held (Almaly's closed, with a decision) ten days ago. */
export const HELD_ELSEWHERE: ReadonlyArray<{ district: string; closed: boolean; proposal: { category: 'lighting' | 'traffic'; title: string } }> = [
  { district: 'bostandyk', closed: false, proposal: { category: 'lighting', title: 'Тёмные дворы: нужно освещение' } },
  { district: 'medeu', closed: false, proposal: { category: 'traffic', title: 'Пешеходный переход у школы без светофора' } },
  { district: 'almaly', closed: true, proposal: { category: 'lighting', title: 'Тёмные дворы: нужно освещение' } },
];
