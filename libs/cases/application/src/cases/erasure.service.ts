import { Inject, Injectable } from '@nestjs/common';
import { categoryKeyId } from '@fallverbund/event-store';
import { type Actor, DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';
import { randomUUID } from 'node:crypto';
import { PERSISTENCE } from '../persistence/persistence.tokens';
import { type Persistence } from '../persistence/persistence';
import { CaseRepository } from './case-repository';
import { purgeParticipants } from './case.projection';
import { CaseNotFoundError, InvalidCategoryErasureError } from '@fallverbund/cases-domain';
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

  /**
   * Erasure of some data categories only (keys per data category, issue 17; `erase_category_key` in
   * docs/retention.md): the participant's keys of those categories are destroyed, `CategoryDataErased`
   * is recorded on the case (with its audit entry), and the read models drop the sealed copies that hold
   * only those categories. Texts of those categories read as erased from now on, the rest stays readable;
   * no text of them can be recorded on the case again (their keys are never re-created: 409
   * `SUBJECT.ERASED`). Events written before issue 17 are sealed under the participant's own key and
   * stay readable until the participant is erased. Calling it again for erased categories changes nothing.
   */
  async eraseCategories(
    caseId: string,
    categories: DataCategory[],
    reason: string,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    const unknown = categories.filter((c) => !DATA_CATEGORIES.includes(c));
    if (categories.length === 0 || unknown.length > 0)
      throw new InvalidCategoryErasureError(`name data categories to erase (not: ${unknown.join(', ') || 'none'})`);
    const { state } = await this.cases.load(caseId);
    if (state.status === 'none') throw new CaseNotFoundError(caseId);
    // The participant erased already: every category went with the subject key.
    if (state.participantErased) return;
    const { participantId } = state;
    const wanted = DATA_CATEGORIES.filter((c) => categories.includes(c));
    const already = await Promise.all(
      wanted.map((c) => this.persistence.subjectKeys.isErased(categoryKeyId(participantId, c))),
    );
    const fresh = wanted.filter((_, i) => !already[i]);
    for (const category of fresh) await this.persistence.subjectKeys.erase(categoryKeyId(participantId, category), now);
    const context = { actor, purpose: 'audit' as const, requestId: randomUUID(), correlationId: null, now };
    if (fresh.length > 0) {
      await this.cases.handle(
        caseId,
        {
          type: 'EraseCategoryData',
          data: { caseId, categories: fresh, reason },
          metadata: { actor, purpose: 'audit', now },
        },
        context,
        {
          audit: {
            action: 'erase_category_data',
            route: 'erasure (operations)',
            category: 'case_admin',
            legalBasis: `§ 84 SGB X, Art. 17 GDPR (${fresh.join(', ')}): ${reason}`,
          },
        },
      );
    }
    const erasures = [{ participantId, categories: wanted }];
    await this.persistence.readModelLock.run(async () => {
      for (const projection of this.persistence.projections)
        await projection.purgeCategories?.(erasures, this.persistence.dataSource.manager);
      if (this.persistence.kind === 'sqlite')
        await this.persistence.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    });
    // Art. 19 GDPR: the recipients are told once, with the erasure that this call recorded.
    if (fresh.length > 0)
      await this.recipients.notify(caseId, 'categories_erased', fresh, context, 'erasure (operations)');
  }
}
