import { type AgencyType, type Role } from './vocabulary';

/** Who acts: a person of one agency. Resolved from a verified token, never from the request body. */
export interface Actor {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyId: string;
  readonly agencyType: AgencyType;
}
