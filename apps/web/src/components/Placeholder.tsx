import { useTranslation } from '../i18n/i18n';
import { usePageTitle } from './usePageTitle';

/** A page that another screen will replace. `level={2}` inside a page that has its own <h1> (a case tab). */
export function Placeholder({ title, level = 1 }: { title: string; level?: 1 | 2 }) {
  const { t } = useTranslation();
  usePageTitle(title);
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <>
      <Heading>{title}</Heading>
      <p>{t('placeholder.text')}</p>
    </>
  );
}
