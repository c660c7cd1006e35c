import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { NavLink } from '../../layout/nav-link';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { signOut } from '../../auth/sign-in';
import { addTexts } from '../../i18n/texts';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { moveToPage } from '../../layout/move-to-page';
import { useSession } from '../../session/session-store';
import { participantErasureTexts } from './erasure-texts';
import { participantTexts } from './texts';
import './participant.css';

addTexts('participant', participantTexts);
addTexts('participantErasure', participantErasureTexts);

/**
 * The participant's own frame (role participant): skip link, a header with the name, sign-out and the
 * language, one link "Meine Fälle", the page in <main>. No staff navigation and no purpose: a
 * participant declares none (the API records their reads as the data subject's own).
 */
export function ParticipantLayout() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);
  useEffect(() => {
    const first = pathname === firstPath.current;
    firstPath.current = '';
    return first ? undefined : moveToPage(main.current);
  }, [pathname]);
  const navigate = useNavigate();
  return (
    <div className="participant-app">
      <a href="#main" className="skip-link">
        {t('app.skipLink')}
      </a>
      <header className="app-header participant-header">
        <p className="app-name">{t('app.name')}</p>
        {user ? (
          <>
            <p className="signed-in">{t('participant.header.signedInAs', { name: user.displayName })}</p>
            <Button onPress={() => signOut(queryClient, navigate)}>{t('participant.header.signOut')}</Button>
          </>
        ) : null}
        <LanguageSwitch />
      </header>
      <nav aria-label={t('participant.nav.label')} className="app-nav">
        <ul>
          <li>
            <NavLink to="/me" end>
              {t('participant.nav.cases')}
            </NavLink>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
