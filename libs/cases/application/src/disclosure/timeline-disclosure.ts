import {
  agencyRevealsTo,
  consentDisclosure,
  mayDisclose,
  purposeReveals,
  readableOf,
  type Reader,
  referralReveals,
} from '@fallverbund/access-policy';
import { type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type Actor, type DataCategory, isDataCategory } from '@fallverbund/kernel';
import { type TimelineEntryView } from '../cases/case.queries';
import { timelineEntry } from '../cases/case-timeline';
import { type AgencyProfiles } from './agency-profiles';

/** The reader of a timeline: what the policy grants, who reads, and which agency leads the case. */
export interface TimelineReader {
  readonly access: Reader;
  readonly actor: Pick<Actor, 'agencyId'>;
  readonly leadAgencyId: string;
}

const categoriesOf = (csv: string | undefined): DataCategory[] => (csv ?? '').split(',').filter(isDataCategory);

/**
 * The timeline of a case as this reader may see it. An entry is data of the categories its event
 * type reveals (a health note is `health`, a referral to an addiction service `addiction`, a consent
 * every category it names and what its recipients reveal), and of what its actor's agency reveals;
 * it is shown only to a reader of all of them, and the count of the others is answered. A consent
 * the reader may not read in full is reduced to its id for the lead agency, which administers
 * consents; a referral's shared categories are reduced to those the reader may read.
 */
export const disclosedTimeline = (
  events: readonly RecordedEvent[],
  reader: TimelineReader,
  profiles: AgencyProfiles,
): { items: TimelineEntryView[]; withheldEntries: number } => {
  const consents = new Map<string, { dataCategories: DataCategory[]; recipientAgencyIds: string[] }>();
  const partners = new Map<string, string>();
  for (const recorded of events) {
    const event = recorded as unknown as CaseEvent;
    if (event.type === 'ConsentGranted') consents.set(event.data.consentId, event.data);
    if (event.type === 'ReferralSent') partners.set(event.data.referralId, event.data.partnerAgencyId);
  }
  const { access, actor } = reader;
  const consentShown = (consentId: string | undefined) => {
    const consent = consentId === undefined ? undefined : consents.get(consentId);
    return consent
      ? consentDisclosure(access, actor, reader.leadAgencyId, {
          dataCategories: consent.dataCategories,
          recipients: consent.recipientAgencyIds.map((id) => profiles.of(id)),
        })
      : 'withheld';
  };
  const items: TimelineEntryView[] = [];
  let withheldEntries = 0;
  for (const recorded of events) {
    const entry = timelineEntry(recorded);
    const shown = disclose(entry, recorded as unknown as CaseEvent, reader, profiles, partners, consentShown);
    if (shown) items.push(shown);
    else withheldEntries += 1;
  }
  return { items, withheldEntries };
};

const disclose = (
  entry: TimelineEntryView,
  event: CaseEvent,
  { access, actor }: TimelineReader,
  profiles: AgencyProfiles,
  partners: ReadonlyMap<string, string>,
  consentShown: (consentId: string | undefined) => 'full' | 'reduced' | 'withheld',
): TimelineEntryView | null => {
  // Who acted is data too: an entry by the staff of an addiction service says that the person is its client.
  if (
    !mayDisclose(access, [
      ...agencyRevealsTo(actor, profiles.of(entry.actor.agencyId)),
      ...purposeReveals(entry.purpose),
    ])
  )
    return null;
  const referral = (referralId: string): DataCategory[] => {
    const partner = partners.get(referralId);
    return partner === undefined ? ['referrals'] : referralReveals(actor, profiles.of(partner));
  };
  const shownIf = (reveals: readonly DataCategory[], details = entry.details): TimelineEntryView | null =>
    mayDisclose(access, reveals) ? { ...entry, details } : null;
  switch (event.type) {
    case 'CaseOpened':
    case 'AftercareStarted':
    case 'CaseClosed':
    case 'CaseReopened':
    case 'ParticipantDataErased':
    case 'ConferenceScheduled':
    case 'ConferenceAgreementRecorded':
    case 'ConferenceHeld':
      return shownIf(['case_admin']);
    case 'TeamMemberAdded':
      return shownIf(['case_admin', ...agencyRevealsTo(actor, profiles.of(event.data.agencyId))]);
    case 'ConsentGranted':
    case 'ConsentWithdrawn': {
      const shown = consentShown(event.data.consentId);
      if (shown === 'withheld') return null;
      return shown === 'full' ? entry : { ...entry, details: { consentId: event.data.consentId } };
    }
    case 'HealthNoteRecorded':
      return shownIf(['health']);
    // That a child-protection concern was raised (§ 8a SGB VIII), or that a person entrusted something to
    // the youth office (§ 65 SGB VIII), is youth-welfare data.
    case 'ChildProtectionAccessDeclared':
    case 'EntrustedNoteRecorded':
      return shownIf(['youth_welfare']);
    case 'ContactRecorded':
    case 'ContactCorrected':
      return shownIf(['contacts']);
    case 'ReferralSent':
      return shownIf(referral(event.data.referralId), {
        ...entry.details,
        sharedCategories: readableOf(access, categoriesOf(entry.details['sharedCategories'])).join(','),
      });
    case 'ReferralAccepted':
    case 'ReferralDeclined':
    case 'ReferralCancelled':
    case 'FirstAppointmentPlanned':
    case 'FirstAppointmentRecorded':
    case 'ReferralCompleted':
      return shownIf(referral(event.data.referralId));
    case 'PlanVersionDrafted':
    case 'PlanVersionAgreed':
    case 'PlanDisputed':
    case 'MediationRequested':
    case 'MediationConcluded':
    case 'PlanStepCompleted':
      return shownIf(['plan']);
    case 'ProgressAssessed':
      return shownIf(['progress']);
    // That processing is restricted or its accuracy disputed is administration of the case (§ 84 SGB X).
    case 'CaseRestricted':
    case 'CaseRestrictionLifted':
    case 'AccuracyDisputed':
    case 'AccuracyDisputeResolved':
      return shownIf(['case_admin']);
    // Administration of the case, naming no content (issue 17): that some categories were erased; the
    // end of retention (hold, offer to the archive, its answer); a request for erasure, its decision, its
    // execution and the notice to recipients (Art. 17, 19 GDPR), all coded, no text.
    case 'CategoryDataErased':
    case 'RetentionHoldPlaced':
    case 'RetentionHoldReleased':
    case 'RecordsOfferedToArchive':
    case 'ArchiveAnswerRecorded':
    case 'ErasureRequested':
    case 'ErasureRequestDecided':
    case 'ErasureRequestExecuted':
    case 'RecipientsNotified':
      return shownIf(['case_admin']);
  }
  // An event type this version does not know reveals what it does not say: withheld.
  return null;
};
