import { type AgencyType, type StaffRole } from './vocabulary';

/** Who acts: a person of one agency. Resolved from a verified token, never from the request body. */
export interface Actor {
  readonly userId: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly agencyId: string;
  readonly agencyType: AgencyType;
}

/**
 * The person a case is about, signed in: no agency of its own. Sees only the cases their account is
 * bound to (by redeeming an invitation), only on the participant routes (`/api/me/...`).
 */
export interface ParticipantPrincipal {
  readonly userId: string;
  readonly displayName: string;
  readonly role: 'participant';
}

/** Whoever a verified token names: agency staff or a participant. */
export type Principal = Actor | ParticipantPrincipal;

export const isParticipant = (principal: Principal): principal is ParticipantPrincipal =>
  principal.role === 'participant';
