import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title.ts';

export default function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('errors.NOT_FOUND'));
  return (
    <>
      <h1>{t('errors.NOT_FOUND')}</h1>
      <Link to="/">{t('nav.home')}</Link>
    </>
  );
}
