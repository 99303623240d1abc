import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The browser tab names the page, then the site: tabs and history entries stay tellable apart. */
export function usePageTitle(title: string | undefined | null) {
  const { t } = useTranslation();
  const site = t('app.title');
  useEffect(() => {
    document.title = title ? `${title} — ${site}` : site;
  }, [title, site]);
}
