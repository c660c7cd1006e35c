import { useCallback, useRef } from 'react';

/**
 * Sends a form's write at most once at a time. The submit button is disabled while the write is pending,
 * but only after React has rendered that state: a double click or a second Enter that comes first (an
 * input event runs before the timer that tells React) would send the write twice — two cases, two contacts.
 * `send` runs unless the previous one has not settled; its failure is the mutation's to show (`error`).
 */
export function useSubmitOnce(): (send: () => Promise<unknown>) => void {
  const sending = useRef(false);
  return useCallback((send) => {
    if (sending.current) return;
    sending.current = true;
    send()
      .catch(() => undefined)
      .finally(() => {
        sending.current = false;
      });
  }, []);
}
