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
export const DateTimeInput = z.iso.datetime({ offset: true }).refine((v) => inDateRange(Date.parse(v)), 'must be between 2000 and 2100');
