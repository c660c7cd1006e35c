import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render as renderDom, renderHook, screen, waitFor } from '@testing-library/react';
import { type ReactNode, useState } from 'react';
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

describe('the focus after a write', () => {
  /** A card whose button goes away once its write is done — at once, or when a later answer comes. */
  function Card({ send, later }: { send: (body: string) => Promise<string>; later: boolean }) {
    const write = useWrite({ mutationFn: send });
    const [done, setDone] = useState(false);
    return (
      <main>
        <section aria-label="Vermittlung">
          <h2>Vermittlung</h2>
          {done ? (
            <p>Angenommen.</p>
          ) : (
            <button
              type="button"
              onClick={() =>
                write.mutate('accept', {
                  onSuccess: () => (later ? setTimeout(() => setDone(true), 30) : setDone(true)),
                })
              }
            >
              Annehmen
            </button>
          )}
        </section>
        <button type="button">Weiter</button>
      </main>
    );
  }

  const renderCard = (later: boolean) => {
    const server = api();
    const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
    renderDom(
      <QueryClientProvider client={client}>
        <Card send={server.send} later={later} />
      </QueryClientProvider>,
    );
    return server;
  };

  it.each([
    ['at once', false],
    ['when a later answer comes', true],
  ])('goes to the part of the page around the pressed button when the button goes away %s', async (_, later) => {
    const server = renderCard(later);
    const accept = screen.getByRole('button', { name: 'Annehmen' });
    accept.focus();
    fireEvent.click(accept);
    await settleDown();
    act(() => server.settle(0, true));

    await waitFor(() => expect(screen.getByText('Angenommen.')).toBeTruthy());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Vermittlung' })));
  });

  it('stays where the user moved it meanwhile', async () => {
    const server = renderCard(true);
    const accept = screen.getByRole('button', { name: 'Annehmen' });
    accept.focus();
    fireEvent.click(accept);
    await settleDown();
    act(() => server.settle(0, true));
    screen.getByRole('button', { name: 'Weiter' }).focus();

    await waitFor(() => expect(screen.getByText('Angenommen.')).toBeTruthy());
    await settleDown();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Weiter' }));
  });
});
