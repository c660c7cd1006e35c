import { Inject, Injectable } from '@nestjs/common';
import { type Actor } from '@fallverbund/kernel';
import { randomUUID } from 'node:crypto';
import { PERSISTENCE } from '../persistence/persistence.tokens';
import { type Persistence } from '../persistence/persistence';
import { CaseRepository } from './case-repository';
import { purgeParticipants } from './case.projection';
import { CaseNotFoundError } from '@fallverbund/cases-domain';
import { DATA_CATEGORIES } from '@fallverbund/kernel';
import { RecipientNotifier } from '../erasure-requests/recipient-notifier';

/**
 * Erasure at the end of retention (§ 84 SGB X, GDPR Art. 17) by crypto-shredding: the participant's
 * key is deleted, the erasure is recorded on the case, and the read models drop the identity at once.
 * The log is not touched; every replay from now on shows the personal fields as erased.
 */
@Injectable()
export class ErasureService {
  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(RecipientNotifier) private readonly recipients: RecipientNotifier,
  ) {}

  async eraseParticipant(caseId: string, reason: string, actor: Actor, now: Date): Promise<{ participantId: string }> {
    const { state } = await this.cases.load(caseId);
    if (state.status === 'none') throw new CaseNotFoundError(caseId);
    const { participantId } = state;
    await this.persistence.subjectKeys.erase(participantId, now);
    const context = { actor, purpose: 'audit' as const, requestId: randomUUID(), correlationId: null, now };
    if (!state.participantErased) {
      await this.cases.handle(
        caseId,
        { type: 'EraseParticipantData', data: { caseId, reason }, metadata: { actor, purpose: 'audit', now } },
        context,
        {
          audit: {
            action: 'erase_participant_data',
            route: 'erasure (operations)',
            category: 'identity',
            legalBasis: `§ 84 SGB X, Art. 17 GDPR: ${reason}`,
          },
        },
      );
    }
    await this.persistence.readModelLock.run(async () => {
      await purgeParticipants(this.persistence.dataSource.manager, [participantId]);
      for (const projection of this.persistence.projections)
        await projection.purge?.([participantId], this.persistence.dataSource.manager);
      if (this.persistence.kind === 'sqlite')
        await this.persistence.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    });
    // Art. 19 GDPR: the recipients are told once, with the erasure that this call recorded.
    if (!state.participantErased)
      await this.recipients.notify(caseId, 'participant_erased', DATA_CATEGORIES, context, 'erasure (operations)');
    return { participantId };
  }
}
