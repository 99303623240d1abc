import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CurrentUser } from '@dsd/shared/auth';
import { ApiError, api } from '../../lib/api.ts';
import { live } from '../../lib/live.ts';
import { queryKeys } from '../../lib/query-keys.ts';

export async function getSession(): Promise<CurrentUser | null> {
  try {
    return (await api<{ user: CurrentUser }>('/auth/me')).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const sessionQuery = () => queryOptions({ queryKey: queryKeys.me, queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(sessionQuery());

/**
 * The one place a browser changes who it is. The session query is written in place (its observers, such as the
 * header, re-render at once; clearing the cache would orphan them until their next render), every other query is
 * dropped or refetched so nothing of the previous person stays on screen, and the live socket reopens with the new
 * cookie.
 */
export function switchSession(qc: QueryClient, user: CurrentUser | null) {
  qc.setQueryData(queryKeys.me, user);
  const others = { predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== queryKeys.me[0] };
  qc.removeQueries({ ...others, type: 'inactive' });
  void qc.resetQueries({ ...others, type: 'active' });
  live.restart();
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api<{ user: CurrentUser }>('/auth/login', { method: 'POST', body }),
    onSuccess: (data) => switchSession(qc, data.user),
  });
}

/**
 * Registration answers alike for new and known emails; signing in with the new password tells the two apart for
 * the person who owns it. null: the email already had an account (its owner has been emailed).
 */
export function useRegister() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string; name: string }) => {
      await api<{ accepted: true }>('/auth/register', { method: 'POST', body });
      try {
        return (await api<{ user: CurrentUser }>('/auth/login', { method: 'POST', body: { email: body.email, password: body.password } })).user;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    onSuccess: (user) => {
      if (user) switchSession(qc, user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('/auth/logout', { method: 'POST' }),
    onSuccess: () => switchSession(qc, null),
  });
}
