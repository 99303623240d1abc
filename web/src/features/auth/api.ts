import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CurrentUser } from '@dsd/shared/auth';
import { ApiError, api } from '../../lib/api.ts';

export function useSession() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return (await api<{ user: CurrentUser }>('/auth/me')).user;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api<{ user: CurrentUser }>('/auth/login', { method: 'POST', body }),
    onSuccess: (data) => {
      qc.clear();
      qc.setQueryData(['me'], data.user);
    },
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
      if (!user) return;
      qc.clear();
      qc.setQueryData(['me'], user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      qc.clear();
      qc.setQueryData(['me'], null);
    },
  });
}
