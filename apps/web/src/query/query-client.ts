import { QueryClient } from '@tanstack/react-query';
import { isApiProblem } from '../api/problem';

/** Server state: a 4xx answer is final (no retries); other failures are retried once. */
export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => !(isApiProblem(error) && error.status < 500) && count < 1,
        staleTime: 10_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
