import { type CommandContext, deciderSpec } from '@fallverbund/kernel';
import { caseDecider } from './case.decide';
import { CaseClosedError, CaseNotFoundError, ParticipantAlreadyErasedError } from './case.errors';
import {
  type AssessProgress,
  InvalidAssessmentError,
  type ProgressAssessed,
  PROGRESS_DIMENSIONS,
} from './case.progress';
import { anna, caseId, caseOpened, closed, erased, now, reopened } from './testing/case-fixtures';

const context = (): CommandContext => ({ now, actor: anna, purpose: 'integration' });

const assess = (overrides: Partial<AssessProgress['data']> = {}): AssessProgress => ({
  type: 'AssessProgress',
  data: {
    caseId,
    assessmentId: 'a1',
    perspective: 'coach',
    ratings: { health_stability: 2, daily_structure: 4 },
    assessedAt: '2026-11-24T16:00:00+01:00',
    ...overrides,
  },
  metadata: context(),
});
const assessed = (overrides: Partial<ProgressAssessed['data']> = {}): ProgressAssessed => ({
  type: 'ProgressAssessed',
  data: {
    caseId,
    assessmentId: 'a1',
    perspective: 'coach',
    ratings: { health_stability: 2, daily_structure: 4 },
    assessedAt: '2026-11-24T15:00:00.000Z',
    recordedBy: 'anna.coach',
    recordedAt: now.toISOString(),
    ...overrides,
  },
});

const spec = deciderSpec(caseDecider);

describe('progress', () => {
  describe('AssessProgress', () => {
    it('records the coach view with its ratings and the time in UTC', () =>
      spec.given([caseOpened]).when(assess()).then([assessed()]));

    it('records the participant self-assessment on every dimension, at the ends of the scale', () => {
      const ratings = Object.fromEntries(PROGRESS_DIMENSIONS.map((d, i) => [d, i % 2 === 0 ? 1 : 5]));
      spec
        .given([caseOpened])
        .when(assess({ perspective: 'self', ratings }))
        .then([assessed({ perspective: 'self', ratings })]);
    });

    it('accepts an assessment at the request instant and at the opening of the case', () => {
      spec
        .given([caseOpened])
        .when(assess({ assessedAt: now.toISOString() }))
        .then([assessed({ assessedAt: now.toISOString() })]);
      spec
        .given([caseOpened])
        .when(assess({ assessedAt: '2026-11-01T08:00:00Z' }))
        .then([assessed({ assessedAt: '2026-11-01T08:00:00.000Z' })]);
    });

    it.each<[string, Partial<AssessProgress['data']>]>([
      ['an unknown perspective', { perspective: 'team' }],
      ['no rating', { ratings: {} }],
      ['an unknown dimension', { ratings: { health_stability: 3, happiness: 4 } }],
      ['a rating of 0', { ratings: { housing: 0 } }],
      ['a rating of 6', { ratings: { housing: 6 } }],
      ['a negative rating', { ratings: { housing: -1 } }],
      ['a rating that is no whole number', { ratings: { housing: 2.5 } }],
      ['a rating that is not a number', { ratings: { housing: Number.NaN } }],
      ['a rating given as text', { ratings: { housing: '3' as unknown as number } }],
      ['an infinite rating', { ratings: { housing: Number.POSITIVE_INFINITY } }],
      ['a time that is no instant', { assessedAt: '2026-11-24' }],
      ['a time in the future', { assessedAt: '2026-11-25T09:30:01Z' }],
      ['a time before the case was opened', { assessedAt: '2026-11-01T07:59:59Z' }],
    ])('refuses %s (400)', (_name, overrides) =>
      spec.given([caseOpened]).when(assess(overrides)).thenThrows(InvalidAssessmentError, 'PROGRESS.INVALID'),
    );

    it('is refused on a closed case (409) and works again once it is reopened', () => {
      spec.given([caseOpened, closed]).when(assess()).thenThrows(CaseClosedError, 'CASE.CLOSED');
      spec.given([caseOpened, closed, reopened]).when(assess()).then([assessed()]);
    });
    it('is refused after erasure (409)', () =>
      spec
        .given([caseOpened, erased])
        .when(assess())
        .thenThrows(ParticipantAlreadyErasedError, 'CASE.PARTICIPANT_ALREADY_ERASED'));
    it('needs an existing case (404)', () =>
      spec.given([]).when(assess()).thenThrows(CaseNotFoundError, 'CASE.NOT_FOUND'));
  });
});
