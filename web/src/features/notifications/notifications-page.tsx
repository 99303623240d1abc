import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NotificationView } from '@dsd/shared/notifications';
import { DateTime } from '../../components/bits.tsx';
import { QueryState } from '../../components/states.tsx';
import { api } from '../../lib/api.ts';
import { usePageTitle } from '../../components/page-title.ts';

export default function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.heading'));
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['notifications', 'list'], queryFn: () => api<{ items: NotificationView[] }>('/notifications?limit=50') });
  const markAll = useMutation({
    mutationFn: () => api('/notifications/read', { method: 'POST', body: { all: true } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  return (
    <>
      <h1>{t('notifications.heading')}</h1>
      <button type="button" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
        {t('notifications.markAll')}
      </button>
      <QueryState query={list} isEmpty={(d) => d.items.length === 0} empty={t('notifications.none')}>
        {(d) => (
          <ul className="list">
            {d.items.map((n) => (
              <li key={n.id} className={`item ${n.readAt ? '' : 'unread'}`}>
                <p className="meta">
                  <DateTime iso={n.createdAt} />
                </p>
                <h2 className="h3">{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</h2>
                <p>{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
