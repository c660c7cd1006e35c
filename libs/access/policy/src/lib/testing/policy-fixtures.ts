import { type Actor, type AgencyType, type StaffRole } from '@fallverbund/kernel';
import { type ConsentFacts } from '../case-facts';

/** Builders the policy specs share (not exported by the library). */

export const person = (userId: string, role: StaffRole, agencyId: string, agencyType: AgencyType): Actor => ({
  userId,
  displayName: userId,
  role,
  agencyId,
  agencyType,
});

/** An active consent without end, granted on 2026-11-01; `overrides` say for what and to whom. */
export const consentFacts = (
  overrides: Partial<ConsentFacts> & Pick<ConsentFacts, 'purposes' | 'dataCategories' | 'recipientAgencyIds'>,
): ConsentFacts => ({
  consentId: 'c-1',
  recipientUserIds: [],
  validUntil: null,
  grantedAt: '2026-11-01T09:00:00.000Z',
  withdrawnAt: null,
  ...overrides,
});

/** A case team entry for `actor`. */
export const memberOf = (actor: Actor) => ({ userId: actor.userId, agencyId: actor.agencyId, role: actor.role });
