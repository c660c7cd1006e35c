import { api } from '../api/client';
import { session, type SessionUser } from '../session/session-store';
import { purposesFor, type Role } from '../session/purposes';

/** Starts a session in memory: token, user and the user's default purpose. */
export function startSession(token: string, user: SessionUser): void {
  session.set({ token, user, purpose: purposesFor(user.role, user.agencyType)[0] });
}

export function endSession(): void {
  session.set({});
}

/** Embedded profile: a demo user's token from POST /api/dev/token. */
export async function signInAsDemoUser(user: SessionUser): Promise<void> {
  const { data } = await api.POST('/api/dev/token', { body: { userId: user.userId } });
  if (data) startSession(data.accessToken, user);
}

/** Production: the role and agency claims the API reads (fallverbund_role, fallverbund_agency). */
export function userFromAccessToken(token: string, displayName: string): SessionUser | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  const role = claims['fallverbund_role'];
  const agency = claims['fallverbund_agency'];
  const subject = claims['sub'];
  if (typeof role !== 'string' || typeof agency !== 'string' || typeof subject !== 'string') return undefined;
  return { userId: subject, displayName, role: role as Role, agencyId: agency };
}
