import { z } from 'zod';
import { Category, OrganizationType, slug } from './enums.ts';
import { ProposalStatus } from './status-machines.ts';

/** Who wrote a proposal, as the public may see it: an organization by name, or just "a resident". */
export const AuthorLabel = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('organization'),
    organization: z.object({ id: z.uuid(), name: z.string(), type: OrganizationType }),
  }),
  z.object({ kind: z.literal('resident') }),
  z.object({ kind: z.literal('police') }),
]);
export type AuthorLabel = z.infer<typeof AuthorLabel>;

export const ProposalView = z.object({
  id: z.uuid(),
  districtSlug: z.string(),
  category: Category,
  title: z.string(),
  body: z.string(),
  status: ProposalStatus,
  author: AuthorLabel,
  meetingId: z.uuid().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  supportCount: z.number().int(),
  supportedByMe: z.boolean(),
  mine: z.boolean(),
  reason: z.string().nullable(),
  answer: z.string().nullable(),
  mergedInto: z.uuid().nullable(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  confidentialDetails: z.string().optional(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProposalView = z.infer<typeof ProposalView>;

export const ProposalHistoryEntry = z.object({
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  at: z.iso.datetime(),
});
export const ProposalDetail = ProposalView.extend({
  history: z.array(ProposalHistoryEntry),
  decisions: z.array(z.object({ id: z.uuid(), title: z.string(), progress: z.number() })),
});
export type ProposalDetail = z.infer<typeof ProposalDetail>;

export const ProposalsQuery = z.object({
  district: slug.optional(),
  category: Category.optional(),
  status: ProposalStatus.optional(),
  meetingId: z.uuid().optional(),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const CreateProposalBody = z.strictObject({
  districtSlug: slug,
  category: Category,
  title: z.string().trim().min(3).max(200),
  body: z.string().trim().min(1).max(10000),
  meetingId: z.uuid().optional(),
  address: z.string().trim().max(300).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  confidentialDetails: z.string().trim().max(5000).optional(),
});
export type CreateProposalBody = z.infer<typeof CreateProposalBody>;

/** The author's edit while the proposal still waits for review: any of the fields, with the version read. */
export const UpdateProposalBody = z.strictObject({
  category: Category.optional(),
  title: CreateProposalBody.shape.title.optional(),
  body: CreateProposalBody.shape.body.optional(),
  address: z.string().trim().max(300).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  confidentialDetails: z.string().trim().max(5000).nullable().optional(),
  version: z.number().int().min(1),
});
export type UpdateProposalBody = z.infer<typeof UpdateProposalBody>;

export const ProposalTransitionBody = z.strictObject({
  to: ProposalStatus,
  reason: z.string().trim().min(1).max(2000).optional(),
  answer: z.string().trim().min(1).max(5000).optional(),
  mergedInto: z.uuid().optional(),
  version: z.number().int().min(1),
});

export const ModerationBody = z.strictObject({ hidden: z.boolean(), reason: z.string().trim().min(1).max(1000).optional() });

export const SupportResponse = z.object({ supportCount: z.number().int(), supportedByMe: z.boolean() });
