import { useQuery } from '@tanstack/react-query';
import type { Dashboard } from '@dsd/shared/dashboard';
import type { DecisionSummary } from '@dsd/shared/decisions';
import type { MeetingSummary } from '@dsd/shared/meetings';
import type { District } from '@dsd/shared/reference';
import type { TimelineEntry } from '@dsd/shared/updates';
import { api, qs } from '../../lib/api.ts';
import { usePagedList } from '../../lib/paging.tsx';
import { queryKeys } from '../../lib/query-keys.ts';

export const useDashboard = () => useQuery({ queryKey: queryKeys.dashboard, queryFn: () => api<Dashboard>('/dashboard') });
export const useDistrict = (slug: string) => useQuery({ queryKey: queryKeys.district(slug), queryFn: () => api<District>(`/districts/${slug}`) });
export const useDistrictMeetings = (slug: string) =>
  usePagedList<MeetingSummary>(queryKeys.meetings(slug), '/meetings', { district: slug, limit: 50 });
export const useDistrictDecisions = (slug: string) =>
  usePagedList<DecisionSummary>(queryKeys.decisions(slug), '/decisions', { district: slug, limit: 50 });
export const useDistrictUpdates = (slug: string) =>
  useQuery({
    queryKey: queryKeys.updates(slug),
    queryFn: () => api<{ items: Array<TimelineEntry & { decisionId: string; decisionTitle: string }> }>(`/updates${qs({ district: slug })}`),
  });
