import { z } from 'zod';
import { DateTimeInput } from './dates.ts';
import { Category, DecisionKind, serviceCode, TargetUnit } from './enums.ts';
import { AssignmentView } from './assignments.ts';
import { CarryOutcome } from './carry-over.ts';
import { DecisionStatus } from './status-machines.ts';
import { TimelineEntry } from './updates.ts';
import { RegistryMetric } from './registries.ts';

export const Target = z.object({
  value: z.number().positive().max(1e9),
  unit: TargetUnit,
  /** Measure the target from a registry in the decision's district instead of the assignments' contributions. */
  metric: RegistryMetric.optional(),
});

export const DecisionSummary = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  districtSlug: z.string(),
  kind: DecisionKind,
  category: Category,
  title: z.string(),
  description: z.string().nullable(),
  target: Target.nullable(),
  achieved: z.number().nullable(),
  dueAt: z.iso.datetime().nullable(),
  /** Some live assignment of the decision is past its due time and not done. */
  overdue: z.boolean(),
  status: DecisionStatus,
  progress: z.number().int().min(0).max(100),
  services: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type DecisionSummary = z.infer<typeof DecisionSummary>;

export const DecisionDetail = DecisionSummary.extend({
  meetingTitle: z.string(),
  proposalIds: z.array(z.uuid()),
  assignments: z.array(AssignmentView),
  timeline: z.array(TimelineEntry),
  /** What later meetings said about this promise (kept, extended, dropped), with their reasons: public. */
  carryOvers: z.array(CarryOutcome),
});
export type DecisionDetail = z.infer<typeof DecisionDetail>;

export const CreateDecisionBody = z.strictObject({
  kind: DecisionKind,
  category: Category,
  title: z.string().trim().min(3).max(300),
  description: z.string().trim().max(10000).optional(),
  proposalIds: z.array(z.uuid()).max(100).optional(),
  target: Target.optional(),
  dueAt: DateTimeInput.optional(),
  /** Services that get an assignment; when empty, the category's routing rule for the district decides. */
  services: z.array(serviceCode).max(10).optional(),
});
export type CreateDecisionBody = z.infer<typeof CreateDecisionBody>;

export const DecisionsQuery = z.object({
  district: z.string().max(64).optional(),
  meetingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export interface AssignmentProgressInput {
  status: string;
  progress: number;
  contribution: number | null;
  /** 'disputed' from the moment a chair disputes done work until it is done again. */
  confirmation?: string | null;
}

/**
 * A decision's progress and status come from its assignments, and never overstate a promise:
 * - with a measurable target and reported contributions, progress is the share of the target reached; otherwise the
 *   mean of the live assignments' progress (done counts as 100);
 * - a disputed assignment's contribution does not count, and its progress never counts as complete, until it is
 *   done again;
 * - 100% only when every live assignment is done and none stands disputed; until then at most 99%, and the status
 *   says why (`disputed` while a chair's dispute stands).
 */
export function deriveDecisionProgress(
  target: { value: number } | null,
  assignments: ReadonlyArray<AssignmentProgressInput>,
  /** The target's value measured from a registry (e.g. cameras replaced since the decision): replaces contributions. */
  measured?: number,
): { progress: number; achieved: number | null; status: DecisionStatus } {
  const live = assignments.filter((a) => a.status !== 'cancelled');
  if (assignments.length > 0 && live.length === 0) return { progress: 0, achieved: null, status: 'cancelled' };
  const disputed = (a: AssignmentProgressInput) => a.confirmation === 'disputed' || a.status === 'reopened';
  const reported = live.filter((a) => a.contribution !== null && !disputed(a));
  const achieved =
    target && measured !== undefined ? measured : target && reported.length > 0 ? reported.reduce((sum, a) => sum + (a.contribution ?? 0), 0) : null;
  const allDone = live.length > 0 && live.every((a) => a.status === 'done' && !disputed(a));
  let progress: number;
  if (target && achieved !== null) progress = Math.min(100, Math.round((achieved / target.value) * 100));
  else if (live.length === 0) progress = 0;
  else
    progress = Math.round(
      live.reduce((sum, a) => sum + (disputed(a) ? Math.min(a.progress, 99) : a.status === 'done' ? 100 : a.progress), 0) / live.length,
    );
  if (allDone && !(target && achieved !== null)) progress = 100;
  if (!allDone) progress = Math.min(progress, 99);
  const started = live.some((a) => !['queued', 'dispatched'].includes(a.status) || a.progress > 0) || (measured ?? 0) > 0;
  const status: DecisionStatus = allDone ? 'done' : live.some(disputed) ? 'disputed' : started ? 'in_progress' : 'open';
  return { progress: Math.max(0, progress), achieved, status };
}
