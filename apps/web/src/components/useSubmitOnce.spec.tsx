import { act, renderHook } from '@testing-library/react';
import { useSubmitOnce } from './useSubmitOnce';

/** A write that settles when the test says so. */
const pendingWrite = () => {
  let settle: (ok: boolean) => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    settle = (ok) => (ok ? resolve() : reject(new Error('refused')));
  });
  return { promise, settle };
};

describe('useSubmitOnce', () => {
  it('sends a second submit of the same form only after the first has settled', async () => {
    const { result } = renderHook(() => useSubmitOnce());
    const first = pendingWrite();
    const sent: string[] = [];

    result.current(() => (sent.push('first'), first.promise));
    result.current(() => (sent.push('double click'), Promise.resolve()));
    expect(sent).toEqual(['first']);

    await act(() => {
      first.settle(true);
      return first.promise;
    });
    result.current(() => (sent.push('next'), Promise.resolve()));
    expect(sent).toEqual(['first', 'next']);
  });

  it('lets the form send again after a refused write', async () => {
    const { result } = renderHook(() => useSubmitOnce());
    const refused = pendingWrite();
    const sent: string[] = [];

    result.current(() => (sent.push('refused'), refused.promise));
    await act(() => {
      refused.settle(false);
      return refused.promise.catch(() => undefined);
    });
    result.current(() => (sent.push('corrected'), Promise.resolve()));

    expect(sent).toEqual(['refused', 'corrected']);
  });
});
