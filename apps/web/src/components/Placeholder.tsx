import { useTranslation } from 'react-i18next';
import { usePageTitle } from './usePageTitle';

/** A page that another screen will replace. */
export function Placeholder({ title }: { title: string }) {
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <p>{t('placeholder.text')}</p>
    </>
  );
}
