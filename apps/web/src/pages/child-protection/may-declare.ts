import type { Purpose } from '../../session/purposes';
import type { SessionUser } from '../../session/session-store';

/**
 * Who may declare access under § 8a SGB VIII, as the API's policy says (`mayDeclareChildProtection`): a
 * caseworker of a youth office, under the purpose child_protection. Kept apart from the lazy screens, which
 * the case list and the case page load only when this holds.
 */
export const mayDeclareChildProtection = (user: SessionUser | undefined, purpose: Purpose | undefined): boolean =>
  purpose === 'child_protection' && user?.role === 'caseworker' && user.agencyType === 'youth_office';
