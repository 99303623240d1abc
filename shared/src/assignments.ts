import { z } from 'zod';
import { DateTimeInput } from './dates.ts';
import { Category, DecisionKind, Visibility, serviceCode, slug } from './enums.ts';
import { AssignmentStatus } from './status-machines.ts';
import { TimelineEntry } from './updates.ts';

export const CONFIRMATIONS = ['confirmed', 'disputed'] as const;
export const Confirmation = z.enum(CONFIRMATIONS);

export const AssignmentView = z.object({
  id: z.uuid(),
  decisionId: z.uuid(),
  decisionTitle: z.string(),
  decisionKind: DecisionKind,
  category: Category,
  districtSlug: z.string(),
  serviceCode: z.string(),
  officer: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  status: AssignmentStatus,
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  progress: z.number().int(),
  contribution: z.number().nullable(),
  blockedReason: z.string().nullable(),
  confirmation: Confirmation.nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  confidentialDetails: z.array(z.object({ proposalId: z.uuid(), details: z.string() })).optional(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const AssignmentDetail = AssignmentView.extend({
  timeline: z.array(TimelineEntry),
  target: z.object({ value: z.number(), unit: z.string() }).nullable(),
  /** What the signed-in user may do next; the client offers only these. */
  allowedTransitions: z.array(AssignmentStatus),
  canConfirm: z.boolean(),
  /** The residents' proposals behind the decision: where the work is and what was asked. */
  proposals: z.array(z.object({ id: z.uuid(), title: z.string(), address: z.string().nullable(), organization: z.string().nullable() })),
  /** Who confirmed the done work (the chair's organization, public), when it is confirmed. */
  confirmedBy: z.object({ organization: z.string().nullable(), at: z.iso.datetime() }).nullable(),
});
export type AssignmentDetail = z.infer<typeof AssignmentDetail>;

export const AssignmentsQuery = z.object({
  service: serviceCode.optional(),
  district: slug.optional(),
  status: AssignmentStatus.optional(),
  decisionId: z.uuid().optional(),
  mine: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const AssignmentTransitionBody = z.strictObject({
  to: AssignmentStatus,
  note: z.string().trim().min(1).max(5000).optional(),
  reason: z.string().trim().min(1).max(2000).optional(),
  progress: z.number().int().min(0).max(100).optional(),
  contribution: z.number().min(0).max(1e9).optional(),
  version: z.number().int().min(1),
});

export const AssignmentUpdateBody = z.strictObject({
  note: z.string().trim().min(1).max(5000),
  progress: z.number().int().min(0).max(100).optional(),
  contribution: z.number().min(0).max(1e9).optional(),
  evidenceUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  visibility: Visibility.default('public'),
  version: z.number().int().min(1).optional(),
});

/** Officers a head may give the assignment to: the service's officers whose grant covers its district. */
export const AssignableOfficer = z.object({ id: z.uuid(), name: z.string() });

export const AssignOfficerBody = z.strictObject({ officerId: z.uuid().nullable(), version: z.number().int().min(1) });
export const RescheduleBody = z.strictObject({ dueAt: DateTimeInput.nullable(), version: z.number().int().min(1) });
export const ConfirmBody = z.strictObject({
  verdict: Confirmation,
  comment: z.string().trim().min(1).max(5000).optional(),
  version: z.number().int().min(1),
});
