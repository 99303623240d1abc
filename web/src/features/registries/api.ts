import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportJobView, ImportReport } from '@dsd/shared/imports';
import type {
  BuildingDetail,
  BuildingSummary,
  CameraSummary,
  CameraView,
  DistrictInspectors,
  HelperCounts,
  HelperView,
  InspectorDetail,
} from '@dsd/shared/registries';
import { ApiError, api } from '../../lib/api.ts';
import { usePagedList } from '../../lib/paging.tsx';
import { queryKeys } from '../../lib/query-keys.ts';

export const useCameraSummary = (slug: string) =>
  useQuery({ queryKey: queryKeys.registry(slug, 'cameras'), queryFn: () => api<CameraSummary>(`/districts/${slug}/cameras`) });
export const useHelperCounts = (slug: string) =>
  useQuery({ queryKey: queryKeys.registry(slug, 'helpers'), queryFn: () => api<HelperCounts>(`/districts/${slug}/helpers`) });
export const useDistrictInspectors = (slug: string) =>
  useQuery({ queryKey: queryKeys.registry(slug, 'inspectors'), queryFn: () => api<DistrictInspectors>(`/districts/${slug}/inspectors`) });
export const useInspector = (id: string) => useQuery({ queryKey: queryKeys.inspector(id), queryFn: () => api<InspectorDetail>(`/inspectors/${id}`) });
export const useBuilding = (id: string) => useQuery({ queryKey: queryKeys.building(id), queryFn: () => api<BuildingDetail>(`/buildings/${id}`) });
export const useBuildings = (filters: { district?: string; organization?: string; q?: string }, enabled = true) =>
  usePagedList<BuildingSummary>(
    queryKeys.registry(filters.district ?? 'all', 'buildings', filters),
    '/buildings',
    { ...filters, limit: 100 },
    { enabled },
  );
export const useCameras = (filters: { district?: string; status?: string; installedTo?: number }, enabled = true) =>
  usePagedList<CameraView>(queryKeys.registry(filters.district ?? 'all', 'camera-list', filters), '/cameras', { ...filters, limit: 50 }, { enabled });
export const useHelpers = (district: string, enabled = true) =>
  usePagedList<HelperView>(queryKeys.registry(district, 'helper-list'), '/helpers', { district, limit: 100 }, { enabled });

/** A registry write: on success every registry view and the decisions it measures refresh (live events do the same for others). */
export function useRegistryWrite<Body, Result = unknown>(path: (body: Body) => string, method: 'POST' | 'PATCH' = 'POST') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body) => api<Result>(path(body), { method, body: stripPath(body) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.registryAll });
      void qc.invalidateQueries({ queryKey: ['building'] });
      void qc.invalidateQueries({ queryKey: ['decisions'] });
    },
  });
}

/** Bodies may carry the record's id for the path (`_id`); it is not sent. */
function stripPath<Body>(body: Body): unknown {
  if (body && typeof body === 'object' && '_id' in body) {
    const { _id, ...rest } = body as Record<string, unknown>;
    return rest;
  }
  return body;
}

/** Uploads a CSV file as it is (text/csv): the server checks its encoding and columns. */
export async function uploadCsv(kind: string, file: Blob, dryRun: boolean): Promise<ImportReport | { jobId: string }> {
  const res = await fetch(`/api/v1/imports/${kind}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv' },
    body: file,
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'ERROR', data?.error?.message ?? res.statusText, data?.error?.details);
  return data;
}

export const useImportJob = (jobId: string | null) =>
  useQuery({
    queryKey: ['import', jobId],
    queryFn: () => api<ImportJobView>(`/imports/${jobId}`),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && ['done', 'failed'].includes(q.state.data.status) ? false : 700),
  });
