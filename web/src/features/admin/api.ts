import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { AdminCategory, AdminUser, Invite } from '@dsd/shared/admin';
import type { District, Organization, Service } from '@dsd/shared/reference';
import { api } from '../../lib/api.ts';
import { usePagedList } from '../../lib/paging.tsx';

/** Admin lists; every change also refreshes the public reference lists the rest of the client names things from. */
export const adminKeys = {
  users: (filters: Record<string, unknown>) => ['admin', 'users', filters] as const,
  invites: ['admin', 'invites'] as const,
  categories: ['admin', 'categories'] as const,
  districts: ['admin', 'districts'] as const,
  services: ['admin', 'services'] as const,
  organizations: ['admin', 'organizations'] as const,
};

export const useAdminUsers = (filters: { role?: string; q?: string }) =>
  usePagedList<AdminUser>(adminKeys.users(filters), '/admin/users', { ...filters, limit: 100 });
export const useInvites = () => useQuery({ queryKey: adminKeys.invites, queryFn: () => api<{ items: Invite[] }>('/admin/invites') });
export const useAdminCategories = () =>
  useQuery({ queryKey: adminKeys.categories, queryFn: () => api<{ items: AdminCategory[] }>('/admin/categories') });
export const useDistricts = () => useQuery({ queryKey: adminKeys.districts, queryFn: () => api<{ items: District[] }>('/districts') });
export const useServices = () => useQuery({ queryKey: adminKeys.services, queryFn: () => api<{ items: Service[] }>('/services') });
export const useOrganizations = () =>
  useQuery({ queryKey: adminKeys.organizations, queryFn: () => api<{ items: Organization[] }>('/organizations') });

/** One mutation helper for the admin pages: call the API, then refresh the admin lists and the reference names. */
export function useAdminChange<B>(request: (body: B) => { path: string; method: string; body?: unknown }, extraKeys: QueryKey[] = []) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => {
      const r = request(body);
      return api<unknown>(r.path, { method: r.method, body: r.body });
    },
    onSuccess: () => {
      for (const queryKey of [['admin'], ['reference'], ['districts'], ['services'], ['dashboard'], ...extraKeys])
        void qc.invalidateQueries({ queryKey });
    },
  });
}
