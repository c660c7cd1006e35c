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
      // A failure is the mutation's to show (`error`, `onError`); the promise only tells when it settled.
      mutateAsync(...call)
        .catch(() => undefined)
        .finally(() => {
          sending.current = false;
        });
    },
    [mutateAsync],
  );
  return { ...mutation, mutate };
}
