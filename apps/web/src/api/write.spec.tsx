import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { type ReactNode } from 'react';
import { useWrite } from './write';

/** A write the test settles: each call to the API is one entry in `sent`. */
const api = () => {
  const sent: string[] = [];
  const settles: ((ok: boolean) => void)[] = [];
  const send = (body: string) =>
    new Promise<string>((resolve, reject) => {
      sent.push(body);
      settles.push((ok) => (ok ? resolve(`created ${body}`) : reject(new Error('refused'))));
    });
  return { sent, send, settle: (call: number, ok: boolean) => settles[call]?.(ok) };
};

/** Lets TanStack Query run what it queued (it calls the mutation function a few microtasks after `mutate`). */
const settleDown = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 10)));

const render = (send: (body: string) => Promise<string>) => {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useWrite({ mutationFn: send }), { wrapper });
};

describe('useWrite', () => {
  it('sends a second call of the same write only after the first has settled', async () => {
    const server = api();
    const { result } = render(server.send);
    const done: string[] = [];

    // A double click: both presses come before React renders the pending state.
    act(() => {
      result.current.mutate('case', { onSuccess: (answer) => done.push(answer) });
      result.current.mutate('case', { onSuccess: (answer) => done.push(answer) });
    });
    await settleDown();
    expect(server.sent).toEqual(['case']);

    act(() => server.settle(0, true));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(done).toEqual(['created case']);

    act(() => result.current.mutate('next case'));
    await settleDown();
    expect(server.sent).toEqual(['case', 'next case']);
  });

  it('shows a refusal and lets the form send again', async () => {
    const server = api();
    const { result } = render(server.send);
    const done: string[] = [];

    act(() => result.current.mutate('refused', { onSuccess: (answer) => done.push(answer) }));
    await settleDown();
    act(() => server.settle(0, false));
    await waitFor(() => expect(result.current.error).toEqual(new Error('refused')));
    expect(done).toEqual([]);

    act(() => result.current.mutate('corrected'));
    await settleDown();
    expect(server.sent).toEqual(['refused', 'corrected']);
  });

  it('offers no mutateAsync, which would go around the guard', () => {
    const { result } = render(api().send);
    expect('mutateAsync' in result.current).toBe(false);
  });
});
