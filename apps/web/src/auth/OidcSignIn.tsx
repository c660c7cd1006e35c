import { InMemoryWebStorage, WebStorageStateStore } from 'oidc-client-ts';
import { type ReactNode, useEffect } from 'react';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { useTranslation } from '../i18n/i18n';
import { Button } from 'react-aria-components';
import { usePageTitle } from '../components/usePageTitle';
import { ProblemMessage } from '../components/ProblemMessage';
import { endSession, startSession } from './sign-in';

/**
 * Production: authorization code flow with PKCE (oidc-client-ts). The user store is in memory, so no
 * token reaches localStorage or sessionStorage; a reload signs in again (silently at the IdP if its
 * session lasts).
 */
export function OidcProvider({
  issuer,
  clientId,
  children,
}: {
  issuer: string;
  clientId: string;
  children: ReactNode;
}) {
  return (
    <AuthProvider
      authority={issuer}
      client_id={clientId}
      redirect_uri={`${window.location.origin}/`}
      post_logout_redirect_uri={`${window.location.origin}/`}
      response_type="code"
      scope="openid profile"
      userStore={new WebStorageStateStore({ store: new InMemoryWebStorage() })}
      stateStore={new WebStorageStateStore({ store: window.sessionStorage })}
      onSigninCallback={() => window.history.replaceState({}, document.title, window.location.pathname)}
    >
      <OidcSessionBridge />
      {children}
    </AuthProvider>
  );
}

/** Copies the OIDC user into the in-memory session the API client reads. */
function OidcSessionBridge() {
  const auth = useAuth();
  useEffect(() => {
    const user = auth.user;
    if (!user || user.expired) {
      endSession();
      return;
    }
    void startSession(user.access_token, user.profile.name ?? user.profile.sub);
  }, [auth.user]);
  return null;
}

export function OidcSignInPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  usePageTitle(t('signIn.title'));
  return (
    <>
      <h1>{t('signIn.title')}</h1>
      {auth.error ? <ProblemMessage error={auth.error} /> : null}
      {auth.isLoading ? (
        <p role="status">{t('signIn.oidcWorking')}</p>
      ) : (
        <Button onPress={() => void auth.signinRedirect()}>{t('signIn.oidc')}</Button>
      )}
    </>
  );
}
