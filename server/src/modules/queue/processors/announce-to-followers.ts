import { asc, sql } from 'drizzle-orm';
import { inList } from '@dsd/db/bulk';
import { decisions } from '@dsd/db/schema/index';
import { NEW_DECISIONS_TITLE, newDecisionsChange } from '../../notifications/messages.ts';
import { decisionAudience, followers } from '../../notifications/recipients.ts';
import { announce, type Delivery, deliverMany, type Delivered } from '../../notifications/service.ts';
import type { ProcessorDeps } from './context.ts';

/** Meetings announced per run, at most; the next run takes the rest. */
const MEETINGS_PER_RUN = 50;
const BODY_LIMIT = 300;

/**
 * Tells each district's followers of a meeting's new decisions together. Once a meeting's first unannounced decision
 * has waited the quiet period, all of that meeting's unannounced decisions go out as one notification per follower:
 * the decision itself when it is alone, else the meeting with the count and the titles. The people a decision
 * concerns (its proposals' authors and organizations, the meeting's organizations and followers) heard at once from
 * notify.ts and are not told again. Taking the rows, delivering and the notification rows share one transaction: a
 * failed run takes nothing, and a second worker running at the same moment finds the rows gone.
 */
export async function announceToFollowers(deps: ProcessorDeps): Promise<number> {
  const delivered: Delivered[] = [];
  let announced = 0;
  await deps.db.transaction(async (tx) => {
    const due = await tx.execute<{ decision_id: string }>(sql`
      delete from follower_announcements
      where meeting_id in (
        select meeting_id from follower_announcements group by meeting_id
        having min(created_at) <= now() - make_interval(secs => ${deps.followerAnnounceDelayMs / 1000})
        limit ${MEETINGS_PER_RUN})
      returning decision_id`);
    if (due.length === 0) return;
    const rows = await tx
      .select({ id: decisions.id, meetingId: decisions.meetingId, districtSlug: decisions.districtSlug, title: decisions.title })
      .from(decisions)
      .where(
        inList(
          decisions.id,
          due.map((r) => r.decision_id),
        ),
      )
      .orderBy(asc(decisions.createdAt), asc(decisions.id));
    const byMeeting = new Map<string, typeof rows>();
    for (const row of rows) {
      const group = byMeeting.get(row.meetingId);
      if (group) group.push(row);
      else byMeeting.set(row.meetingId, [row]);
    }
    const deliveries: Delivery[] = [];
    for (const group of byMeeting.values()) {
      const first = group[0]!;
      const [districtFollowers, concerned] = await Promise.all([
        followers(tx, [{ type: 'district', id: first.districtSlug }]),
        Promise.all(group.map((d) => decisionAudience(tx, d))).then((lists) => new Set(lists.flat())),
      ]);
      const titles = group.map((d) => d.title).join('; ');
      deliveries.push({
        event: 'decision.created',
        // Each decision is announced once, so the batch's first decision names the batch on a retry too.
        dedupeKey: `followers-${first.id}`,
        body: titles.length > BODY_LIMIT ? `${titles.slice(0, BODY_LIMIT - 1)}…` : titles,
        link: group.length === 1 ? `/decisions/${first.id}` : `/meetings/${first.meetingId}`,
        userIds: districtFollowers.filter((id) => !concerned.has(id)),
        change: group.length === 1 ? null : newDecisionsChange(group.length),
        title: group.length === 1 ? null : NEW_DECISIONS_TITLE,
      });
    }
    delivered.push(...(await deliverMany(tx, deliveries)));
    announced = rows.length;
  });
  await announce(deps, delivered);
  return announced;
}
