import type { QueryClient } from '@tanstack/react-query';
import type { NavigateFunction } from 'react-router';
import { api } from '../api/client';
import { session } from '../session/session-store';

/**
 * Starts a session in memory: asks the API who the token's holder is and which purposes the policy lets
 * them declare (GET /api/session), then keeps token, user, purposes and the default purpose.
 */
export async function startSession(token: string, displayName?: string): Promise<void> {
  const { data } = await api.GET('/api/session', { headers: { Authorization: `Bearer ${token}` } });
  if (!data) return;
  session.set({
    token,
    user: {
      userId: data.userId,
      displayName: displayName ?? data.displayName,
      role: data.role,
      // A participant has no agency (and declares no purpose: `purposes` is empty).
      agencyId: data.agency?.id ?? '',
      ...(data.agency ? { agencyName: data.agency.name, agencyType: data.agency.type } : {}),
    },
    purposes: data.purposes,
    purposeNeeds: data.purposeNeeds,
    ...(data.purposes[0] ? { purpose: data.purposes[0].purpose } : {}),
  });
}

export function endSession(): void {
  session.set({});
}

/**
 * Signing out on purpose: the session and everything read under it end, and the tab goes back to the start
 * page. The next person to sign in on this tab starts there, not at the address the last one left — a case's
 * address would be read again under the new name: a refused access on the participant's record that nobody
 * attempted (docs/decisions.md). `navigate` is the router's (`useNavigate`): the address and the router's state
 * both move; the start page's reads ask nothing without a session.
 */
export function signOut(queryClient: QueryClient, navigate: NavigateFunction): void {
  endSession();
  queryClient.clear();
  void navigate('/', { replace: true });
}

/** Embedded profile: a demo user's token from POST /api/dev/token. */
export async function signInAsDemoUser(userId: string): Promise<void> {
  const { data } = await api.POST('/api/dev/token', { body: { userId } });
  if (data) await startSession(data.accessToken);
}
