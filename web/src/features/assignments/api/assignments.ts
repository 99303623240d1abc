import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssignmentDetail } from '@dsd/shared/assignments';
import { api } from '../../../lib/api.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

export const getAssignment = (id: string) => api<AssignmentDetail>(`/assignments/${id}`);
export const assignmentQuery = (id: string) => queryOptions({ queryKey: queryKeys.assignment(id), queryFn: () => getAssignment(id) });
export const useAssignment = (id: string) => useQuery(assignmentQuery(id));

export const officersQuery = (assignmentId: string) =>
  queryOptions({
    queryKey: queryKeys.officers(assignmentId),
    queryFn: () => api<{ items: Array<{ id: string; name: string }> }>(`/assignments/${assignmentId}/officers`),
  });
export const useAssignableOfficers = (assignmentId: string, enabled: boolean) => useQuery({ ...officersQuery(assignmentId), enabled });

/** After any change to one assignment: the record itself, the boards listing it, its decision and the public numbers. */
export function useRefreshAssignment() {
  const qc = useQueryClient();
  return (a: Pick<AssignmentDetail, 'id' | 'decisionId' | 'districtSlug'>) => {
    for (const queryKey of [
      queryKeys.assignment(a.id),
      queryKeys.assignmentsAll,
      queryKeys.decision(a.decisionId),
      queryKeys.decisions(a.districtSlug),
      queryKeys.dashboard,
    ])
      void qc.invalidateQueries({ queryKey });
  };
}

export function useAssignOfficer(a: AssignmentDetail) {
  const refresh = useRefreshAssignment();
  return useMutation({
    mutationFn: (officerId: string | null) =>
      api<AssignmentDetail>(`/assignments/${a.id}/officer`, { method: 'POST', body: { officerId, version: a.version } }),
    onSettled: () => refresh(a),
  });
}

export function useReschedule(a: AssignmentDetail) {
  const refresh = useRefreshAssignment();
  return useMutation({
    mutationFn: (dueAt: string | null) => api<AssignmentDetail>(`/assignments/${a.id}/due`, { method: 'POST', body: { dueAt, version: a.version } }),
    onSettled: () => refresh(a),
  });
}
