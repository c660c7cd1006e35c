import { caseProjection } from '../cases/case.projection';
import { teamSignalsProjection } from '../team-signals/team-signals.projection';
import { progressProjection } from '../progress/progress.projection';
import { evaluationProjection } from '../evaluation/evaluation.projection';
import { planProjection } from '../plans/plan.projection';
import { conferenceProjection } from '../conferences/conference.projection';
import { referralProjection } from '../referrals/referral.projection';
import { entrustedNoteProjection } from '../entrusted-notes/entrusted-note.projection';
import { type Projection } from './projection';

/**
 * Every read model of the case context, in one list: the app runs them, the rebuild tool rebuilds
 * them, and their tables are registered with the database from here.
 */
export const CASE_PROJECTIONS: readonly Projection[] = [
  caseProjection,
  teamSignalsProjection,
  progressProjection,
  evaluationProjection,
  planProjection,
  conferenceProjection,
  referralProjection,
  entrustedNoteProjection,
];

/** The projections' tables (entity classes) for the data source. */
export const PROJECTED_ENTITIES = [
  ...new Set(CASE_PROJECTIONS.flatMap((p) => p.tables).filter((t): t is new () => object => typeof t === 'function')),
];
