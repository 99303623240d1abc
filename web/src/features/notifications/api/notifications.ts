import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationPreferences, NotificationView } from '@dsd/shared/notifications';
import { api } from '../../../lib/api.ts';
import { usePagedList } from '../../../lib/paging.tsx';
import { queryKeys } from '../../../lib/query-keys.ts';

export const useNotifications = () => usePagedList<NotificationView>(queryKeys.notifications, '/notifications', { limit: 50 });

/** Marks some (ids) or all notifications read; the bell and the list refresh. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) => api<{ unread: number }>('/notifications/read', { method: 'POST', body: which }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.notificationsAll }),
  });
}

const preferencesKey = [...queryKeys.notificationsAll, 'preferences'] as const;
export const usePreferences = () => useQuery({ queryKey: preferencesKey, queryFn: () => api<NotificationPreferences>('/notifications/preferences') });

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationPreferences) => api<NotificationPreferences>('/notifications/preferences', { method: 'PUT', body }),
    onSuccess: (saved) => qc.setQueryData(preferencesKey, saved),
  });
}
