import { z } from 'zod';
import { DateTimeInput } from './dates.ts';
import { MeetingFormat, OrganizationType, slug } from './enums.ts';
import { CarriedItem, DoneSinceItem } from './carry-over.ts';
import { DecisionSummary } from './decisions.ts';
import { ProposalView } from './proposals.ts';
import { MeetingStatus } from './status-machines.ts';

export const MeetingSummary = z.object({
  id: z.uuid(),
  districtSlug: z.string(),
  title: z.string(),
  startsAt: z.iso.datetime(),
  format: MeetingFormat,
  place: z.string(),
  agenda: z.string().nullable(),
  minutes: z.string().nullable(),
  status: MeetingStatus,
  version: z.number().int(),
  attendeeCount: z.number().int(),
  decisionCount: z.number().int(),
  proposalCount: z.number().int(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const Attendee = z.object({
  organization: z.object({ id: z.uuid(), name: z.string(), type: OrganizationType }),
  registeredAt: z.iso.datetime(),
});
export const MeetingDetail = MeetingSummary.extend({
  attendees: z.array(Attendee),
  proposals: z.array(ProposalView),
  decisions: z.array(DecisionSummary),
  /** Earlier promises of the district not done when this meeting came, with this meeting's status for each. */
  carried: z.array(CarriedItem),
  /** Work finished between the district's previous meeting and this one. */
  doneSinceLastMeeting: z.array(DoneSinceItem),
});
export type MeetingDetail = z.infer<typeof MeetingDetail>;

export const MeetingsQuery = z.object({
  district: slug.optional(),
  status: MeetingStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const CreateMeetingBody = z.strictObject({
  districtSlug: slug,
  title: z.string().trim().min(3).max(200),
  startsAt: DateTimeInput,
  format: MeetingFormat,
  place: z.string().trim().min(1).max(300),
  agenda: z.string().trim().max(5000).optional(),
});
export type CreateMeetingBody = z.infer<typeof CreateMeetingBody>;

export const MeetingTransitionBody = z.strictObject({
  to: MeetingStatus,
  minutes: z.string().trim().max(20000).optional(),
  version: z.number().int().min(1),
});

export const AddAttendeeBody = z.strictObject({ organizationId: z.uuid() });
