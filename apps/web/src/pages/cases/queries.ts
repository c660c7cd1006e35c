import { keepPreviousData, type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useWrite } from '../../api/write';
import { api } from '../../api/client';
import { UUID } from '../../api/ids';
import { ApiProblem } from '../../api/problem';
import { i18n } from '../../i18n/i18n';
import type { paths } from '../../api/schema.gen';
import { session, type SessionState, useSession } from '../../session/session-store';

// The pattern every screen copies: one hook per API call, over the typed client (`api`), with a query
// key that starts with the route and holds the user and purpose (so a switch never shows the answer of
// another purpose). Errors arrive as ApiProblem (thrown by the client's middleware); `data` is typed
// from the OpenAPI document.

export type CaseListQuery = NonNullable<paths['/api/cases']['get']['parameters']['query']>;

/** The key prefix of everything about cases, for invalidation after a write. */
export const casesKey = ['/api/cases'] as const;

const caseListQuery = (query: CaseListQuery, { user, purpose }: SessionState) => ({
  queryKey: [...casesKey, user?.userId, purpose, query],
  // The page remembers its offset: while the next page loads, the previous one stays on screen.
  queryFn: async () => ({ ...(await api.GET('/api/cases', { params: { query } })).data!, offset: query.offset ?? 0 }),
});

export function useCaseList(query: CaseListQuery) {
  const state = useSession();
  return useQuery({
    ...caseListQuery(query, state),
    placeholderData: keepPreviousData,
    enabled: Boolean(state.user && state.purpose),
  });
}

/**
 * An address whose case number is no UUID names no case: answered here as the API answers a case it does not
 * show (404 CASE.NOT_FOUND), without asking it — its answer would be a validation error about a path parameter.
 */
const notACase = () => new ApiProblem(404, 'CASE.NOT_FOUND', 'Not Found', undefined, undefined);

const caseQuery = (id: string, { user, purpose }: SessionState) => ({
  queryKey: [...casesKey, id, user?.userId, purpose],
  queryFn: async () => {
    if (!UUID.test(id)) throw notACase();
    return (await api.GET('/api/cases/{id}', { params: { path: { id } } })).data!;
  },
  enabled: Boolean(user && purpose),
  retryOnMount: false,
});

export function useCase(id: string) {
  return useQuery(caseQuery(id, useSession()));
}

export type ListedCase = NonNullable<
  paths['/api/cases']['get']['responses'][200]['content']['application/json']
>['items'][number];

/** The case list's words are at most this many (the API's name search). */
const MAX_NAME_WORDS = 6;

/**
 * Before a case is opened: the cases the reader may see of a person with this name and birth date (the name
 * search of "Meine Fälle", its words exact). Asked as the list asks, so it is the reader's own audited read;
 * a search the API refuses finds nothing rather than stopping the opening.
 */
export function useExistingCases() {
  const queryClient = useQueryClient();
  const state = useSession();
  return async (participant: { givenName: string; familyName: string; birthDate: string }): Promise<ListedCase[]> => {
    const same = (a: string, b: string) => a.trim().toLocaleLowerCase('de') === b.trim().toLocaleLowerCase('de');
    const words = `${participant.givenName} ${participant.familyName}`.split(/\s+/).filter(Boolean);
    const query: CaseListQuery = {
      q: words.slice(0, MAX_NAME_WORDS).join(' '),
      birthDate: participant.birthDate,
      scope: 'all',
      limit: 5,
    };
    try {
      const page = await queryClient.fetchQuery(caseListQuery(query, state));
      return page.items.filter(
        (item) =>
          item.participant &&
          'givenName' in item.participant &&
          same(item.participant.givenName, participant.givenName) &&
          same(item.participant.familyName, participant.familyName),
      );
    } catch {
      return [];
    }
  };
}

/** A mutation: the write, then the queries it changes are invalidated. */
export function useOpenCase() {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (body: paths['/api/cases']['post']['requestBody']['content']['application/json']) =>
      (await api.POST('/api/cases', { body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: casesKey }),
  });
}

type Body<P extends keyof paths, M extends 'post'> = paths[P][M] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type RecordContactBody = Body<'/api/cases/{id}/contacts', 'post'>;
export type CorrectContactBody = Body<'/api/cases/{id}/contacts/{contactId}/corrections', 'post'>;
export type AssessProgressBody = Body<'/api/cases/{id}/progress-assessments', 'post'>;

/** GET /api/cases/{id}/timeline: entries without content, and a count of the withheld ones. */
const caseTimelineQuery = (id: string, { user, purpose }: SessionState) => ({
  queryKey: [...casesKey, id, 'timeline', user?.userId, purpose],
  queryFn: async () => {
    if (!UUID.test(id)) throw notACase();
    return (await api.GET('/api/cases/{id}/timeline', { params: { path: { id } } })).data!;
  },
  enabled: Boolean(user && purpose),
  retryOnMount: false,
});

export function useCaseTimeline(id: string) {
  return useQuery(caseTimelineQuery(id, useSession()));
}

/**
 * Route loaders: a case page's reads start with the click, and the page renders once, when they are
 * answered (the page before stays meanwhile; a longer wait is announced: Layout.tsx). Rendering the new
 * page while the reads were under way took the CPU the API needed on a small machine, and rendered twice
 * (`npm run bench -- web-case-page`). What the cache holds is shown at once and refreshed behind it when
 * stale. A refused or failed read does not stop the navigation: the page shows it from the cache,
 * without asking again (`retryOnMount: false`; each refusal is an audited access).
 * Only what the page then shows is asked for: the case on every tab, the timeline on the overview.
 */
const load = async <T>(
  queryClient: QueryClient,
  query: { queryKey: readonly unknown[]; queryFn: () => Promise<T>; retryOnMount: boolean },
): Promise<null> => {
  try {
    await queryClient.ensureQueryData({ ...query, revalidateIfStale: true });
  } catch {
    // The query holds the error; the page shows it.
  }
  return null;
};
export const prefetchCase = async (queryClient: QueryClient, id: string): Promise<null> => {
  const state = session.get();
  return state.user && state.purpose ? load(queryClient, caseQuery(id, state)) : null;
};
export const prefetchCaseTimeline = async (queryClient: QueryClient, id: string): Promise<null> => {
  const state = session.get();
  return state.user && state.purpose ? load(queryClient, caseTimelineQuery(id, state)) : null;
};

/** GET /api/cases/{id}/contacts: each contact as it stands, with its original and corrections. */
export function useContacts(id: string) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...casesKey, id, 'contacts', user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/cases/{id}/contacts', { params: { path: { id } } })).data!,
    enabled: Boolean(user && purpose),
  });
}

export function useRecordContact(id: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (body: RecordContactBody) =>
      (await api.POST('/api/cases/{id}/contacts', { params: { path: { id } }, body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey, id] }),
  });
}

export function useCorrectContact(id: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async ({ contactId, body }: { contactId: string; body: CorrectContactBody }) =>
      (
        await api.POST('/api/cases/{id}/contacts/{contactId}/corrections', {
          params: { path: { id, contactId } },
          body,
        })
      ).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey, id] }),
  });
}

/** GET /api/cases/{id}/progress: every dimension's ratings over time, per perspective. */
export function useProgress(id: string) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...casesKey, id, 'progress', user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/cases/{id}/progress', { params: { path: { id } } })).data!,
    enabled: Boolean(user && purpose),
  });
}

export function useAssessProgress(id: string) {
  const queryClient = useQueryClient();
  return useWrite({
    mutationFn: async (body: AssessProgressBody) =>
      (await api.POST('/api/cases/{id}/progress-assessments', { params: { path: { id } }, body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...casesKey, id] }),
  });
}

/** Agency names from the sign-in configuration (embedded profile); elsewhere the id stands. */
export function useAgencyName(): (agencyId: string) => string {
  const config = useQuery({
    queryKey: ['/api/session/config'],
    queryFn: async () => (await api.GET('/api/session/config')).data!,
    staleTime: Infinity,
  });
  const names = new Map(
    (config.data?.demoUsers ?? []).flatMap((u) => (u.agency ? [[u.agency.id, u.agency.name] as const] : [])),
  );
  // What the person does herself (a withdrawal in her own view) is recorded without an agency.
  return (agencyId) => names.get(agencyId) ?? (agencyId === '(participant)' ? i18n.t('agency.participant') : agencyId);
}
