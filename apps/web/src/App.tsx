import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { type ComponentType, lazy, type ReactNode, Suspense, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createBrowserRouter, Link, Navigate, RouterProvider } from 'react-router';
import { api } from './api/client';
import { DemoSignInPage } from './auth/DemoSignInPage';
import { usePageTitle } from './components/usePageTitle';
import { ProblemMessage } from './components/ProblemMessage';
import { i18n, useTranslation } from './i18n/i18n';
import { Layout } from './layout/Layout';
import { CaseListPage } from './pages/cases/CaseListPage';
import { prefetchCase, prefetchCaseTimeline } from './pages/cases/queries';
import { CaseOverview } from './pages/cases/CaseOverview';
import { CasePage } from './pages/cases/CasePage';
import { createQueryClient } from './query/query-client';
import { useSession } from './session/session-store';

function Home() {
  const { user } = useSession();
  return <Navigate to={user?.role === 'data_protection_officer' ? '/dpo' : '/cases'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}

// Every screen but the case list and a case's overview loads on first visit, outside the case list's
// initial JavaScript (budget 250 KB gzipped, `npm run bench -- web-bundle`): the chart library, the
// diff and the forms come with the screens that use them.
const TeamSignalsPage = lazy(() =>
  import('./pages/team/TeamSignalsPage').then((m) => ({ default: m.TeamSignalsPage })),
);
const EvaluationPage = lazy(() =>
  import('./pages/evaluation/EvaluationPage').then((m) => ({ default: m.EvaluationPage })),
);
const CaseContacts = lazy(() => import('./pages/cases/CaseContacts').then((m) => ({ default: m.CaseContacts })));
const CaseProgress = lazy(() => import('./pages/cases/CaseProgress').then((m) => ({ default: m.CaseProgress })));
const InboxPage = lazy(() => import('./pages/inbox/InboxPage').then((m) => ({ default: m.InboxPage })));
const ConferenceInvitationsPage = lazy(() =>
  import('./pages/inbox/InboxPage').then((m) => ({ default: m.ConferenceInvitationsPage })),
);
const PlanPage = lazy(() => import('./pages/plan/PlanPage').then((m) => ({ default: m.PlanPage })));
const ConferencesPage = lazy(() =>
  import('./pages/conferences/ConferencesPage').then((m) => ({ default: m.ConferencesPage })),
);
const ConsentsPage = lazy(() => import('./pages/consents/ConsentsPage').then((m) => ({ default: m.ConsentsPage })));
const ReferralsPage = lazy(() => import('./pages/referrals/ReferralsPage').then((m) => ({ default: m.ReferralsPage })));
const DpoConsolePage = lazy(() => import('./pages/dpo/DpoConsolePage').then((m) => ({ default: m.DpoConsolePage })));
// The participant's own app (role participant, `/me`): its own layout and routes, loaded only for them.
const ParticipantApp = lazy(() =>
  import('./pages/participant/ParticipantApp').then((m) => ({ default: m.ParticipantApp })),
);

/** The signed-in user's app: the participant's own, or the staff screens. */
function SignedIn() {
  const { t } = useTranslation();
  const { user } = useSession();
  return user?.role === 'participant' ? (
    <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
      <ParticipantApp />
    </Suspense>
  ) : (
    <RouterProvider router={router} useTransitions={false} />
  );
}

function Later({ page: Page }: { page: ComponentType }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
      <Page />
    </Suspense>
  );
}

/** The one query cache: the routes' loaders start reads in it (sign-out clears it). */
const queryClient = createQueryClient();

/** Routes of a signed-in user. Screens add their routes here. */
const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'cases', element: <CaseListPage /> },
      {
        // The case page: a header (participant, status, team) and one tab per child route (<Outlet />).
        // A tab's content starts with an <h2> (the case page has the <h1>). Each line is one slot.
        path: 'cases/:id',
        element: <CasePage />,
        loader: ({ params }) => prefetchCase(queryClient, params['id'] ?? ''),
        children: [
          {
            index: true,
            element: <CaseOverview />,
            loader: ({ params }) => prefetchCaseTimeline(queryClient, params['id'] ?? ''),
          },
          { path: 'contacts', element: <Later page={CaseContacts} /> },
          { path: 'consents', element: <Later page={ConsentsPage} /> },
          { path: 'referrals', element: <Later page={ReferralsPage} /> },
          { path: 'plan', element: <Later page={PlanPage} /> },
          { path: 'conferences', element: <Later page={ConferencesPage} /> },
          { path: 'progress', element: <Later page={CaseProgress} /> },
        ],
      },
      { path: 'inbox', element: <Later page={InboxPage} /> },
      { path: 'invitations', element: <Later page={ConferenceInvitationsPage} /> },
      { path: 'team', element: <Later page={TeamSignalsPage} /> },
      { path: 'evaluation', element: <Later page={EvaluationPage} /> },
      { path: 'dpo', element: <Later page={DpoConsolePage} /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

/** Until someone signs in: the sign-in page of the profile, inside the same layout, at any address. */
function SignedOut({ children }: { children: ReactNode }) {
  const [signedOutRouter] = useState(() =>
    createBrowserRouter([{ element: <Layout />, children: [{ path: '*', element: children }] }]),
  );
  return <RouterProvider router={signedOutRouter} />;
}

// Production only: oidc-client-ts stays out of the bundle the embedded profile loads.
const OidcProvider = lazy(() => import('./auth/OidcSignIn').then((m) => ({ default: m.OidcProvider })));
const OidcSignInPage = lazy(() => import('./auth/OidcSignIn').then((m) => ({ default: m.OidcSignInPage })));

function Shell() {
  const { t } = useTranslation();
  const { token } = useSession();
  const config = useQuery({
    queryKey: ['/api/session/config'],
    queryFn: async () => (await api.GET('/api/session/config')).data!,
    staleTime: Infinity,
  });
  if (config.error) return <ProblemMessage error={config.error} />;
  if (!config.data) return <p role="status">{t('app.loading')}</p>;
  const { oidc, demoUsers } = config.data;
  if (oidc) {
    return (
      <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
        <OidcProvider issuer={oidc.issuer} clientId={oidc.clientId}>
          {token ? (
            <SignedIn />
          ) : (
            <SignedOut>
              <OidcSignInPage />
            </SignedOut>
          )}
        </OidcProvider>
      </Suspense>
    );
  }
  return token ? (
    <SignedIn />
  ) : (
    <SignedOut>
      <DemoSignInPage users={demoUsers ?? []} />
    </SignedOut>
  );
}

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Shell />
      </QueryClientProvider>
    </I18nextProvider>
  );
}
