import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MeetingSummary } from '@dsd/shared/meetings';
import type { CreateProposalBody, ProposalDetail, ProposalView, UpdateProposalBody } from '@dsd/shared/proposals';
import type { ProposalStatus } from '@dsd/shared/status-machines';
import type { Organization } from '@dsd/shared/reference';
import { api, qs } from '../../../lib/api.ts';
import { type Page, usePagedList } from '../../../lib/paging.tsx';
import { queryKeys } from '../../../lib/query-keys.ts';
export type ProposalFilters = { district?: string; category?: string; status?: string; meetingId?: string; mine?: boolean };

export const useProposals = (filters: ProposalFilters) =>
  usePagedList<ProposalView>(queryKeys.proposals(filters), '/proposals', { ...filters, mine: filters.mine ? 'true' : undefined, limit: 50 });

export const getProposal = (id: string) => api<ProposalDetail>(`/proposals/${id}`);
export const proposalQuery = (id: string) => queryOptions({ queryKey: queryKeys.proposal(id), queryFn: () => getProposal(id) });
export const useProposal = (id: string) => useQuery(proposalQuery(id));

/** The district's buildings, from its housing associations: suggestions for a proposal's address. */
export const buildingsQuery = (district: string) =>
  queryOptions({
    queryKey: queryKeys.organizations(district),
    queryFn: () => api<{ items: Organization[] }>(`/organizations${qs({ district })}`),
    select: (d) => [...new Set(d.items.flatMap((o) => [...o.buildings, ...(o.address ? [o.address] : [])]))].sort(),
    staleTime: 5 * 60_000,
  });
export const useDistrictBuildings = (district: string) => useQuery({ ...buildingsQuery(district), enabled: !!district });

/** Meetings still taking proposals (planned or held) in a district. */
export const useOpenMeetings = (district: string) =>
  useQuery({
    queryKey: queryKeys.meetings(district),
    queryFn: () => api<Page<MeetingSummary>>(`/meetings${qs({ district, limit: 50 })}`),
    select: (d) => d.items.filter((m) => m.status === 'planned' || m.status === 'held'),
    enabled: !!district,
  });

function useRefreshProposals() {
  const qc = useQueryClient();
  return (id?: string) => {
    void qc.invalidateQueries({ queryKey: queryKeys.proposalsAll });
    if (id) void qc.invalidateQueries({ queryKey: queryKeys.proposal(id) });
    void qc.invalidateQueries({ queryKey: queryKeys.dashboard });
  };
}

export function useCreateProposal() {
  const refresh = useRefreshProposals();
  return useMutation({
    mutationFn: (body: CreateProposalBody) => api<ProposalView>('/proposals', { method: 'POST', body }),
    onSuccess: (p) => refresh(p.id),
  });
}

export function useUpdateProposal(id: string) {
  const refresh = useRefreshProposals();
  return useMutation({
    mutationFn: (body: UpdateProposalBody) => api<ProposalView>(`/proposals/${id}`, { method: 'PATCH', body }),
    onSuccess: () => refresh(id),
  });
}

export type ProposalMove = { to: ProposalStatus; version: number; reason?: string; answer?: string; mergedInto?: string };
export function useProposalTransition() {
  const refresh = useRefreshProposals();
  return useMutation({
    mutationFn: ({ id, ...body }: ProposalMove & { id: string }) => api<ProposalView>(`/proposals/${id}/transition`, { method: 'POST', body }),
    onSuccess: (p) => refresh(p.id),
    onError: () => refresh(),
  });
}
