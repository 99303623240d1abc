import { meetingMachine } from '@dsd/shared/status-machines';
import * as t from '../../schema/index.ts';
import { ALMATY_DISTRICTS } from '../reference-data.ts';
import { AUEZOV_FOLLOW_UP } from '../data/other-meetings.ts';
import { REFERENCE_MEETING } from '../data/reference-meeting.ts';
import { statusPath, versionAt, type SeedContext } from './context.ts';

/** The reference case: Auezov's first meeting, closed, every Auezov organization attending. */
export async function seedReferenceMeeting(ctx: SeedContext, coordinator: string): Promise<string> {
  const m = REFERENCE_MEETING;
  const [row] = await ctx.tx
    .insert(t.meetings)
    .values({
      districtSlug: m.district,
      title: m.title,
      startsAt: ctx.at(m.day),
      format: m.format,
      place: m.place,
      agenda: m.agenda,
      minutes: m.minutes,
      status: 'closed',
      version: versionAt(meetingMachine, 'planned', 'closed'),
      createdBy: coordinator,
    })
    .returning({ id: t.meetings.id });
  const meetingId = row!.id;
  await ctx.tx
    .insert(t.meetingAttendees)
    .values(ctx.orgs.filter((o) => o.districtSlug === m.district).map((o) => ({ meetingId, organizationId: o.id, registeredBy: coordinator })));
  const days = [m.day, m.closedDay];
  const hours = [13, 11];
  let from = 'planned';
  await ctx.tx.insert(t.updates).values(
    statusPath(meetingMachine, 'planned', 'closed').map((to, i) => {
      const entry = {
        kind: 'status' as const,
        meetingId,
        authorId: coordinator,
        fromStatus: from,
        toStatus: to,
        createdAt: ctx.at(days[i]!, hours[i]),
      };
      from = to;
      return entry;
    }),
  );
  return meetingId;
}

/** A planned meeting in every other district, and Auezov's follow-up meeting. */
export async function seedPlannedMeetings(ctx: SeedContext, coordinator: string): Promise<void> {
  const others = ALMATY_DISTRICTS.filter((d) => d.slug !== 'auezov');
  await ctx.tx.insert(t.meetings).values([
    ...others.map((d, i) => ({
      districtSlug: d.slug,
      title: `Встреча с председателями КСК и ОСИ: ${d.ru}`,
      startsAt: ctx.at(7 + i * 4, 15),
      format: i % 3 === 2 ? ('hybrid' as const) : ('in_person' as const),
      place: `Акимат района (${d.ru})`,
      agenda: 'Безопасность во дворах, камеры, профилактика.',
      createdBy: coordinator,
    })),
    {
      districtSlug: 'auezov',
      title: AUEZOV_FOLLOW_UP.title,
      startsAt: ctx.at(AUEZOV_FOLLOW_UP.day, 15),
      format: 'hybrid' as const,
      place: AUEZOV_FOLLOW_UP.place,
      agenda: AUEZOV_FOLLOW_UP.agenda,
      createdBy: coordinator,
    },
  ]);
}
