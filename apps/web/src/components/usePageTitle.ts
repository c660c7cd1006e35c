import { useEffect } from 'react';
import { useTranslation } from '../i18n/i18n';

/** Sets document.title to "<page> – Fallverbund" for as long as the page is shown. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
}
