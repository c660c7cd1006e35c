import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { useSession } from '../../session/session-store';

// The pattern every screen copies: one hook per API call, over the typed client (`api`), with a query
// key that starts with the route and holds the user and purpose (so a switch never shows the answer of
// another purpose). Errors arrive as ApiProblem (thrown by the client's middleware); `data` is typed
// from the OpenAPI document.

export type CaseListQuery = NonNullable<paths['/api/cases']['get']['parameters']['query']>;

/** The key prefix of everything about cases, for invalidation after a write. */
export const casesKey = ['/api/cases'] as const;

export function useCaseList(query: CaseListQuery) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...casesKey, user?.userId, purpose, query],
    // The page remembers its offset: while the next page loads, the previous one stays on screen.
    queryFn: async () => ({ ...(await api.GET('/api/cases', { params: { query } })).data!, offset: query.offset ?? 0 }),
    placeholderData: keepPreviousData,
    enabled: Boolean(user && purpose),
  });
}

export function useCase(id: string) {
  const { user, purpose } = useSession();
  return useQuery({
    queryKey: [...casesKey, id, user?.userId, purpose],
    queryFn: async () => (await api.GET('/api/cases/{id}', { params: { path: { id } } })).data!,
    enabled: Boolean(user && purpose),
  });
}

/** A mutation: the write, then the queries it changes are invalidated. */
export function useOpenCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: paths['/api/cases']['post']['requestBody']['content']['application/json']) =>
      (await api.POST('/api/cases', { body })).data!,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: casesKey }),
  });
}
