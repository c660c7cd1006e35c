import { type CommandContext, DomainError, type Event } from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';
import { assertOpenForWork, parseInstant } from './case.rules';

/**
 * Progress assessments (category `progress`): ratings on dimensions that show success below a job
 * placement, by the coach and by the participant, side by side over time.
 */

export const PROGRESS_DIMENSIONS = [
  'health_stability',
  'daily_structure',
  'housing',
  'finances',
  'social_participation',
  'self_efficacy',
  'work_readiness',
] as const;
export type ProgressDimension = (typeof PROGRESS_DIMENSIONS)[number];

export const PERSPECTIVES = ['coach', 'self'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

/** A rating is a whole number on a scale from 1 (very low) to 5 (very good). */
export const RATING_MIN = 1;
export const RATING_MAX = 5;

export type Ratings = Partial<Record<ProgressDimension, number>>;

export type ProgressAssessed = Event<
  'ProgressAssessed',
  {
    caseId: string;
    assessmentId: string;
    perspective: Perspective;
    ratings: Ratings;
    /** When the assessment was made (not in the future, not before the case was opened). */
    assessedAt: string;
    recordedBy: string;
    recordedAt: string;
  }
>;

export type ProgressEvent = ProgressAssessed;

export interface AssessProgress {
  readonly type: 'AssessProgress';
  readonly data: {
    caseId: string;
    assessmentId: string;
    perspective: string;
    ratings: Readonly<Record<string, number>>;
    assessedAt: string;
  };
  readonly metadata: CommandContext;
}

export type ProgressCommand = AssessProgress;

export class InvalidAssessmentError extends DomainError {
  readonly code = 'PROGRESS.INVALID';
  readonly kind = 'invalid';
}

export const assessProgress = ({ data, metadata }: AssessProgress, state: ExistingCase): ProgressAssessed => {
  assertOpenForWork(state);
  const perspective = PERSPECTIVES.find((p) => p === data.perspective);
  if (!perspective) throw new InvalidAssessmentError(`perspective must be one of ${PERSPECTIVES.join(', ')}`);
  const entries = Object.entries(data.ratings);
  if (entries.length === 0) throw new InvalidAssessmentError('an assessment rates at least one dimension');
  const ratings: Ratings = {};
  for (const [dimension, rating] of entries) {
    const known = PROGRESS_DIMENSIONS.find((d) => d === dimension);
    if (!known)
      throw new InvalidAssessmentError(`dimension ${dimension} is not one of ${PROGRESS_DIMENSIONS.join(', ')}`);
    if (!Number.isInteger(rating) || rating < RATING_MIN || rating > RATING_MAX)
      throw new InvalidAssessmentError(`${dimension} is rated with a whole number from ${RATING_MIN} to ${RATING_MAX}`);
    ratings[known] = rating;
  }
  const assessedAt = parseInstant(data.assessedAt);
  if (assessedAt === null) throw new InvalidAssessmentError(`assessedAt ${data.assessedAt} is not an ISO 8601 instant`);
  if (Date.parse(assessedAt) > metadata.now.getTime())
    throw new InvalidAssessmentError('assessedAt lies in the future');
  if (Date.parse(assessedAt) < Date.parse(state.openedAt))
    throw new InvalidAssessmentError('assessedAt lies before the case was opened');
  return {
    type: 'ProgressAssessed',
    data: {
      caseId: data.caseId,
      assessmentId: data.assessmentId,
      perspective,
      ratings,
      assessedAt,
      recordedBy: metadata.actor.userId,
      recordedAt: metadata.now.toISOString(),
    },
  };
};
