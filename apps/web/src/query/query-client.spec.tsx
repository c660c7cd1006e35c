import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { type ReactNode } from 'react';
import { ApiProblem } from '../api/problem';
import { useWrite } from '../api/write';
import { createQueryClient } from './query-client';

/** A shown read (the referral's status) and a write that the API refuses with `status`. */
const screenWith = (status: number) => {
  let reads = 0;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={createQueryClient()}>{children}</QueryClientProvider>
  );
  const hook = renderHook(
    () => ({
      referral: useQuery({ queryKey: ['/api/referrals', 'r1'], queryFn: () => Promise.resolve(`read ${++reads}`) }),
      accept: useWrite({
        mutationFn: () => Promise.reject(new ApiProblem(status, 'CODE', 'Refused', undefined, undefined)),
      }),
    }),
    { wrapper },
  );
  return { ...hook, reads: () => reads };
};

describe('a write refused because the state changed meanwhile', () => {
  it.each([409, 412])('fetches what the screen shows again (%i)', async (status) => {
    const { result, reads } = screenWith(status);
    await waitFor(() => expect(result.current.referral.data).toBe('read 1'));

    act(() => result.current.accept.mutate());

    await waitFor(() => expect(result.current.accept.isError).toBe(true));
    await waitFor(() => expect(result.current.referral.data).toBe('read 2'));
    expect(reads()).toBe(2);
  });

  it('leaves the screen as it is after a refusal of the input (400)', async () => {
    const { result, reads } = screenWith(400);
    await waitFor(() => expect(result.current.referral.data).toBe('read 1'));

    act(() => result.current.accept.mutate());
    await waitFor(() => expect(result.current.accept.isError).toBe(true));
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 50)));

    expect(reads()).toBe(1);
  });
});
