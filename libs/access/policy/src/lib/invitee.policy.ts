import { type Actor, type Purpose, type Role } from '@fallverbund/kernel';
import { type ConsentFacts, isConsentActive } from './case-facts';

/**
 * Accesses that no rule of the case table decides, because the actor reads no category of a case
 * under the team, consent or referral rule: a conference invitee's view, and anonymised figures.
 * They live here, beside the table, so that every access decision is in the policy library.
 */

export interface ConferenceInvitationFacts {
  readonly conferenceId: string;
  readonly leadAgencyId: string;
  readonly invitedAgencyIds: readonly string[];
  /** The participant's recorded answer; null while none is recorded. */
  readonly agreed: boolean | null;
  readonly consents: readonly ConsentFacts[];
}

export type ConferenceInvitationAccess =
  | { readonly permitted: false; readonly outcome: 403 | 404; readonly why: string }
  | {
      readonly permitted: true;
      /** The participant appears by name (agreement, and the lead agency or a consent naming the agency). */
      readonly identified: boolean;
      readonly legalBasis: readonly string[];
    };

/**
 * GET /api/conferences/{id}: staff of an invited agency (never a data protection officer), for
 * purpose case_conference, need not be on the case team. An agency not invited does not learn the
 * conference exists (404). Whether the participant appears by name is decided at each read: the
 * participant agreed, and the agency leads the case or an active consent names it for
 * case_conference and identity.
 */
export function decideConferenceInvitation(request: {
  actor: Actor;
  purpose: Purpose;
  now: Date;
  facts: ConferenceInvitationFacts;
}): ConferenceInvitationAccess {
  const { actor, purpose, now, facts } = request;
  if (!facts.invitedAgencyIds.includes(actor.agencyId)) return { permitted: false, outcome: 404, why: 'not invited' };
  if (actor.role === 'data_protection_officer')
    return { permitted: false, outcome: 403, why: 'data protection officers read logs, never conference content' };
  if (purpose !== 'case_conference')
    return {
      permitted: false,
      outcome: 403,
      why: 'the invitee view of a conference is read for purpose case_conference',
    };
  const lead = actor.agencyId === facts.leadAgencyId;
  const consent = facts.consents.find(
    (c) =>
      isConsentActive(c, now) &&
      c.purposes.includes('case_conference') &&
      c.dataCategories.includes('identity') &&
      c.recipientAgencyIds.includes(actor.agencyId),
  );
  const identified = facts.agreed === true && (lead || consent !== undefined);
  const invitation = `conference invitation:${facts.conferenceId}`;
  return {
    permitted: true,
    identified,
    legalBasis: identified
      ? [invitation, lead ? `conference agreement:${facts.conferenceId}` : `consent:${consent?.consentId ?? ''}`]
      : [invitation],
  };
}

/** Who reads anonymised evaluation figures: caseworkers and team leads, for purpose evaluation. */
export const EVALUATION_ROLES: readonly Role[] = ['caseworker', 'team_lead'];

/** The legal basis recorded when evaluation figures are read. */
export const EVALUATION_BASIS = 'Art. 89 GDPR: statistics from anonymised aggregates';

/** GET /api/evaluation/figures: no single case, only aggregates with small groups suppressed. */
export function mayReadEvaluationFigures(actor: Actor, purpose: Purpose): boolean {
  return EVALUATION_ROLES.includes(actor.role) && purpose === 'evaluation';
}
