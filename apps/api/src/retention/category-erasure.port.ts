import { Injectable } from '@nestjs/common';
import { type Actor, type DataCategory } from '@fallverbund/kernel';

/**
 * Erasure of some categories of a case by destroying their keys (`erase_category_key`). Another part of
 * issue 17 adds `ErasureService.eraseCategories(caseId, categories, reason, actor, now)`; until it is
 * merged, the scheduler calls it through this port, whose implementation below refuses clearly.
 */
export interface CategoryErasure {
  eraseCategories(
    caseId: string,
    categories: readonly DataCategory[],
    reason: string,
    actor: Actor,
    now: Date,
  ): Promise<unknown>;
}

export const CATEGORY_ERASURE = Symbol('CATEGORY_ERASURE');

export class CategoryErasureNotAvailableError extends Error {
  readonly code = 'RETENTION.CATEGORY_ERASURE_NOT_AVAILABLE';
  constructor() {
    super('erasure of category keys is not available yet (ErasureService.eraseCategories, issue 17)');
  }
}

/**
 * MERGE: replace the body with `return this.erasure.eraseCategories(caseId, [...categories], reason, actor, now);`
 * (inject ErasureService), or provide CATEGORY_ERASURE with `useExisting: ErasureService`.
 */
@Injectable()
export class PendingCategoryErasure implements CategoryErasure {
  eraseCategories(): Promise<unknown> {
    return Promise.reject(new CategoryErasureNotAvailableError());
  }
}
