import { type QueryClient } from '@tanstack/react-query';
import { type Purpose } from './purposes';
import { session } from './session-store';

/**
 * Declares another purpose. Every staff query's key holds the purpose, so the screens ask again under the
 * new one as they render. The answers kept under other purposes are only marked stale, not fetched now: a
 * fetch now would carry the new purpose's X-Purpose and file its answer under the old purpose's key (shown
 * as that purpose's on the way back), and ask the API twice for the screen in view — two audited accesses.
 */
export function switchPurpose(queryClient: QueryClient, purpose: Purpose): void {
  session.update({ purpose });
  void queryClient.invalidateQueries({ refetchType: 'none' });
}
