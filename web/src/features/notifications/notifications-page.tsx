import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../components/bits.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryState } from '../../components/states.tsx';
import { MoreButton } from '../../lib/paging.tsx';
import { useMarkRead, useNotifications } from './api/notifications.ts';
import { NotificationSettings } from './components/notification-settings.tsx';

export default function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.heading'));
  const list = useNotifications();
  const markRead = useMarkRead();
  return (
    <>
      <h1>{t('notifications.heading')}</h1>
      <button type="button" onClick={() => markRead.mutate({ all: true })} disabled={markRead.isPending}>
        {t('notifications.markAll')}
      </button>
      <QueryState query={list} isEmpty={(d) => d.items.length === 0} empty={t('notifications.none')}>
        {(d) => (
          <ul className="list">
            {d.items.map((n) => (
              <li key={n.id} className={`item ${n.readAt ? '' : 'unread'}`} data-testid="notification">
                <p className="meta">
                  <DateTime iso={n.createdAt} />
                  {n.count > 1 && <span className="tag">{t('notifications.changes', { count: n.count })}</span>}
                </p>
                <h2 className="h3">
                  {n.link ? (
                    // Opening it is reading it: marked read on the way to the page it is about.
                    <Link to={n.link} onClick={() => !n.readAt && markRead.mutate({ ids: [n.id] })}>
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </h2>
                <p>{n.body}</p>
                {n.actor && <p className="small">{t('notifications.by', { actor: n.actor })}</p>}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <MoreButton list={list} />
      <NotificationSettings />
    </>
  );
}
