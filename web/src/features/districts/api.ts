import { useQuery } from '@tanstack/react-query';
import type { Dashboard } from '@dsd/shared/dashboard';
import type { DecisionSummary } from '@dsd/shared/decisions';
import type { MeetingSummary } from '@dsd/shared/meetings';
import type { ProposalView } from '@dsd/shared/proposals';
import type { District } from '@dsd/shared/reference';
import type { TimelineEntry } from '@dsd/shared/updates';
import { api, qs } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query-keys.ts';

type Page<T> = { items: T[]; nextCursor: string | null };

export const useDashboard = () => useQuery({ queryKey: queryKeys.dashboard, queryFn: () => api<Dashboard>('/dashboard') });
export const useDistrict = (slug: string) => useQuery({ queryKey: queryKeys.district(slug), queryFn: () => api<District>(`/districts/${slug}`) });
export const useDistrictMeetings = (slug: string) =>
  useQuery({ queryKey: queryKeys.meetings(slug), queryFn: () => api<Page<MeetingSummary>>(`/meetings${qs({ district: slug, limit: 50 })}`) });
export const useDistrictDecisions = (slug: string) =>
  useQuery({ queryKey: queryKeys.decisions(slug), queryFn: () => api<Page<DecisionSummary>>(`/decisions${qs({ district: slug, limit: 50 })}`) });
export const useDistrictUpdates = (slug: string) =>
  useQuery({
    queryKey: queryKeys.updates(slug),
    queryFn: () => api<{ items: Array<TimelineEntry & { decisionId: string; decisionTitle: string }> }>(`/updates${qs({ district: slug })}`),
  });
export const useProposals = (filters: { district?: string; category?: string; status?: string; meetingId?: string; mine?: boolean }) =>
  useQuery({
    queryKey: queryKeys.proposals(filters),
    queryFn: () => api<Page<ProposalView>>(`/proposals${qs({ ...filters, mine: filters.mine ? 'true' : undefined, limit: 50 })}`),
  });
