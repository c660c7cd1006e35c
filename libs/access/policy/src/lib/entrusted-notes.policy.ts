import { type Actor, type Purpose } from '@fallverbund/kernel';
import { type CaseFacts, isConsentActive, isDeclarationActive } from './case-facts';

/**
 * § 65 SGB VIII: what a person entrusts to a youth-office caseworker for personal and educational help
 * is recorded by that caseworker only (a caseworker of a youth_office).
 */
export function mayRecordEntrustedNote(actor: Actor): boolean {
  return actor.role === 'caseworker' && actor.agencyType === 'youth_office';
}

export interface EntrustedNoteReadRequest {
  readonly actor: Actor;
  readonly purpose: Purpose;
  readonly now: Date;
  readonly facts: CaseFacts;
}

/**
 * § 65 SGB VIII: beyond the caseworker it was entrusted to, an entrusted note reaches only a person
 * that a consent active now names (`recipientUserIds`) for `youth_welfare` and the declared purpose —
 * not the author's colleagues, not the team lead, not an agency a consent names (§ 65 Abs. 1 Nr. 1).
 * Under § 8a (§ 65 Abs. 1 Nr. 4) the youth-office caseworker who declared child protection on the case
 * reads them for the risk assessment, with purpose child_protection; the read is recorded on the § 8a
 * basis. The caller checks that `youth_welfare` itself is granted.
 */
export function mayReadEntrustedNote(
  { actor, purpose, now, facts }: EntrustedNoteReadRequest,
  authorUserId: string,
): boolean {
  if (authorUserId === actor.userId) return true;
  const namedByConsent = facts.consents.some(
    (c) =>
      isConsentActive(c, now) &&
      c.purposes.includes(purpose) &&
      c.dataCategories.includes('youth_welfare') &&
      c.recipientUserIds.includes(actor.userId),
  );
  const declaredChildProtection =
    purpose === 'child_protection' &&
    mayRecordEntrustedNote(actor) &&
    facts.childProtectionDeclarations.some((d) => d.userId === actor.userId && isDeclarationActive(d, now));
  return namedByConsent || declaredChildProtection;
}
