import { Injectable } from '@nestjs/common';
import { type Actor, type DataCategory, DomainError } from '@fallverbund/kernel';

/**
 * Erasure of some categories of a case (keys per retention class, issue 17). `ErasureService.eraseCategories`
 * does it once the category keys exist; until then the port refuses with a clear problem.
 * TODO(lead, merge of the category-keys branch): provide CATEGORY_ERASURE with
 * `{ eraseCategories: (...args) => erasureService.eraseCategories(...args) }` and drop the stand-in below.
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

export class CategoryErasureNotAvailableError extends DomainError {
  readonly code = 'ERASURE.CATEGORY_ERASURE_NOT_AVAILABLE';
  readonly kind = 'conflict';
  constructor() {
    super(
      'erasure of single categories is not available yet (keys per retention class); the decision is recorded, the execution is pending',
    );
  }
}

/** The stand-in until category keys exist: it erases nothing and says so. */
@Injectable()
export class CategoryErasureNotAvailable implements CategoryErasure {
  eraseCategories(): Promise<never> {
    return Promise.reject(new CategoryErasureNotAvailableError());
  }
}
