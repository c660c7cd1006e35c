import { type CaseEvent } from '@fallverbund/cases-domain';
import { envelopeOf } from '@fallverbund/event-store';
import { type EntityManager, In } from 'typeorm';
import { bulkWrite } from '../projections/bulk-write';
import { categoryErasuresIn, type CategoryErasure, type Projection } from '../projections/projection';
import { EntrustedNoteRow } from './entrusted-note-read-model.entities';

/** Drops the sealed texts of erased participants at once (erasure does not wait for the projection). */
const purgeEntrustedNotes = async (manager: EntityManager, participantIds: readonly string[]): Promise<void> => {
  await manager.update(EntrustedNoteRow, { participantId: In([...participantIds]) }, { textSealed: null });
};

/**
 * Entrusted notes (§ 65 SGB VIII), read from the log as stored: the text goes in sealed. A note is
 * written once (insert or ignore), so applying a page again, or rebuilding from zero, writes the same rows.
 */
export const entrustedNoteProjection: Projection = {
  name: 'entrusted-notes',
  tables: [EntrustedNoteRow],
  async apply(page, manager) {
    const notes: EntrustedNoteRow[] = [];
    const erased: string[] = [];
    for (const recorded of page) {
      if (!recorded.streamId.startsWith('case-')) continue;
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      if (event.type === 'ParticipantDataErased') erased.push(event.data.participantId);
      if (event.type !== 'EntrustedNoteRecorded') continue;
      const { noteId, caseId, participantId, entrustedBy, authorUserId, authorAgencyId, recordedAt } = event.data;
      notes.push({
        noteId,
        caseId,
        participantId,
        textSealed: envelopeOf(event.data) ?? null,
        entrustedBy,
        authorUserId,
        authorAgencyId,
        recordedAt,
      });
    }
    await bulkWrite(manager, EntrustedNoteRow, notes, 'ignore');
    if (erased.length > 0) await purgeEntrustedNotes(manager, erased);
    await purgeEntrustedCategories(categoryErasuresIn(page), manager);
  },
  purge: (participantIds, manager) => purgeEntrustedNotes(manager, participantIds),
  purgeCategories: (erasures, manager) => purgeEntrustedCategories(erasures, manager),
};

/** Entrusted notes are `youth_welfare` (issue 17). */
const purgeEntrustedCategories = async (erasures: readonly CategoryErasure[], manager: EntityManager) => {
  const ids = erasures.flatMap((e) => (e.categories.includes('youth_welfare') ? [e.participantId] : []));
  if (ids.length > 0) await purgeEntrustedNotes(manager, ids);
};
