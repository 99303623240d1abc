import { useQuery } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Loading } from '../components/states.tsx';
import { useLogout, useSession } from '../features/auth/api.ts';
import { api } from '../lib/api.ts';
import { useLive } from '../lib/live.ts';
import { queryKeys } from '../lib/query-keys.ts';
import { LANGUAGES, setLanguage, type Language } from './i18n.ts';
import { useFocusHeadingOnNavigate } from './route-focus.ts';

export function Layout() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const user = session.data;
  const logout = useLogout();
  const navigate = useNavigate();
  useLive([user ? `user:${user.id}` : null]);
  useFocusHeadingOnNavigate('main');
  // On a phone the menu folds behind one button; it closes again once a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setMenuOpen(false);
  }
  const unread = useQuery({
    queryKey: queryKeys.unread(user?.id),
    queryFn: () => api<{ unread: number }>('/notifications/unread-count'),
    enabled: !!user,
  });
  const police = user && ['officer', 'service_head', 'admin'].includes(user.role);
  const coordinator = user && ['coordinator', 'admin'].includes(user.role);

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" width="28" height="28" /> {t('app.title')}
          </Link>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {t('nav.menu')}
          </button>
          <div id="site-menu" className={menuOpen ? 'menu open' : 'menu'}>
            <nav aria-label={t('nav.main')}>
              <ul className="nav">
                <li>
                  <NavLink to="/" end>
                    {t('nav.home')}
                  </NavLink>
                </li>
                {police && (
                  <li>
                    <NavLink to="/tasks">{t('nav.tasks')}</NavLink>
                  </li>
                )}
                {user?.role === 'chair' && (
                  <li>
                    <NavLink to="/portal">{t('nav.portal')}</NavLink>
                  </li>
                )}
                {user?.role === 'resident' && (
                  <li>
                    <NavLink to="/portal">{t('nav.myProposals')}</NavLink>
                  </li>
                )}
                {user && user.role !== 'resident' && (
                  <li>
                    <NavLink to="/registry">{t('registries.nav')}</NavLink>
                  </li>
                )}
                {coordinator && (
                  <li>
                    <NavLink to="/coordinate">{t('nav.coordinate')}</NavLink>
                  </li>
                )}
                {coordinator && (
                  <li>
                    <NavLink to="/audit">{t('nav.audit')}</NavLink>
                  </li>
                )}
                {user?.role === 'admin' && (
                  <li>
                    <NavLink to="/admin/users">{t('admin.nav')}</NavLink>
                    <NavLink to="/open311-keys">{t('open311Keys.heading')}</NavLink>
                  </li>
                )}
                {user && (
                  <li>
                    <NavLink to="/notifications">
                      {t('nav.notifications')}
                      {unread.data && unread.data.unread > 0 ? (
                        <span className="count">
                          <span aria-hidden="true">{unread.data.unread}</span>
                          <span className="sr-only"> {t('notifications.unread', { count: unread.data.unread })}</span>
                        </span>
                      ) : null}
                    </NavLink>
                  </li>
                )}
              </ul>
            </nav>
            <div className="tools">
              <label className="lang">
                <span className="sr-only">{t('nav.language')}</span>
                <select value={i18n.language} onChange={(e) => void setLanguage(e.target.value as Language)} aria-label={t('nav.language')}>
                  {LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {l === 'ru' ? 'Русский' : l === 'kk' ? 'Қазақша' : 'English'}
                    </option>
                  ))}
                </select>
              </label>
              {user && (
                <>
                  <Link className="who" to="/account">
                    {user.name} · {t(`roles.${user.role}`)}
                  </Link>
                  <button type="button" className="link-button" onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/') })}>
                    {t('nav.logout')}
                  </button>
                </>
              )}
            </div>
          </div>
          {/* Signing in is a visitor's first step: it stays in sight on a phone, outside the folded menu. */}
          {!user && (
            <Link className="sign-in" to="/login">
              {t('nav.login')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('app.tagline')}</p>
        <a href="/docs">{t('nav.docs')}</a>
      </footer>
    </>
  );
}
