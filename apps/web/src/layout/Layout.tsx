import { Button } from 'react-aria-components';
import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { endSession } from '../auth/sign-in';
import type { Role } from '../session/purposes';
import { useSession } from '../session/session-store';
import { LanguageSwitch } from './LanguageSwitch';
import { PurposeSelect } from './PurposeSelect';

/** The navigation, by role: the path, its label key, and who sees it. */
export const NAV_ENTRIES: readonly { path: string; label: string; roles: readonly Role[] }[] = [
  { path: '/cases', label: 'nav.cases', roles: ['caseworker', 'team_lead', 'health_professional', 'partner_staff'] },
  { path: '/inbox', label: 'nav.inbox', roles: ['partner_staff'] },
  { path: '/team', label: 'nav.team', roles: ['team_lead'] },
  { path: '/dpo', label: 'nav.dpo', roles: ['data_protection_officer'] },
];

/** Skip link, header (user, purpose, language), navigation by role, and the page in <main>. */
export function Layout() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <>
      <a href="#main" className="skip-link">
        {t('app.skipLink')}
      </a>
      <header className="app-header">
        <p className="app-name">{t('app.name')}</p>
        {user ? (
          <>
            <PurposeSelect />
            <p className="signed-in">
              {t('header.signedInAs', { name: user.displayName, agency: user.agencyName ?? user.agencyId })}
            </p>
            <Button onPress={endSession}>{t('header.signOut')}</Button>
          </>
        ) : null}
        <LanguageSwitch />
      </header>
      {user ? (
        <nav aria-label={t('nav.label')} className="app-nav">
          <ul>
            {NAV_ENTRIES.filter((entry) => entry.roles.includes(user.role)).map((entry) => (
              <li key={entry.path}>
                <NavLink to={entry.path}>{t(entry.label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
