import { Query } from '@nestjs/cqrs';
import { type Perspective, type ProgressDimension } from '@fallverbund/cases-domain';
import { type RequestContext } from '../cases/request-context';

export interface ProgressPoint {
  readonly assessmentId: string;
  readonly rating: number;
  readonly assessedAt: string;
  readonly recordedBy: string;
}

/** One dimension: the coach's and the participant's own ratings side by side, each ordered by time. */
export interface ProgressDimensionCurve {
  readonly dimension: ProgressDimension;
  readonly coach: readonly ProgressPoint[];
  readonly self: readonly ProgressPoint[];
  /** The rating assessed last (by `assessedAt`) in each perspective; null when there is none. */
  readonly latest: Readonly<Record<Perspective, ProgressPoint | null>>;
}

export interface ProgressCurve {
  readonly scale: { readonly min: number; readonly max: number };
  /** Every dimension, in the order of the vocabulary, rated or not. */
  readonly dimensions: readonly ProgressDimensionCurve[];
}

/** Category `progress`: the progress curve of a case. */
export class GetProgressQuery extends Query<ProgressCurve> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
