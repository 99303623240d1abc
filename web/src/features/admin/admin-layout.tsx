import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { usePageTitle } from '../../components/page-title.ts';
import { useSession } from '../auth/api.ts';

const SECTIONS = ['users', 'districts', 'services', 'categories', 'organizations'] as const;

/** The admin's pages: staff and invites, then configuration; each a section under /admin/…. */
export default function AdminLayout() {
  const { t } = useTranslation();
  usePageTitle(t('admin.heading'));
  const session = useSession();
  if (session.isPending) return null;
  if (!session.data) return <Link to="/login">{t('nav.login')}</Link>;
  if (session.data.role !== 'admin') return <p className="notice error">{t('errors.FORBIDDEN')}</p>;
  return (
    <>
      <h1>{t('admin.heading')}</h1>
      <nav aria-label={t('admin.sections')}>
        <ul className="admin-nav">
          {SECTIONS.map((s) => (
            <li key={s}>
              <NavLink to={`/admin/${s}`}>{t(`admin.section.${s}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
