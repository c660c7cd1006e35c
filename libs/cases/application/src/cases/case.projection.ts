import { type ReferralFactsStatus } from '@fallverbund/access-policy';
import { type CaseEvent } from '@fallverbund/cases-domain';
import { envelopeOf, type RecordedEvent } from '@fallverbund/event-store';
import { type EntityManager, In, IsNull } from 'typeorm';
import { bulkInsert, bulkWrite } from '../projections/bulk-write';
import { categoryErasuresIn, type CategoryErasure, type Projection } from '../projections/projection';
import {
  CaseConsentGrant,
  CaseSummary,
  CaseTeamMember,
  ChildProtectionDeclarationRow,
  ContactCorrectionRow,
  ContactRow,
  HealthNoteRow,
} from './case-read-model.entities';
import { findIn } from '../projections/find-in';

const CASE_STREAM = /^case-/;
const NONE: ReadonlySet<string> = new Set();

/** The referral's status after each step, for the access facts (rule `referral`). */
const REFERRAL_STATUS_AFTER = {
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  FirstAppointmentRecorded: 'first_appointment',
  ReferralCompleted: 'completed',
  ReferralCancelled: 'cancelled',
} as const satisfies Record<string, ReferralFactsStatus>;

/**
 * Case summaries with their access facts, teams, consent grants, child-protection
 * declarations and health notes. It reads the log as stored: personal fields stay sealed and go into
 * the read model sealed, so applying events never decrypts. A page is applied with one read of the
 * rows it touches and one bulk write per table, which keeps a rebuild close to the speed of reading.
 */
export const caseProjection: Projection = {
  name: 'cases',
  tables: [
    CaseSummary,
    CaseTeamMember,
    CaseConsentGrant,
    ChildProtectionDeclarationRow,
    HealthNoteRow,
    ContactRow,
    ContactCorrectionRow,
  ],
  async apply(page, manager, replay) {
    const events = page.filter((e) => CASE_STREAM.test(e.streamId)) as RecordedEvent<CaseEvent['data']>[];
    if (events.length === 0) return;
    const { load, opened } = casesIn(events);
    const summaries = new Map((await findIn(manager, CaseSummary, 'caseId', load)).map((row) => [row.caseId, row]));
    const changed = new Set<string>();
    // In a rebuild a case opened in this page has no rows yet: its summary and team go in as new rows
    // (COPY on PostgreSQL), without the search for a conflicting key that an upsert makes.
    const fresh = replay?.rebuilding ? opened : NONE;
    const members: CaseTeamMember[] = [];
    const newMembers: CaseTeamMember[] = [];
    const erasedParticipants = new Set<string>();
    const grants: CaseConsentGrant[] = [];
    const withdrawnConsents: string[] = [];
    const declarations: ChildProtectionDeclarationRow[] = [];
    const notes: HealthNoteRow[] = [];
    const contactIds = [
      ...new Set(
        events.flatMap((e) => (e.type === 'ContactCorrected' ? [(e.data as { contactId: string }).contactId] : [])),
      ),
    ];
    const contacts = new Map(
      (await findIn(manager, ContactRow, 'contactId', contactIds)).map((row) => [row.contactId, row]),
    );
    const changedContacts = new Set<string>();
    const corrections: ContactCorrectionRow[] = [];

    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      const at = recorded.metadata.occurredAt;
      const caseId = recorded.streamId.slice('case-'.length);
      const summary = summaries.get(caseId);
      switch (event.type) {
        case 'CaseOpened': {
          const { participantId, leadAgencyId, leadAgencyType, openedBy, openedByRole, firstContactAt } = event.data;
          summaries.set(caseId, {
            caseId,
            participantId,
            participantSealed: envelopeOf(event.data) ?? null,
            participantErased: false,
            leadAgencyId,
            leadAgencyType,
            access: {
              team: [{ userId: openedBy, agencyId: leadAgencyId, role: openedByRole }],
              consents: [],
              childProtectionDeclarations: [],
              referrals: [],
            },
            status: 'active',
            exitReason: null,
            followUps: [],
            openedAt: at,
            firstContactAt: firstContactAt ?? at,
            updatedAt: at,
            version: recorded.version,
          });
          (fresh.has(caseId) ? newMembers : members).push({
            caseId,
            userId: openedBy,
            agencyId: leadAgencyId,
            role: openedByRole,
            addedAt: at,
            caseOpenedAt: at,
          });
          break;
        }
        case 'TeamMemberAdded': {
          const { userId, agencyId, role } = event.data;
          const member = { caseId, userId, agencyId, role, addedAt: at, caseOpenedAt: summary?.openedAt ?? at };
          // A new case's whole team is in memory: a member added twice keeps its first row, as 'ignore' does.
          if (!fresh.has(caseId)) members.push(member);
          else if (!summary?.access.team.some((m) => m.userId === userId)) newMembers.push(member);
          summary?.access.team.push({ userId, agencyId, role });
          break;
        }
        case 'ParticipantDataErased': {
          erasedParticipants.add(event.data.participantId);
          if (summary) Object.assign(summary, { participantSealed: null, participantErased: true });
          break;
        }
        case 'ConsentGranted': {
          const { recordedBy, caseId: _caseId, ...consent } = event.data;
          summary?.access.consents.push({ ...consent, recordedBy, withdrawnAt: null });
          const recipients = [
            ...consent.recipientAgencyIds.map((id) => ['agency', id] as const),
            ...consent.recipientUserIds.map((id) => ['user', id] as const),
          ];
          for (const purpose of consent.purposes) {
            for (const [recipientKind, recipientId] of recipients) {
              grants.push({
                consentId: consent.consentId,
                purpose,
                recipientId,
                recipientKind,
                caseId,
                coversCaseAdmin: consent.dataCategories.includes('case_admin'),
                coversIdentity: consent.dataCategories.includes('identity'),
                caseOpenedAt: summary?.openedAt ?? at,
                validUntil: consent.validUntil,
                withdrawn: false,
              });
            }
          }
          break;
        }
        case 'ConsentWithdrawn': {
          const { consentId, withdrawnAt } = event.data;
          const consent = summary?.access.consents.find((c) => c.consentId === consentId);
          if (consent) consent.withdrawnAt = withdrawnAt;
          for (const grant of grants) if (grant.consentId === consentId) grant.withdrawn = true;
          withdrawnConsents.push(consentId);
          break;
        }
        case 'HealthNoteRecorded': {
          const { noteId, participantId, authorUserId, authorAgencyId, secrecy, recordedAt } = event.data;
          notes.push({
            noteId,
            caseId,
            participantId,
            textSealed: envelopeOf(event.data) ?? null,
            authorUserId,
            authorAgencyId,
            secrecy,
            recordedAt,
          });
          break;
        }
        case 'ContactRecorded': {
          const { contactId, participantId, kind, occurredAt, durationMinutes, participants, recordedBy, recordedAt } =
            event.data;
          contacts.set(contactId, {
            contactId,
            caseId,
            participantId,
            kind,
            occurredAt,
            durationMinutes,
            participants,
            summarySealed: envelopeOf(event.data) ?? null,
            summaryCategory: event.data.summaryCategory ?? 'contacts',
            recordedBy,
            recordedAt,
            original: { kind, occurredAt, durationMinutes, participants },
          });
          changedContacts.add(contactId);
          break;
        }
        case 'ContactCorrected': {
          const { contactId, correctionId, participantId, changes, correctedBy, correctedAt } = event.data;
          const { participants, ...scalars } = changes;
          const changed = { ...scalars, ...(participants ? { participants: [...participants] } : {}) };
          const contact = contacts.get(contactId);
          if (contact) {
            Object.assign(contact, changed);
            changedContacts.add(contactId);
          }
          const envelope = envelopeOf(event.data);
          corrections.push({
            correctionId,
            contactId,
            caseId,
            participantId,
            changes: changed,
            summaryChanged: envelope?.fields.includes('summary') ?? false,
            sealed: envelope ?? null,
            summaryCategory: envelope?.fields.includes('summary') ? (event.data.summaryCategory ?? 'contacts') : null,
            reasonCategory: event.data.reasonCategory ?? 'contacts',
            correctedBy,
            correctedAt,
          });
          break;
        }
        case 'AftercareStarted':
          if (summary) Object.assign(summary, { status: 'aftercare', followUps: event.data.followUps });
          break;
        case 'CaseClosed':
          if (summary) Object.assign(summary, { status: 'closed', exitReason: event.data.exitReason });
          break;
        case 'CaseReopened':
          if (summary) Object.assign(summary, { status: 'active', exitReason: null, followUps: [] });
          break;
        case 'ReferralSent': {
          const { referralId, partnerAgencyId, purpose, sharedCategories } = event.data;
          const referral = { referralId, partnerAgencyId, purpose, sharedCategories, status: 'sent' as const };
          if (summary) summary.access.referrals = [...(summary.access.referrals ?? []), referral];
          break;
        }
        case 'ReferralAccepted':
        case 'ReferralDeclined':
        case 'FirstAppointmentRecorded':
        case 'ReferralCompleted':
        case 'ReferralCancelled': {
          const referral = summary?.access.referrals?.find((r) => r.referralId === event.data.referralId);
          if (referral) referral.status = REFERRAL_STATUS_AFTER[event.type];
          break;
        }
        case 'ChildProtectionAccessDeclared': {
          // Raw: the justification sealed in the envelope, or in clear in declarations recorded before.
          const { declarationId, userId, agencyId, declaredAt, expiresAt } = event.data;
          const { participantId, justification } = event.data as { participantId?: string; justification?: string };
          summary?.access.childProtectionDeclarations.push({ declarationId, userId, declaredAt, expiresAt });
          declarations.push({
            declarationId,
            caseId,
            participantId: participantId ?? null,
            userId,
            agencyId,
            justification: justification ?? null,
            justificationSealed: envelopeOf(event.data) ?? null,
            declaredAt,
            expiresAt,
          });
          break;
        }
        case 'CaseRestricted': {
          const { scope, reason, restrictedAt } = event.data;
          if (summary) summary.access.restriction = { scope, reason, since: restrictedAt };
          break;
        }
        case 'CaseRestrictionLifted':
          if (summary) summary.access.restriction = null;
          break;
        case 'AccuracyDisputed': {
          const { categories, disputedAt } = event.data;
          if (summary) summary.access.accuracyDispute = { categories, since: disputedAt };
          break;
        }
        case 'AccuracyDisputeResolved':
          if (summary) summary.access.accuracyDispute = null;
          break;
        // The retention schedule holds them (retention-schedule.projection.ts); here they only move the version.
        case 'RetentionHoldPlaced':
        case 'RetentionHoldReleased':
        case 'RecordsOfferedToArchive':
        case 'ArchiveAnswerRecorded':
          break;
        // Their own read models hold them; here they only move the case's version.
        case 'ErasureRequested':
        case 'ErasureRequestDecided':
        case 'ErasureRequestExecuted':
        case 'RecipientsNotified':
        case 'PlanVersionDrafted':
        case 'PlanVersionAgreed':
        case 'PlanDisputed':
        case 'MediationRequested':
        case 'MediationConcluded':
        case 'PlanStepCompleted':
        case 'ConferenceScheduled':
        case 'ConferenceAgreementRecorded':
        case 'ConferenceHeld':
        case 'ProgressAssessed':
        case 'EntrustedNoteRecorded':
        case 'FirstAppointmentPlanned': // leaves the referral accepted; only the held one counts
        case 'CategoryDataErased': // purged after the page (purgeCaseCategories)
          break;
      }
      const current = summaries.get(caseId);
      if (current) {
        current.version = recorded.version;
        current.updatedAt = at;
      }
      changed.add(caseId);
    }

    const [newSummaries, storedSummaries] = [[] as CaseSummary[], [] as CaseSummary[]];
    for (const caseId of changed) {
      const summary = summaries.get(caseId);
      if (summary) (fresh.has(caseId) ? newSummaries : storedSummaries).push(summary);
    }
    await bulkInsert(manager, CaseSummary, newSummaries);
    await bulkWrite(manager, CaseSummary, storedSummaries, 'update');
    await bulkInsert(manager, CaseTeamMember, newMembers);
    await bulkWrite(manager, CaseTeamMember, members, 'ignore');
    await bulkWrite(manager, CaseConsentGrant, grants, 'ignore');
    if (withdrawnConsents.length > 0)
      await manager.update(CaseConsentGrant, { consentId: In(withdrawnConsents) }, { withdrawn: true });
    await bulkWrite(manager, ChildProtectionDeclarationRow, declarations, 'ignore');
    await bulkWrite(manager, HealthNoteRow, notes, 'ignore');
    await bulkWrite(
      manager,
      ContactRow,
      [...changedContacts].flatMap((id) => contacts.get(id) ?? []),
      'update',
    );
    await bulkWrite(manager, ContactCorrectionRow, corrections, 'ignore');
    if (erasedParticipants.size > 0) await purgeParticipants(manager, [...erasedParticipants]);
    const erasures = categoryErasuresIn(events);
    if (erasures.length > 0) await purgeCaseCategories(erasures, manager);
  },
  purgeCategories: (erasures, manager) => purgeCaseCategories(erasures, manager),
};

/**
 * The cases whose stored summary this page builds on (`load`), and those opened in it. A case whose first
 * event in the page is `CaseOpened` starts here (a stream begins with it, and it replaces any summary
 * anyway), so it is not looked up: in a rebuild that is nearly every case, and the lookups cost more than
 * the writes.
 */
const casesIn = (events: readonly RecordedEvent[]): { load: string[]; opened: Set<string> } => {
  const first = new Map<string, string>();
  for (const e of events) {
    const caseId = e.streamId.slice('case-'.length);
    if (!first.has(caseId)) first.set(caseId, e.type);
  }
  const opened = new Set<string>();
  const load: string[] = [];
  for (const [caseId, type] of first) {
    if (type === 'CaseOpened') opened.add(caseId);
    else load.push(caseId);
  }
  return { load, opened };
};

/**
 * Drops the sealed copies of erased categories (issue 17): the identity of the summary, health notes,
 * contact summaries of those categories, corrections whose texts are all of them.
 */
export const purgeCaseCategories = async (
  erasures: readonly CategoryErasure[],
  manager: EntityManager,
): Promise<void> => {
  for (const { participantId, categories } of erasures) {
    const erased = In([...categories]);
    if (categories.includes('identity'))
      await manager.update(CaseSummary, { participantId }, { participantSealed: null });
    if (categories.includes('health')) await manager.update(HealthNoteRow, { participantId }, { textSealed: null });
    if (categories.includes('youth_welfare'))
      await manager.update(ChildProtectionDeclarationRow, { participantId }, { justificationSealed: null });
    await manager.update(ContactRow, { participantId, summaryCategory: erased }, { summarySealed: null });
    if (categories.includes('contacts'))
      await manager.update(ContactRow, { participantId, summaryCategory: IsNull() }, { summarySealed: null });
    for (const summaryCategory of [erased, IsNull()])
      await manager.update(
        ContactCorrectionRow,
        { participantId, summaryCategory, reasonCategory: erased },
        { sealed: null },
      );
  }
};

/** Drops an erased participant's sealed data from the read models at once (erasure does not wait for the projection). */
export const purgeParticipants = async (manager: EntityManager, participantIds: readonly string[]): Promise<void> => {
  await manager.update(
    CaseSummary,
    { participantId: In([...participantIds]) },
    { participantSealed: null, participantErased: true },
  );
  await manager.update(HealthNoteRow, { participantId: In([...participantIds]) }, { textSealed: null });
  await manager.update(ContactRow, { participantId: In([...participantIds]) }, { summarySealed: null });
  await manager.update(ContactCorrectionRow, { participantId: In([...participantIds]) }, { sealed: null });
  await manager.update(
    ChildProtectionDeclarationRow,
    { participantId: In([...participantIds]) },
    { justificationSealed: null },
  );
};
