import { and, eq } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { notificationPreferences } from '@dsd/db/schema/index';
import { DEFAULT_TIME_ZONE, zonedDay } from '@dsd/shared/dates';
import type { Mailer } from './mailer.ts';

/** The digest goes out once a day, from this hour of the district's morning. */
export const DIGEST_HOUR = 8;

function almatyHour(epochMs: number): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: DEFAULT_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(new Date(epochMs)));
}

/**
 * Emails each daily-digest reader, once per Almaty day from 08:00, whatever was not emailed yet. Run often (a job
 * scheduler); the day check makes extra runs harmless, and the sent mark is set per person as each email goes out.
 */
export async function sendDigests(deps: { db: Database; mailer: Mailer | null }, now = new Date()): Promise<number> {
  if (!deps.mailer || almatyHour(now.getTime()) < DIGEST_HOUR) return 0;
  const today = zonedDay(now.getTime(), DEFAULT_TIME_ZONE);
  const readers = await deps.db
    .select({ userId: notificationPreferences.userId, sentAt: notificationPreferences.digestSentAt })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.digest, true), eq(notificationPreferences.email, true)));
  let sent = 0;
  for (const reader of readers) {
    if (reader.sentAt && zonedDay(reader.sentAt.getTime(), DEFAULT_TIME_ZONE) === today) continue;
    if ((await deps.mailer.sendDigest(reader.userId)) > 0) sent++;
    await deps.db.update(notificationPreferences).set({ digestSentAt: now }).where(eq(notificationPreferences.userId, reader.userId));
  }
  return sent;
}
