import { type ParticipantIdentity } from '@fallverbund/cases-domain';
import { BlindIndex, CaseSearchToken, identityTerms } from '@fallverbund/cases-search';
import { envelopeOf, type PersonalDataVault } from '@fallverbund/event-store';
import { isErased } from '@fallverbund/kernel';
import { In } from 'typeorm';
import { bulkWrite } from './bulk-write';
import { categoryErasuresIn, type Projection } from './projection';

const CASE_STREAM = /^case-/;

/**
 * The name search's blind index (libs/cases/search): for each opened case, the keyed tokens of its
 * participant's name words, their prefixes and the birth date. The only projection that opens the
 * sealed identity, since a token is computed from the name; an erased participant's identity no longer
 * opens, so a rebuild after erasure writes nothing for it, and `ParticipantDataErased` or erasure's
 * purge delete what was written before.
 */
export const caseSearchProjection = (vault: PersonalDataVault, index: BlindIndex): Projection => {
  const purge = async (participantIds: readonly string[], manager: Parameters<Projection['apply']>[1]) => {
    if (participantIds.length > 0)
      await manager.delete(CaseSearchToken, { participantId: In([...new Set(participantIds)]) });
  };
  return {
    name: 'case-search',
    tables: [CaseSearchToken],
    async apply(page, manager) {
      const events = page.filter((e) => CASE_STREAM.test(e.streamId));
      const opened = events.filter((e) => e.type === 'CaseOpened');
      const identities = await vault.open(opened.map((e) => envelopeOf(e.data)));
      const rows = opened.flatMap((event, i) => {
        const participant = identities[i]?.['participant'] as ParticipantIdentity | undefined;
        if (!participant || isErased(participant)) return [];
        const { caseId, participantId } = event.data as { caseId: string; participantId: string };
        return index.tokens(identityTerms(participant)).map((token) => ({ token, caseId, participantId }));
      });
      await bulkWrite(manager, CaseSearchToken, rows, 'ignore');
      await purge(
        events.flatMap((e) =>
          e.type === 'ParticipantDataErased' ? [(e.data as { participantId: string }).participantId] : [],
        ),
        manager,
      );
      // The identity erased as a category (issue 17): its tokens go as well.
      await purge(
        categoryErasuresIn(events).flatMap((e) => (e.categories.includes('identity') ? [e.participantId] : [])),
        manager,
      );
    },
    purge,
    purgeCategories: (erasures, manager) =>
      purge(
        erasures.flatMap((e) => (e.categories.includes('identity') ? [e.participantId] : [])),
        manager,
      ),
  };
};
