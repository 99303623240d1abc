import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attendee, CreateMeetingBody, MeetingSummary } from '@dsd/shared/meetings';
import type { Organization } from '@dsd/shared/reference';
import type { z } from 'zod';
import { api, qs } from '../../../lib/api.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

type AttendeeView = z.infer<typeof Attendee>;

export const attendeesQuery = (meetingId: string) =>
  queryOptions({
    queryKey: queryKeys.attendees(meetingId),
    queryFn: () => api<{ items: AttendeeView[] }>(`/meetings/${meetingId}/attendees`),
  });
export const useAttendees = (meetingId: string, enabled: boolean) => useQuery({ ...attendeesQuery(meetingId), enabled });

export const organizationsQuery = (district: string) =>
  queryOptions({
    queryKey: queryKeys.organizations(district),
    queryFn: () => api<{ items: Organization[] }>(`/organizations${qs({ district })}`),
    staleTime: 5 * 60_000,
  });
export const useOrganizations = (district: string, enabled = true) => useQuery({ ...organizationsQuery(district), enabled });

function useRefreshMeeting(district: string) {
  const qc = useQueryClient();
  return (meetingId?: string) => {
    void qc.invalidateQueries({ queryKey: queryKeys.meetings(district) });
    if (meetingId) void qc.invalidateQueries({ queryKey: queryKeys.meeting(meetingId) });
    void qc.invalidateQueries({ queryKey: queryKeys.dashboard });
  };
}

export function usePlanMeeting(district: string) {
  const refresh = useRefreshMeeting(district);
  return useMutation({
    mutationFn: (body: CreateMeetingBody) => api<MeetingSummary>('/meetings', { method: 'POST', body }),
    onSuccess: (m) => refresh(m.id),
  });
}

export function useMeetingTransition(meeting: MeetingSummary) {
  const refresh = useRefreshMeeting(meeting.districtSlug);
  return useMutation({
    mutationFn: (body: { to: string; minutes?: string }) =>
      api<MeetingSummary>(`/meetings/${meeting.id}/transition`, { method: 'POST', body: { ...body, version: meeting.version } }),
    onSuccess: () => refresh(meeting.id),
    onError: () => refresh(meeting.id),
  });
}

/** Registers (or, with `remove`, unregisters) an organization as attending the meeting. */
export function useAttendance(meeting: MeetingSummary) {
  const refresh = useRefreshMeeting(meeting.districtSlug);
  return useMutation({
    mutationFn: ({ organizationId, remove }: { organizationId: string; remove?: boolean }) =>
      remove
        ? api<{ items: AttendeeView[] }>(`/meetings/${meeting.id}/attendees/${organizationId}`, { method: 'DELETE' })
        : api<{ items: AttendeeView[] }>(`/meetings/${meeting.id}/attendees`, { method: 'POST', body: { organizationId } }),
    onSuccess: () => refresh(meeting.id),
  });
}
