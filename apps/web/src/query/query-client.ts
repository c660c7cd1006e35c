import { MutationCache, QueryClient } from '@tanstack/react-query';
import { isApiProblem } from '../api/problem';

/**
 * Server state: a 4xx answer is final (no retries); other failures are retried once. A write refused because
 * the thing changed meanwhile (409: the step no longer fits, someone else was first; 412: an old version) means
 * the screen shows a state that is gone: every shown read is fetched again, so the refusal and the new state
 * appear together and the screen offers only what still fits.
 */
export const createQueryClient = (): QueryClient => {
  const client: QueryClient = new QueryClient({
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isApiProblem(error) && (error.status === 409 || error.status === 412)) void client.invalidateQueries();
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(isApiProblem(error) && error.status < 500) && count < 1,
        staleTime: 10_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
};
