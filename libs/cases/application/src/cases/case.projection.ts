import { type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { isErased } from '@fallverbund/kernel';
import { type EntityManager, In } from 'typeorm';
import { type Projection } from '../projections/projection';
import { CaseSummary, CaseTeamMember, CaseTimelineEntry } from './case-read-model.entities';

const CASE_STREAM = /^case-/;

/**
 * Case summaries, teams and timelines. A page is applied with one read of the rows it touches and
 * one bulk write per table, which is what keeps a rebuild close to the speed of reading the log.
 */
export const caseProjection: Projection = {
  name: 'cases',
  tables: [CaseSummary, CaseTeamMember, CaseTimelineEntry],
  async apply(page, manager) {
    const events = page.filter((e) => CASE_STREAM.test(e.streamId)) as RecordedEvent<CaseEvent['data']>[];
    if (events.length === 0) return;
    const caseIds = [...new Set(events.map((e) => e.streamId.slice('case-'.length)))];
    const summaries = new Map((await findSummaries(manager, caseIds)).map((row) => [row.caseId, row]));
    const members: CaseTeamMember[] = [];
    const timeline: CaseTimelineEntry[] = [];
    const erasedParticipants = new Set<string>();

    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      const at = recorded.metadata.occurredAt;
      const details: Record<string, string> = {};
      switch (event.type) {
        case 'CaseOpened': {
          const { caseId, participantId, participant, leadAgencyId, openedBy, openedByRole } = event.data;
          const erased = isErased(participant);
          summaries.set(caseId, {
            caseId,
            participantId,
            givenName: erased ? null : participant.givenName,
            familyName: erased ? null : participant.familyName,
            birthDate: erased ? null : participant.birthDate,
            participantErased: erased,
            leadAgencyId,
            status: 'open',
            openedAt: at,
            updatedAt: at,
            version: recorded.version,
          });
          members.push({ caseId, userId: openedBy, agencyId: leadAgencyId, role: openedByRole, addedAt: at });
          details['leadAgencyId'] = leadAgencyId;
          break;
        }
        case 'TeamMemberAdded': {
          const { caseId, userId, agencyId, role } = event.data;
          members.push({ caseId, userId, agencyId, role, addedAt: at });
          touch(summaries.get(caseId), recorded.version, at);
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
