import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDecisionBody, DecisionDetail } from '@dsd/shared/decisions';
import type { ProposalView } from '@dsd/shared/proposals';
import type { Service } from '@dsd/shared/reference';
import { api, qs } from '../../../lib/api.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

export const servicesQuery = () =>
  queryOptions({ queryKey: queryKeys.services, queryFn: () => api<{ items: Service[] }>('/services'), staleTime: 5 * 60_000 });
export const useServices = (enabled: boolean) => useQuery({ ...servicesQuery(), enabled });

const byStatus = (district: string, statuses: string[]) =>
  Promise.all(statuses.map((status) => api<{ items: ProposalView[] }>(`/proposals${qs({ district, status, limit: 100 })}`))).then((pages) =>
    pages.flatMap((p) => p.items),
  );

/**
 * What a decision may answer: the district's proposals still open (submitted, under review) or accepted, from any
 * meeting or none; merged, rejected and withdrawn ones are settled elsewhere.
 */
export const decisionCandidatesQuery = (district: string) =>
  queryOptions({
    queryKey: queryKeys.decisionCandidates(district),
    queryFn: () => byStatus(district, ['accepted', 'under_review', 'submitted']),
  });
export const useDecisionCandidates = (district: string, enabled: boolean) => useQuery({ ...decisionCandidatesQuery(district), enabled });

/** The coordinator's review queue (submitted, under review) and the accepted proposals a duplicate may merge into. */
export const reviewQuery = (district: string) =>
  queryOptions({
    queryKey: queryKeys.review(district),
    queryFn: async () => {
      const all = await byStatus(district, ['submitted', 'under_review', 'accepted']);
      return { open: all.filter((p) => p.status !== 'accepted'), mergeTargets: all };
    },
  });
export const useReview = (district: string) => useQuery(reviewQuery(district));

export function useCreateDecision(meetingId: string, district: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDecisionBody) => api<DecisionDetail>(`/meetings/${meetingId}/decisions`, { method: 'POST', body }),
    onSuccess: () => {
      for (const queryKey of [queryKeys.meeting(meetingId), queryKeys.decisions(district), queryKeys.proposalsAll, queryKeys.dashboard])
        void qc.invalidateQueries({ queryKey });
    },
  });
}
