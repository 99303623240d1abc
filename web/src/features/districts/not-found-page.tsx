import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('errors.NOT_FOUND')}</h1>
      <Link to="/">{t('nav.home')}</Link>
    </>
  );
}
