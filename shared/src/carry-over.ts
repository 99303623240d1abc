import { z } from 'zod';
import { DateTimeInput } from './dates.ts';
import { Category, DecisionKind, TargetUnit } from './enums.ts';
import { DecisionStatus } from './status-machines.ts';

/**
 * Promise carry-over: when a district meets again, every earlier decision of the district that is not done is carried
 * to the new meeting's agenda, and the coordinator records what becomes of it there.
 */
export const CARRY_STATUSES = ['kept', 'extended', 'dropped'] as const;
export const CarryStatus = z.enum(CARRY_STATUSES);
export type CarryStatus = z.infer<typeof CarryStatus>;

/** What a meeting decided about one carried promise. Public, with its reason. */
export const CarryOutcome = z.object({
  meetingId: z.uuid(),
  meetingTitle: z.string(),
  meetingStartsAt: z.iso.datetime(),
  status: CarryStatus,
  reason: z.string().nullable(),
  /** Extended: the new deadline, and the one it replaced. */
  newDueAt: z.iso.datetime().nullable(),
  previousDueAt: z.iso.datetime().nullable(),
  recordedAt: z.iso.datetime(),
  /** Optimistic version of this record: send it back to change the status (0 while nothing is recorded). */
  version: z.number().int(),
});
export type CarryOutcome = z.infer<typeof CarryOutcome>;

/** One carried promise on a meeting's agenda: the decision as it stands now, and what this meeting said about it. */
export const CarriedItem = z.object({
  decisionId: z.uuid(),
  /** The meeting that made the promise. */
  fromMeeting: z.object({ id: z.uuid(), title: z.string(), startsAt: z.iso.datetime() }),
  kind: DecisionKind,
  category: Category,
  title: z.string(),
  services: z.array(z.string()),
  dueAt: z.iso.datetime().nullable(),
  status: DecisionStatus,
  progress: z.number().int().min(0).max(100),
  overdue: z.boolean(),
  target: z.object({ value: z.number(), unit: TargetUnit }).nullable(),
  achieved: z.number().nullable(),
  /** Null until the coordinator records the promise's status at this meeting. */
  outcome: CarryOutcome.nullable(),
});
export type CarriedItem = z.infer<typeof CarriedItem>;

/** Work finished since the district's previous meeting (one service's part of a decision). */
export const DoneSinceItem = z.object({
  decisionId: z.uuid(),
  decisionTitle: z.string(),
  serviceCode: z.string(),
  doneAt: z.iso.datetime(),
});
export type DoneSinceItem = z.infer<typeof DoneSinceItem>;

/**
 * POST /meetings/:id/carried/:decisionId. A reason is required to extend or drop; a new deadline to extend.
 * `version` is the outcome's version (0 when none is recorded yet): a stale one gets 409.
 */
export const RecordCarryBody = z.strictObject({
  status: CarryStatus,
  reason: z.string().trim().min(3).max(1000).optional(),
  dueAt: DateTimeInput.optional(),
  version: z.number().int().min(0),
});
export type RecordCarryBody = z.infer<typeof RecordCarryBody>;

export const CarriedParams = z.object({ id: z.uuid(), decisionId: z.uuid() });
