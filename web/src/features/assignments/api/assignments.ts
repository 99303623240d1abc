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

/**
 * A change answered with the whole record: the answer replaces the cached record at once, so the next change on the
 * page carries the new version instead of racing the refetch into a 409.
 */
function useAssignmentChange<T>(a: AssignmentDetail, request: (input: T, version: number) => Promise<AssignmentDetail>) {
  const qc = useQueryClient();
  const refresh = useRefreshAssignment();
  return useMutation({
    mutationFn: (input: T) => request(input, qc.getQueryData<AssignmentDetail>(queryKeys.assignment(a.id))?.version ?? a.version),
    onSuccess: (saved) => qc.setQueryData(queryKeys.assignment(a.id), saved),
    onSettled: () => refresh(a),
  });
}

export const useAssignOfficer = (a: AssignmentDetail) =>
  useAssignmentChange<string | null>(a, (officerId, version) =>
    api<AssignmentDetail>(`/assignments/${a.id}/officer`, { method: 'POST', body: { officerId, version } }),
  );

export const useReschedule = (a: AssignmentDetail) =>
  useAssignmentChange<string | null>(a, (dueAt, version) =>
    api<AssignmentDetail>(`/assignments/${a.id}/due`, { method: 'POST', body: { dueAt, version } }),
  );
