import { eq } from 'drizzle-orm';
import type { Database } from '@dsd/db/client';
import { districts } from '@dsd/db/schema/index';
import type { FollowTarget } from '@dsd/shared/notifications';
import { z } from 'zod';
import { coordinates, ensure, isPolice, type Actor } from '../../lib/access.ts';
import { NotFound } from '../../lib/errors.ts';
import { categoryRule } from '../reference/routing.ts';
import type { Services } from '../../plugins/services.ts';

const Uuid = z.uuid();

/**
 * A follow must name something the follower may see: an existing district, meeting or decision, or a proposal they
 * can read (not hidden from them). Tips (drug and migration proposals) are followed only by their author, the
 * district's coordinators and the police: their updates trace an investigation, whatever the public page shows.
 */
export async function checkFollowTarget(
  deps: { db: Database; services: Pick<Services, 'meetings' | 'proposals' | 'decisions'> },
  actor: Actor,
  type: z.infer<typeof FollowTarget>,
  id: string,
): Promise<void> {
  if (type === 'district') {
    const [row] = await deps.db.select({ slug: districts.slug }).from(districts).where(eq(districts.slug, id));
    if (!row) throw new NotFound('District');
    return;
  }
  const entity = type === 'meeting' ? 'Meeting' : type === 'proposal' ? 'Proposal' : 'Decision';
  if (!Uuid.safeParse(id).success) throw new NotFound(entity);
  if (type === 'meeting') await deps.services.meetings.getRow(id);
  else if (type === 'decision') await deps.services.decisions.getRow(id);
  else {
    const proposal = await deps.services.proposals.view(actor, id);
    const { sensitive } = await categoryRule(deps.db, proposal.category);
    ensure(
      !sensitive || proposal.mine || isPolice(actor) || coordinates(actor, proposal.districtSlug),
      'Tips are followed by their author and the police only',
    );
  }
}
