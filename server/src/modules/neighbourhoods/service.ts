import { asc } from 'drizzle-orm';
import type postgres from 'postgres';
import { districts } from '@dsd/db/schema/index';
import type { Database } from '@dsd/db/client';
import type { Locale } from '@dsd/shared/enums';
import { DISTRICT_CENTRES } from '@dsd/shared/neighbourhoods';
import { nameIn } from '../../lib/localized.ts';
import { isoText } from '../../lib/sql-text.ts';
import { districtRow, meetingsForFeed } from '../calendar/service.ts';
import { neighbourhoodTeam } from './people.ts';

const WORDS: Record<
  Locale,
  { description: (name: string) => string; page: string; calendar: string; csv: string; progress: (p: number) => string; meeting: string }
> = {
  ru: {
    description: (name) => `${name}: встречи полиции с председателями КСК и ОСИ, решения и их выполнение.`,
    page: 'Страница района',
    calendar: 'Календарь встреч (iCal)',
    csv: 'Решения и поручения (CSV)',
    progress: (p) => `Выполнено на ${p}%`,
    meeting: 'Встреча с председателями КСК и ОСИ',
  },
  kk: {
    description: (name) => `${name}: полицияның ПИК және ПИТК төрағаларымен кездесулері, шешімдер және олардың орындалуы.`,
    page: 'Аудан беті',
    calendar: 'Кездесулер күнтізбесі (iCal)',
    csv: 'Шешімдер мен тапсырмалар (CSV)',
    progress: (p) => `${p}% орындалды`,
    meeting: 'ПИК және ПИТК төрағаларымен кездесу',
  },
  en: {
    description: (name) => `${name}: police meetings with housing association chairs, their decisions and how far each has come.`,
    page: 'District page',
    calendar: 'Meetings calendar (iCal)',
    csv: 'Decisions and instructions (CSV)',
    progress: (p) => `${p}% done`,
    meeting: 'Meeting with housing association chairs',
  },
};

/** police.uk's neighbourhood API over our records: districts as neighbourhoods, with its field names. */
export function createNeighbourhoodService(deps: { db: Database; sql: postgres.Sql }) {
  const { db, sql } = deps;
  return {
    async list(locale: Locale) {
      const rows = await db.select().from(districts).orderBy(asc(districts.sortOrder));
      return rows.map((d) => ({ id: d.slug, name: nameIn(d, locale) }));
    },

    async detail(slug: string, locale: Locale, baseUrl: string) {
      const d = await districtRow(db, slug);
      const name = nameIn(d, locale);
      const centre = DISTRICT_CENTRES[slug];
      const words = WORDS[locale];
      return {
        id: d.slug,
        name,
        description: words.description(name),
        url_force: `${baseUrl}/districts/${slug}`,
        contact_details: {},
        centre: { latitude: centre ? String(centre.latitude) : '', longitude: centre ? String(centre.longitude) : '' },
        links: [
          { url: `${baseUrl}/districts/${slug}`, title: words.page, description: null },
          { url: `${baseUrl}/api/v1/calendar/${slug}.ics?lang=${locale}`, title: words.calendar, description: null },
          { url: `${baseUrl}/api/v1/exports/decisions.csv?district=${slug}`, title: words.csv, description: null },
        ],
        locations: [],
        welcome_message: null,
      };
    },

    /**
     * A priority per decision of the district, newest first: the problem as the meeting put it, and what was done —
     * the latest public report on it (or its progress), dated. Hidden and internal entries never show.
     */
    async priorities(slug: string, locale: Locale) {
      await districtRow(db, slug);
      const rows = await sql<
        Array<{ title: string; description: string | null; issued: string; progress: number; note: string | null; noted: string | null }>
      >`
        select d.title, d.description, ${isoText(sql, 'd.created_at')} as issued, d.progress, u.note,
          case when u.created_at is null then null else ${isoText(sql, 'u.created_at')} end as noted
        from decisions d
        left join lateral (
          select up.note, up.created_at from updates up
          where up.decision_id = d.id and up.visibility = 'public' and up.hidden = false and up.note is not null
          order by up.created_at desc limit 1
        ) u on true
        where d.district_slug = ${slug}
        order by d.created_at desc, d.id desc
        limit 100`;
      const words = WORDS[locale];
      return rows.map((r) => ({
        issue: r.description ? `${r.title}. ${r.description}` : r.title,
        'issue-date': r.issued,
        action: r.note ? `${words.progress(r.progress)}. ${r.note}` : r.progress > 0 ? words.progress(r.progress) : null,
        'action-date': r.noted,
      }));
    },

    /** The district's meetings (not the cancelled ones) as police.uk's events, by start. */
    async events(slug: string, locale: Locale) {
      await districtRow(db, slug);
      const items = await meetingsForFeed(db, { district: slug });
      return items
        .filter((m) => m.status !== 'cancelled')
        .map((m) => ({
          title: m.title,
          type: 'meeting',
          description: m.agenda ?? WORDS[locale].meeting,
          address: m.place,
          start_date: m.startsAt.toISOString(),
          end_date: null,
          contact_details: {},
        }));
    },

    async people(slug: string, locale: Locale) {
      await districtRow(db, slug);
      return neighbourhoodTeam(db, slug, locale);
    },
  };
}
