import { type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { isErased } from '@fallverbund/kernel';
import { type EntityManager, In } from 'typeorm';
import { type Projection } from '../projections/projection';
import {
  CaseConsentGrant,
  CaseSummary,
  CaseTeamMember,
  CaseTimelineEntry,
  ChildProtectionDeclarationRow,
  HealthNoteRow,
} from './case-read-model.entities';

const CASE_STREAM = /^case-/;

/**
 * Case summaries, teams and timelines. A page is applied with one read of the rows it touches and
 * one bulk write per table, which is what keeps a rebuild close to the speed of reading the log.
 */
export const caseProjection: Projection = {
  name: 'cases',
  tables: [
    CaseSummary,
    CaseTeamMember,
    CaseTimelineEntry,
    CaseConsentGrant,
    ChildProtectionDeclarationRow,
    HealthNoteRow,
  ],
  async apply(page, manager) {
    const events = page.filter((e) => CASE_STREAM.test(e.streamId)) as RecordedEvent<CaseEvent['data']>[];
    if (events.length === 0) return;
    const caseIds = [...new Set(events.map((e) => e.streamId.slice('case-'.length)))];
    const summaries = new Map((await findSummaries(manager, caseIds)).map((row) => [row.caseId, row]));
    const members: CaseTeamMember[] = [];
    const timeline: CaseTimelineEntry[] = [];
    const erasedParticipants = new Set<string>();
    const grants: CaseConsentGrant[] = [];
    const withdrawnConsents: string[] = [];
    const declarations: ChildProtectionDeclarationRow[] = [];
    const notes: HealthNoteRow[] = [];

    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      const at = recorded.metadata.occurredAt;
      const details: Record<string, string> = {};
      switch (event.type) {
        case 'CaseOpened': {
          const { caseId, participantId, participant, leadAgencyId, leadAgencyType, openedBy, openedByRole } =
            event.data;
          const erased = isErased(participant);
          summaries.set(caseId, {
            caseId,
            participantId,
            givenName: erased ? null : participant.givenName,
            familyName: erased ? null : participant.familyName,
            birthDate: erased ? null : participant.birthDate,
            participantErased: erased,
            leadAgencyId,
            leadAgencyType,
            access: {
              team: [{ userId: openedBy, agencyId: leadAgencyId, role: openedByRole }],
              consents: [],
              childProtectionDeclarations: [],
            },
            status: 'open',
            openedAt: at,
            updatedAt: at,
            version: recorded.version,
          });
          members.push({
            caseId,
            userId: openedBy,
            agencyId: leadAgencyId,
            role: openedByRole,
            addedAt: at,
            caseOpenedAt: at,
          });
          details['leadAgencyId'] = leadAgencyId;
          break;
        }
        case 'TeamMemberAdded': {
          const { caseId, userId, agencyId, role } = event.data;
          const summary = summaries.get(caseId);
          members.push({ caseId, userId, agencyId, role, addedAt: at, caseOpenedAt: summary?.openedAt ?? at });
          summary?.access.team.push({ userId, agencyId, role });
          touch(summary, recorded.version, at);
          Object.assign(details, { userId, agencyId, role });
          break;
        }
        case 'ParticipantDataErased': {
          erasedParticipants.add(event.data.participantId);
          const summary = summaries.get(event.data.caseId);
          if (summary)
            Object.assign(summary, { givenName: null, familyName: null, birthDate: null, participantErased: true });
          touch(summary, recorded.version, at);
          break;
        }
        case 'ConsentGranted': {
          const { caseId, recordedBy, ...consent } = event.data;
          const summary = summaries.get(caseId);
          summary?.access.consents.push({ ...consent, recordedBy, withdrawnAt: null });
          touch(summary, recorded.version, at);
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
                validUntil: consent.validUntil,
                withdrawn: false,
              });
            }
          }
          Object.assign(details, {
            consentId: consent.consentId,
            purposes: consent.purposes.join(','),
            dataCategories: consent.dataCategories.join(','),
          });
          break;
        }
        case 'ConsentWithdrawn': {
          const { caseId, consentId, withdrawnAt } = event.data;
          const summary = summaries.get(caseId);
          const consent = summary?.access.consents.find((c) => c.consentId === consentId);
          if (consent) consent.withdrawnAt = withdrawnAt;
          for (const grant of grants) if (grant.consentId === consentId) grant.withdrawn = true;
          withdrawnConsents.push(consentId);
          touch(summary, recorded.version, at);
          details['consentId'] = consentId;
          break;
        }
        case 'HealthNoteRecorded': {
          const { caseId, noteId, participantId, text, authorUserId, authorAgencyId, secrecy, recordedAt } = event.data;
          notes.push({
            noteId,
            caseId,
            participantId,
            text: isErased(text) ? null : text,
            authorUserId,
            authorAgencyId,
            secrecy,
            recordedAt,
          });
          touch(summaries.get(caseId), recorded.version, at);
          details['noteId'] = noteId;
          break;
        }
        case 'ChildProtectionAccessDeclared': {
          const { caseId, declarationId, userId, agencyId, justification, declaredAt, expiresAt } = event.data;
          const summary = summaries.get(caseId);
          summary?.access.childProtectionDeclarations.push({
            declarationId,
            userId,
            justification,
            declaredAt,
            expiresAt,
          });
          declarations.push({ declarationId, caseId, userId, agencyId, justification, declaredAt, expiresAt });
          touch(summary, recorded.version, at);
          Object.assign(details, { declarationId, userId, expiresAt });
          break;
        }
      }
      const caseId = recorded.streamId.slice('case-'.length);
      timeline.push({
        eventId: recorded.eventId,
        caseId,
        version: recorded.version,
        type: recorded.type,
        occurredAt: at,
        actorUserId: recorded.metadata.actor.userId,
        actorAgencyId: recorded.metadata.actor.agencyId,
        purpose: recorded.metadata.purpose,
        details,
      });
    }

    if (summaries.size > 0) await manager.upsert(CaseSummary, [...summaries.values()], ['caseId']);
    if (members.length > 0)
      await manager.createQueryBuilder().insert().into(CaseTeamMember).values(members).orIgnore().execute();
    if (timeline.length > 0)
      await manager.createQueryBuilder().insert().into(CaseTimelineEntry).values(timeline).orIgnore().execute();
    if (grants.length > 0)
      await manager.createQueryBuilder().insert().into(CaseConsentGrant).values(grants).orIgnore().execute();
    if (withdrawnConsents.length > 0)
      await manager.update(CaseConsentGrant, { consentId: In(withdrawnConsents) }, { withdrawn: true });
    if (declarations.length > 0)
      await manager
        .createQueryBuilder()
        .insert()
        .into(ChildProtectionDeclarationRow)
        .values(declarations)
        .orIgnore()
        .execute();
    if (notes.length > 0)
      await manager.createQueryBuilder().insert().into(HealthNoteRow).values(notes).orIgnore().execute();
    if (erasedParticipants.size > 0) await purgeParticipants(manager, [...erasedParticipants]);
  },
};

/** Removes an erased participant's identity from the read models at once (erasure does not wait for the projection). */
export const purgeParticipants = async (manager: EntityManager, participantIds: readonly string[]): Promise<void> => {
  await manager.update(
    CaseSummary,
    { participantId: In([...participantIds]) },
    { givenName: null, familyName: null, birthDate: null, participantErased: true },
  );
  await manager.update(HealthNoteRow, { participantId: In([...participantIds]) }, { text: null });
};

const touch = (summary: CaseSummary | undefined, version: number, at: string): void => {
  if (summary) Object.assign(summary, { version, updatedAt: at });
};

// SQLite caps bound parameters per statement; 500 ids stay well below it.
const findSummaries = async (manager: EntityManager, caseIds: readonly string[]): Promise<CaseSummary[]> => {
  const rows: CaseSummary[] = [];
  for (let i = 0; i < caseIds.length; i += 500) {
    rows.push(...(await manager.findBy(CaseSummary, { caseId: In(caseIds.slice(i, i + 500)) })));
  }
  return rows;
};
