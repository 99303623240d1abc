import { z } from 'zod';

/**
 * A status machine is a map from each status to the statuses it may move to.
 * The server enforces these through one transition helper; the web client uses them to offer only valid actions.
 */
export type StatusMachine<S extends string> = { readonly [From in S]: readonly S[] };

export function canTransition<S extends string>(machine: StatusMachine<S>, from: S, to: S): boolean {
  return machine[from]?.includes(to) ?? false;
}

export const MEETING_STATUSES = ['planned', 'held', 'closed', 'cancelled'] as const;
export const MeetingStatus = z.enum(MEETING_STATUSES);
export type MeetingStatus = z.infer<typeof MeetingStatus>;
export const meetingMachine: StatusMachine<MeetingStatus> = {
  planned: ['held', 'cancelled'],
  held: ['closed'],
  closed: [],
  cancelled: [],
};

export const PROPOSAL_STATUSES = ['submitted', 'under_review', 'accepted', 'rejected', 'merged', 'withdrawn'] as const;
export const ProposalStatus = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof ProposalStatus>;
export const proposalMachine: StatusMachine<ProposalStatus> = {
  submitted: ['under_review', 'withdrawn'],
  under_review: ['accepted', 'rejected', 'merged', 'withdrawn'],
  accepted: [],
  rejected: [],
  merged: [],
  withdrawn: [],
};

export const ASSIGNMENT_STATUSES = ['queued', 'dispatched', 'accepted', 'in_progress', 'blocked', 'done', 'reopened', 'cancelled'] as const;
export const AssignmentStatus = z.enum(ASSIGNMENT_STATUSES);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;
export const assignmentMachine: StatusMachine<AssignmentStatus> = {
  queued: ['dispatched', 'cancelled'],
  dispatched: ['accepted', 'cancelled'],
  accepted: ['in_progress', 'cancelled'],
  in_progress: ['blocked', 'done', 'cancelled'],
  blocked: ['in_progress', 'cancelled'],
  done: ['reopened'],
  reopened: ['in_progress', 'cancelled'],
  cancelled: [],
};
/** Statuses in which an assignment still has work to do (used for overdue and open counts). */
export const OPEN_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['queued', 'dispatched', 'accepted', 'in_progress', 'blocked', 'reopened'];

export const DECISION_STATUSES = ['open', 'in_progress', 'disputed', 'done', 'cancelled'] as const;
export const DecisionStatus = z.enum(DECISION_STATUSES);
export type DecisionStatus = z.infer<typeof DecisionStatus>;
