import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { meetings, users } from '../schema/index.ts';

const DAY = 86_400_000;

/**
 * Promise carry-over in the demo: Auezov's second meeting, planned three weeks ahead. Its carried list is computed
 * from the records, so it shows every promise of the first meeting that is not done — the overdue drug-prevention
 * instruction among them — and the work finished since. Idempotent: a planned Auezov meeting after the first one
 * that already exists is kept as it is.
 */
export async function seedCarryOver(tx: Executor, now: Date): Promise<void> {
  const [first] = await tx
    .select({ startsAt: meetings.startsAt })
    .from(meetings)
    .where(and(eq(meetings.districtSlug, 'auezov'), eq(meetings.status, 'closed')))
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  if (!first) return;
  const [next] = await tx
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.districtSlug, 'auezov'), eq(meetings.status, 'planned'), gt(meetings.startsAt, first.startsAt)))
    .limit(1);
  if (next) return;
  const [coordinator] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'coordinator@demo.kz'));
  const startsAt = new Date(now.getTime() + 21 * DAY);
  startsAt.setUTCHours(10, 0, 0, 0); // 15:00 in Almaty
  await tx.insert(meetings).values({
    districtSlug: 'auezov',
    title: 'Вторая встреча с председателями КСК и ОСИ Ауэзовского района: отчёт о поручениях',
    startsAt,
    format: 'hybrid',
    place: 'Акимат Ауэзовского района',
    agenda: 'Отчёт служб о выполнении поручений первой встречи.',
    createdBy: coordinator?.id ?? null,
  });
}
