import { useQueryClient } from '@tanstack/react-query';
import { memo, useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { useTranslation } from '../i18n/i18n';
import { signOut } from '../auth/sign-in';
import { useSession } from '../session/session-store';
import { LanguageSwitch } from './LanguageSwitch';
import { moveToPage } from './move-to-page';
import { NAV_ENTRIES } from './nav-entries';
import { NavLink } from './nav-link';
import { PurposeSelect } from './PurposeSelect';

/**
 * The header: the user, the declared purpose, sign-out, the language. It does not follow the address,
 * so a navigation does not render its selects again (`npm run bench -- web-case-page`).
 */
const AppHeader = memo(function AppHeader() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <header className="app-header">
      <p className="app-name">{t('app.name')}</p>
      {user ? (
        <>
          <PurposeSelect />
          <p className="signed-in">
            {t('header.signedInAs', { name: user.displayName, agency: user.agencyName ?? user.agencyId })}
          </p>
          <Button onPress={() => signOut(queryClient, navigate)}>{t('header.signOut')}</Button>
        </>
      ) : null}
      <LanguageSwitch />
    </header>
  );
});

/** How long a page may take before the wait is shown and announced. */
const PENDING_NOTE_AFTER_MS = 300;

/**
 * A page's reads start with the click and the page shows once they are answered (the routes' loaders,
 * App.tsx); until then the page before stays. A wait longer than a moment is shown and announced (a
 * live region that is always there); a short one changes nothing on the screen.
 */
function PendingNote() {
  const { t } = useTranslation();
  const pending = useNavigation().state === 'loading';
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!pending) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), PENDING_NOTE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [pending]);
  return (
    <p role="status" className="navigation-pending">
      {pending && shown ? t('app.loading') : ''}
    </p>
  );
}

/** Skip link, header (user, purpose, language), navigation by role, and the page in <main>. */
export function Layout() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);
  // After a navigation (not on the first page) the new page shows from its top and the focus moves to its
  // <main>, so that keyboard and screen reader users start at its heading (move-to-page.ts).
  useEffect(() => {
    const first = pathname === firstPath.current;
    firstPath.current = '';
    return first ? undefined : moveToPage(main.current);
  }, [pathname]);
  return (
    <>
      <a href="#main" className="skip-link">
        {t('app.skipLink')}
      </a>
      <AppHeader />
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
      <PendingNote />
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}
