import { z } from 'zod';

/**
 * The dates this platform deals in: meetings, deadlines and records of a campaign. Anything outside is a typo or a
 * probe, and far enough out (year 0, +275760) it is also outside what PostgreSQL stores.
 */
export const EARLIEST_DATE = Date.UTC(2000, 0, 1);
export const LATEST_DATE = Date.UTC(2101, 0, 1) - 1;

export function inDateRange(epochMs: number): boolean {
  return Number.isFinite(epochMs) && epochMs >= EARLIEST_DATE && epochMs <= LATEST_DATE;
}

/** An ISO date-time with its offset, between 2000 and 2100. */
export const DateTimeInput = z.iso
  .datetime({ offset: true })
  // No message of its own: the code lets each client say "between 2000 and 2100" in its language (a schema's message
  // would override the web client's zod error map).
  .refine((v) => inDateRange(Date.parse(v)), { params: { code: 'date_out_of_range' } });

/**
 * Every time is stored in UTC and entered and shown in the district's zone, whatever the browser's. Almaty's
 * districts are all in Asia/Almaty; more cities are configuration (their zone joins this map).
 */
export const CITY_TIME_ZONES: Readonly<Record<string, string>> = { almaty: 'Asia/Almaty' };
export const DEFAULT_TIME_ZONE = 'Asia/Almaty';
export const timeZoneOfCity = (city: string | null | undefined): string => (city && CITY_TIME_ZONES[city]) || DEFAULT_TIME_ZONE;

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function zonedParts(epochMs: number, timeZone: string): Parts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The zone's offset from UTC at that instant, in minutes (Almaty: +300). */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const p = zonedParts(epochMs, timeZone);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** "2026-12-16T18:30" typed in a datetime-local field, read as the zone's wall clock → an ISO instant in UTC. */
export function zonedInputToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  // Two passes settle the offset even next to a daylight-saving change.
  let utc = wall - offsetMinutes(wall, timeZone) * 60000;
  utc = wall - offsetMinutes(utc, timeZone) * 60000;
  return new Date(utc).toISOString();
}

/** An ISO instant → the zone's wall clock in the datetime-local field's format ("2026-12-16T18:30"). */
export function isoToZonedInput(iso: string, timeZone: string): string {
  const p = zonedParts(Date.parse(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar day of an instant in the zone, "2026-12-16": a meeting's day is its district's day. */
export function zonedDay(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/**
 * A date (and time) in the interface language and the district's zone. Kazakh is written out here, not left to the
 * runtime: Debian's Chromium has no Kazakh month names and prints "2026 M12 16".
 */
export function formatZoned(iso: string, language: string, timeZone: string, withTime = true): string {
  const epochMs = Date.parse(iso);
  if (language === 'kk') {
    const p = zonedParts(epochMs, timeZone);
    const date = `${p.year} ж. ${p.day} ${KK_MONTHS[p.month - 1]}`;
    return withTime ? `${date}, ${pad(p.hour)}:${pad(p.minute)}` : date;
  }
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ru-RU', {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' as const } : {}),
    timeZone,
  }).format(new Date(epochMs));
}
