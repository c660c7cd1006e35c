import {
  type DefaultError,
  useMutation,
  type UseMutateFunction,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query';
import { useCallback, useRef } from 'react';

/**
 * A write's state as TanStack Query keeps it (idle, pending, error, success: `data` is there on success), sent
 * only through `mutate`, which sends it once at a time.
 */
export type Write<TData = unknown, TError = DefaultError, TVariables = void, TOnMutateResult = unknown> =
  UseMutationResult<TData, TError, TVariables, TOnMutateResult> extends infer State
    ? State extends unknown
      ? Omit<State, 'mutateAsync'>
      : never
    : never;

/**
 * Every write of the workspace (lint allows `useMutation` only here): TanStack Query's mutation, whose
 * `mutate` does nothing while the previous call has not settled. A button disabled while a write is pending
 * is disabled only once React has rendered that state: a double click or a second Enter that comes first
 * (an input event runs before the timer that tells React) would send the write twice — two cases, two
 * contacts, two referrals. And a button disabled under the pointer loses the keyboard focus to the page, so
 * the workspace's buttons stay enabled and the write itself refuses a second call. There is no
 * `mutateAsync`: what follows a write goes into `mutate`'s `onSuccess`, which a refused call never runs.
 *
 * When the write has settled and the element it was sent from (the pressed button) leaves the document — the
 * form closes, the card moves on — the focus would fall to the page's body and a keyboard or screen-reader user
 * would start over at its top: it goes to the nearest part of the page around that element that is still there
 * (`keepFocusNear`).
 */
export function useWrite<TData = unknown, TError = DefaultError, TVariables = void, TOnMutateResult = unknown>(
  options: UseMutationOptions<TData, TError, TVariables, TOnMutateResult>,
): Write<TData, TError, TVariables, TOnMutateResult> {
  const { mutateAsync, ...mutation } = useMutation(options);
  const sending = useRef(false);
  const mutate = useCallback<UseMutateFunction<TData, TError, TVariables, TOnMutateResult>>(
    (...call) => {
      if (sending.current) return;
      sending.current = true;
      const from = document.activeElement;
      // A failure is the mutation's to show (`error`, `onError`); the promise only tells when it settled.
      mutateAsync(...call)
        .catch(() => undefined)
        .finally(() => {
          sending.current = false;
          if (from && from !== document.body) keepFocusNear(from);
        });
    },
    [mutateAsync],
  );
  return { ...mutation, mutate };
}

/** How long after a write its screen may still change (a refetch) and take the pressed element away. */
const WATCH_MS = 5_000;

/**
 * Watches the document for a while: once `from` is gone and nothing has the focus (the body has it), focuses
 * the nearest ancestor `from` had that is still in the document (made focusable by script, `tabindex=-1`).
 * Returns the end of the watch.
 */
export function keepFocusNear(from: Element): () => void {
  const ancestors: Element[] = [];
  for (let node = from.parentElement; node && node !== document.body; node = node.parentElement) ancestors.push(node);
  const check = (): boolean => {
    if (from.isConnected) return false;
    const active = document.activeElement;
    if (active && active !== document.body) return true;
    const kept = ancestors.find((node) => node.isConnected);
    if (kept instanceof HTMLElement) {
      if (kept.tabIndex < 0 && !kept.hasAttribute('tabindex')) kept.setAttribute('tabindex', '-1');
      kept.focus({ preventScroll: true });
    }
    return true;
  };
  if (check()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (check()) stop();
  });
  const timer = setTimeout(() => stop(), WATCH_MS);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
  };
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}
