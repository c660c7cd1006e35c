import { type ConferenceEvent, conferencePseudonym, conferenceTopicCategory } from '@fallverbund/cases-domain';
import { envelopeOf, type RecordedEvent } from '@fallverbund/event-store';
import { type EntityManager, In, IsNull } from 'typeorm';
import { bulkWrite } from '../projections/bulk-write';
import { categoryErasuresIn, type CategoryErasure, type Projection } from '../projections/projection';
import { ConferenceRow } from './conference-read-model.entities';
import { findIn } from '../projections/find-in';

const CONFERENCE_EVENTS: ReadonlySet<string> = new Set<ConferenceEvent['type']>([
  'ConferenceScheduled',
  'ConferenceAgreementRecorded',
  'ConferenceHeld',
]);

/** The topic of an erased category goes (issue 17); decisions mix categories and stay sealed. */
const purgeConferenceCategories = async (erasures: readonly CategoryErasure[], manager: EntityManager) => {
  for (const { participantId, categories } of erasures) {
    await manager.update(ConferenceRow, { participantId, topicCategory: In([...categories]) }, { topicSealed: null });
    if (categories.includes('case_admin'))
      await manager.update(ConferenceRow, { participantId, topicCategory: IsNull() }, { topicSealed: null });
  }
};

const purgeConferences = async (participantIds: readonly string[], manager: EntityManager): Promise<void> => {
  await manager.update(
    ConferenceRow,
    { participantId: In([...participantIds]) },
    { topicSealed: null, decisionsSealed: null },
  );
};

/**
 * Case conferences, one row each. A row remembers the case stream version it reflects and skips what
 * is at or below it, so a page applied twice changes nothing; a rebuild from zero writes the same rows.
 */
export const conferenceProjection: Projection = {
  name: 'conferences',
  tables: [ConferenceRow],
  purge: purgeConferences,
  purgeCategories: (erasures, manager) => purgeConferenceCategories(erasures, manager),
  async apply(page, manager) {
    const caseEvents = page.filter((e) => e.streamId.startsWith('case-'));
    const erased = caseEvents.flatMap((e) =>
      e.type === 'ParticipantDataErased' ? [(e.data as { participantId: string }).participantId] : [],
    );
    const events = caseEvents.filter((e) => CONFERENCE_EVENTS.has(e.type)) as RecordedEvent<ConferenceEvent['data']>[];
    if (events.length > 0) {
      const ids = [...new Set(events.map((e) => e.data.conferenceId))];
      const rows = new Map(
        (await findIn(manager, ConferenceRow, 'conferenceId', ids)).map((row) => [row.conferenceId, row]),
      );
      const changed = new Set<string>();
      for (const recorded of events) {
        const event = { type: recorded.type, data: recorded.data } as ConferenceEvent;
        const { conferenceId } = event.data;
        const row = rows.get(conferenceId);
        if (row && recorded.version <= row.streamVersion) continue;
        switch (event.type) {
          case 'ConferenceScheduled': {
            const { caseId, participantId, invitedAgencyIds, plannedFor, scheduledBy, scheduledAt } = event.data;
            rows.set(conferenceId, {
              conferenceId,
              caseId,
              participantId,
              pseudonym: conferencePseudonym(conferenceId),
              topicSealed: envelopeOf(recorded.data) ?? null,
              topicCategory: conferenceTopicCategory(event.data),
              invitedAgencyIds,
              plannedFor,
              scheduledBy,
              scheduledAt,
              agreed: null,
              agreementForm: null,
              agreementRecordedBy: null,
              agreementRecordedAt: null,
              heldAt: null,
              attendees: null,
              sharedCategories: null,
              decisionsSealed: null,
              decisionCategories: null,
              minutesRecordedBy: null,
              minutesRecordedAt: null,
              streamVersion: recorded.version,
            });
            break;
          }
          case 'ConferenceAgreementRecorded': {
            const { agreed, form, recordedBy, recordedAt } = event.data;
            if (row)
              Object.assign(row, {
                agreed,
                agreementForm: form,
                agreementRecordedBy: recordedBy,
                agreementRecordedAt: recordedAt,
              });
            break;
          }
          case 'ConferenceHeld': {
            const { heldAt, attendees, pseudonym, sharedCategories, decisionCategories, recordedBy, recordedAt } =
              event.data;
            if (row)
              Object.assign(row, {
                heldAt,
                attendees,
                pseudonym,
                sharedCategories,
                decisionsSealed: envelopeOf(recorded.data) ?? null,
                // Upcast on read (conferenceDecisionCategories): the decisions of old minutes are sealed.
                decisionCategories: decisionCategories ?? null,
                minutesRecordedBy: recordedBy,
                minutesRecordedAt: recordedAt,
              });
            break;
          }
        }
        const current = rows.get(conferenceId);
        if (current) current.streamVersion = recorded.version;
        changed.add(conferenceId);
      }
      await bulkWrite(
        manager,
        ConferenceRow,
        [...changed].flatMap((id) => rows.get(id) ?? []),
        'update',
      );
    }
    if (erased.length > 0) await purgeConferences(erased, manager);
    await purgeConferenceCategories(categoryErasuresIn(caseEvents), manager);
  },
};
