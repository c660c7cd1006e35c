import { type Actor, type DataCategory } from '@fallverbund/kernel';
import { isConsentActive } from './case-facts';
import { type CaseAccess } from './case-access.policy';
import { type ConferenceInvitationFacts } from './invitee.policy';
import { PURPOSE_NEEDS } from './policy.tables';

/**
 * Categorised free text: a plan goal, a step, the participant's words, a conference topic or decision,
 * a contact summary carries the data category its author chose ("Alkoholkonsum reduzieren" is
 * `addiction`, not merely `plan`). A reader gets the texts of the categories it may read and only a
 * count of the others: never the text, never the category's name.
 */

/** What decides about texts: the `can` of a case access, or of an invitee's reader (`conferenceTextReader`). */
export type TextAccess = Pick<CaseAccess, 'can'>;

/** May the author record a text of `category` on this case, for the declared purpose? (`record` on the category.) */
export function mayRecordText(access: TextAccess, category: DataCategory): boolean {
  return access.can('record', category);
}

/** The items whose category the reader may read, in their order, and how many were withheld. */
export function partitionTexts<T extends { readonly category: DataCategory }>(
  access: TextAccess,
  items: readonly T[],
): { readable: T[]; withheld: number } {
  const readable = items.filter((item) => access.can('read', item.category));
  return { readable, withheld: items.length - readable.length };
}

/**
 * The texts of a conference an invited agency reads in the invitee's view (purpose case_conference):
 * an identified invitee what its grant allows (the lead agency: what case_conference may need; another
 * agency: that ∩ the categories of the active consents naming it for case_conference and identity); an
 * invitee that sees the participant only by pseudonym reads `case_admin` texts alone. Nothing is recorded
 * through this view.
 */
export function conferenceTextReader(request: {
  actor: Actor;
  now: Date;
  facts: ConferenceInvitationFacts;
  identified: boolean;
}): TextAccess {
  const { actor, now, facts, identified } = request;
  const needs = PURPOSE_NEEDS.case_conference;
  const granted = new Set<DataCategory>(['case_admin']);
  if (identified && actor.agencyId === facts.leadAgencyId) needs.forEach((c) => granted.add(c));
  else if (identified)
    for (const consent of facts.consents)
      if (
        isConsentActive(consent, now) &&
        consent.purposes.includes('case_conference') &&
        consent.dataCategories.includes('identity') &&
        consent.recipientAgencyIds.includes(actor.agencyId)
      )
        consent.dataCategories.filter((c) => needs.includes(c)).forEach((c) => granted.add(c));
  return { can: (action, category) => action === 'read' && granted.has(category) };
}
