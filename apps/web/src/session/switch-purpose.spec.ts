import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { session } from './session-store';
import { switchPurpose } from './switch-purpose';

describe('switchPurpose', () => {
  afterEach(() => session.set({}));

  it('marks the answers under the old purpose stale without asking again under the new one', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    session.set({ purpose: 'integration' });
    const asked: (string | undefined)[] = [];
    // As the screens' queries do: the purpose in the key, the header from the session when the request goes out.
    const observer = new QueryObserver(queryClient, {
      queryKey: ['/api/cases', 'integration'],
      queryFn: () => {
        asked.push(session.get().purpose);
        return Promise.resolve({ items: [] });
      },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await observer.refetch();
    asked.length = 0;

    switchPurpose(queryClient, 'child_protection');
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(session.get().purpose).toBe('child_protection');
    expect(asked).toEqual([]);
    expect(queryClient.getQueryState(['/api/cases', 'integration'])?.isInvalidated).toBe(true);
    unsubscribe();
  });
});
