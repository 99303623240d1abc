import { z } from 'zod';
import { Visibility } from './enums.ts';

export const UPDATE_KINDS = ['status', 'note', 'progress', 'evidence', 'confirmation', 'dispute', 'assignment', 'carry_over'] as const;
export const UpdateKind = z.enum(UPDATE_KINDS);

export const TimelineEntry = z.object({
  id: z.uuid(),
  kind: UpdateKind,
  assignmentId: z.uuid().nullable(),
  serviceCode: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  progress: z.number().int().nullable(),
  evidenceUrl: z.string().nullable(),
  visibility: Visibility,
  author: z.string().nullable(),
  /** Hidden by a coordinator: only the district's coordinators and the entry's author still receive it. */
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
