import { eq } from 'drizzle-orm';
import { proposalMachine } from '@dsd/shared/status-machines';
import * as t from '../../schema/index.ts';
import { REFERENCE_PROPOSALS, SUPPORTERS } from '../data/reference-meeting.ts';
import { statusPath, versionAt, type SeedContext } from './context.ts';

/** The proposals heard at the reference meeting, their review on the timeline and their supports. */
export async function seedReferenceProposals(ctx: SeedContext, meetingId: string, coordinator: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const reviewDays = [-43, -41];
  for (const p of REFERENCE_PROPOSALS) {
    const [row] = await ctx.tx
      .insert(t.proposals)
      .values({
        districtSlug: 'auezov',
        category: p.category,
        title: p.title,
        body: p.body,
        authorId: ctx.user(p.author),
        organizationId: ctx.org(p.orgName).id,
        meetingId,
        address: p.address,
        lat: p.lat,
        lng: p.lng,
        confidentialDetails: p.confidential ?? null,
        status: p.status,
        answer: p.answer ?? null,
        supportCount: 0,
        version: versionAt(proposalMachine, 'submitted', p.status),
        createdAt: ctx.at(-45),
        updatedAt: ctx.at(-41),
      })
      .returning({ id: t.proposals.id });
    const proposalId = row!.id;
    ids[p.key] = proposalId;
    let from = 'submitted';
    await ctx.tx.insert(t.updates).values(
      statusPath(proposalMachine, 'submitted', p.status).map((to, i) => {
        const entry = {
          kind: 'status' as const,
          proposalId,
          authorId: coordinator,
          fromStatus: from,
          toStatus: to,
          note: to === 'accepted' ? (p.answer ?? null) : null,
          createdAt: ctx.at(reviewDays[i] ?? -41),
        };
        from = to;
        return entry;
      }),
    );
    // The counter is the number of support rows.
    const supports = SUPPORTERS.filter((s) => s !== p.author).map((s) => ({ proposalId, userId: ctx.user(s) }));
    await ctx.tx.insert(t.supports).values(supports);
    await ctx.tx.update(t.proposals).set({ supportCount: supports.length }).where(eq(t.proposals.id, proposalId));
  }
  return ids;
}
