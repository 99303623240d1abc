import { and, asc, eq, gte } from 'drizzle-orm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { districts, meetings } from '@dsd/db/schema/index';
import type { Database } from '@dsd/db/client';
import type { Locale } from '@dsd/shared/enums';
import { NotFound } from '../../lib/errors.ts';

/** A meeting has a start only; calendars need an end. Two hours is what the campaign's meetings take. */
const MEETING_LENGTH_MS = 2 * 3_600_000;
/** Feeds carry the last year and everything ahead: enough for a calendar, bounded for the query. */
const PAST_WINDOW_MS = 366 * 86_400_000;
const MAX_EVENTS = 2000;
/** In every UID: the same whichever address the feed was fetched from, so calendars never see duplicates. */
const UID_DOMAIN = 'district-safety-dialogue';

const NAMES: Record<Locale, { city: string; district: (name: string) => string; format: Record<string, string>; agenda: string }> = {
  ru: {
    city: 'Встречи полиции с председателями КСК и ОСИ',
    district: (name) => `Встречи полиции: ${name}`,
    format: { in_person: 'Очно', online: 'Онлайн', hybrid: 'Очно и онлайн' },
    agenda: 'Повестка',
  },
  kk: {
    city: 'Полицияның ПИК және ПИТК төрағаларымен кездесулері',
    district: (name) => `Полиция кездесулері: ${name}`,
    format: { in_person: 'Бетпе-бет', online: 'Онлайн', hybrid: 'Бетпе-бет және онлайн' },
    agenda: 'Күн тәртібі',
  },
  en: {
    city: 'Police meetings with housing association chairs',
    district: (name) => `Police meetings: ${name}`,
    format: { in_person: 'In person', online: 'Online', hybrid: 'In person and online' },
    agenda: 'Agenda',
  },
};

export type PublicMeeting = Pick<
  typeof meetings.$inferSelect,
  'id' | 'districtSlug' | 'title' | 'startsAt' | 'format' | 'place' | 'agenda' | 'status' | 'updatedAt' | 'createdAt'
>;

/** Meetings are public records; this reads a district's (or the city's) by the (district, starts_at) index. */
export async function meetingsForFeed(db: Database, filter: { district?: string; id?: string }): Promise<PublicMeeting[]> {
  const { district, id } = filter;
  return db
    .select({
      id: meetings.id,
      districtSlug: meetings.districtSlug,
      title: meetings.title,
      startsAt: meetings.startsAt,
      format: meetings.format,
      place: meetings.place,
      agenda: meetings.agenda,
      status: meetings.status,
      createdAt: meetings.createdAt,
      updatedAt: meetings.updatedAt,
    })
    .from(meetings)
    .where(
      id
        ? eq(meetings.id, id)
        : and(district ? eq(meetings.districtSlug, district) : undefined, gte(meetings.startsAt, new Date(Date.now() - PAST_WINDOW_MS))),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(MAX_EVENTS);
}

export async function districtRow(db: Database, slug: string) {
  const [row] = await db.select().from(districts).where(eq(districts.slug, slug));
  if (!row) throw new NotFound('District');
  return row;
}

/**
 * RFC 5545 calendar: one VEVENT per meeting, UID from the meeting's id (stable across fetches, so calendars update
 * the event instead of duplicating it), times in UTC, STATUS:CANCELLED for a cancelled meeting.
 */
export function meetingCalendar(items: PublicMeeting[], opts: { name: string; locale: Locale; baseUrl: string }): string {
  const words = NAMES[opts.locale];
  const calendar = ical({
    name: opts.name,
    prodId: { company: UID_DOMAIN, product: 'district-safety-dialogue', language: opts.locale.toUpperCase() },
  });
  calendar.method(ICalCalendarMethod.PUBLISH);
  calendar.ttl(3600);
  for (const m of items) {
    calendar.createEvent({
      id: `meeting-${m.id}@${UID_DOMAIN}`,
      start: m.startsAt,
      end: new Date(m.startsAt.getTime() + MEETING_LENGTH_MS),
      stamp: m.updatedAt,
      created: m.createdAt,
      lastModified: m.updatedAt,
      summary: m.title,
      location: m.place,
      description: [words.format[m.format], m.agenda ? `${words.agenda}:\n${m.agenda}` : null].filter(Boolean).join('\n\n'),
      url: `${opts.baseUrl}/meetings/${m.id}`,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

export const calendarNames = NAMES;
