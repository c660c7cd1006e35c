import { type CommandContext, DATA_CATEGORIES, type DataCategory, DomainError, type Event } from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';

/**
 * Restriction of processing (§ 84 SGB X, Art. 18 GDPR) and the disputed-accuracy flag. The data
 * protection officer restricts a whole case or some of its categories, and lifts the restriction;
 * while it holds, the access policy refuses everyone else. A dispute of accuracy is a flag every
 * reader sees. None of these events carries personal data: reasons are coded, there is no note.
 */

export const RESTRICTION_REASONS = [
  'accuracy_disputed',
  'unlawful_processing',
  'erasure_barred_by_retention',
  'erasure_would_harm',
  'legal_claims',
] as const;
export type RestrictionReason = (typeof RESTRICTION_REASONS)[number];

/** The whole case, or the named categories of it. */
export type RestrictionScope = 'case' | DataCategory[];

export type CaseRestricted = Event<
  'CaseRestricted',
  { caseId: string; scope: RestrictionScope; reason: RestrictionReason; decidedBy: string; restrictedAt: string }
>;

export type CaseRestrictionLifted = Event<
  'CaseRestrictionLifted',
  { caseId: string; liftedBy: string; liftedAt: string }
>;

/** `categories` null: the accuracy of the case as a whole is disputed. */
export type AccuracyDisputed = Event<
  'AccuracyDisputed',
  { caseId: string; categories: DataCategory[] | null; recordedBy: string; disputedAt: string }
>;

export type AccuracyDisputeResolved = Event<
  'AccuracyDisputeResolved',
  { caseId: string; resolvedBy: string; resolvedAt: string }
>;

export type RestrictionEvent = CaseRestricted | CaseRestrictionLifted | AccuracyDisputed | AccuracyDisputeResolved;

export interface RestrictionState {
  readonly scope: 'case' | readonly DataCategory[];
  readonly reason: RestrictionReason;
  readonly since: string;
}

export interface AccuracyDisputeState {
  readonly categories: readonly DataCategory[] | null;
  readonly since: string;
}

export interface RestrictCase {
  readonly type: 'RestrictCase';
  readonly data: { caseId: string; scope: unknown; reason: string };
  readonly metadata: CommandContext;
}
export interface LiftCaseRestriction {
  readonly type: 'LiftCaseRestriction';
  readonly data: { caseId: string };
  readonly metadata: CommandContext;
}
export interface DisputeAccuracy {
  readonly type: 'DisputeAccuracy';
  readonly data: { caseId: string; categories: unknown };
  readonly metadata: CommandContext;
}
export interface ResolveAccuracyDispute {
  readonly type: 'ResolveAccuracyDispute';
  readonly data: { caseId: string };
  readonly metadata: CommandContext;
}
export type RestrictionCommand = RestrictCase | LiftCaseRestriction | DisputeAccuracy | ResolveAccuracyDispute;

/** Only the data protection officer restricts, lifts, and records or resolves a dispute. */
export class RestrictionByDpoOnlyError extends DomainError {
  readonly code = 'CASE.RESTRICTION_DPO_ONLY';
  readonly kind = 'forbidden';
  constructor() {
    super('only the data protection officer restricts processing or records a dispute of accuracy (§ 84 SGB X)');
  }
}

export class InvalidRestrictionError extends DomainError {
  readonly code = 'CASE.RESTRICTION_INVALID';
  readonly kind = 'invalid';
}

export class CaseAlreadyRestrictedError extends DomainError {
  readonly code = 'CASE.ALREADY_RESTRICTED';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is restricted already: lift the restriction before restricting it anew`);
  }
}

export class CaseNotRestrictedError extends DomainError {
  readonly code = 'CASE.NOT_RESTRICTED';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is not restricted`);
  }
}

export class AccuracyAlreadyDisputedError extends DomainError {
  readonly code = 'CASE.ACCURACY_ALREADY_DISPUTED';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`the accuracy of case ${caseId} is disputed already`);
  }
}

export class AccuracyNotDisputedError extends DomainError {
  readonly code = 'CASE.ACCURACY_NOT_DISPUTED';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`the accuracy of case ${caseId} is not disputed`);
  }
}

/** Processing of the case (or of the category asked for) is restricted (§ 84 SGB X): refused to all but the DPO. */
export class CaseRestrictedError extends DomainError {
  readonly code = 'CASE.RESTRICTED';
  readonly kind = 'forbidden';
  constructor(readonly caseId: string) {
    super('processing of this data is restricted (§ 84 SGB X, Art. 18 GDPR)');
  }
}

const assertDpo = ({ actor }: CommandContext): void => {
  if (actor.role !== 'data_protection_officer') throw new RestrictionByDpoOnlyError();
};

/** A non-empty list of known categories without repeats, in DATA_CATEGORIES order; null for anything else. */
const categoriesOf = (value: unknown): DataCategory[] | null => {
  if (!Array.isArray(value) || value.length === 0) return null;
  const known = DATA_CATEGORIES.filter((c) => value.includes(c));
  return known.length === value.length ? known : null;
};

const restrict = ({ data, metadata }: RestrictCase, state: ExistingCase): CaseRestricted => {
  assertDpo(metadata);
  const reason = RESTRICTION_REASONS.find((r) => r === data.reason);
  if (!reason) throw new InvalidRestrictionError(`reason must be one of ${RESTRICTION_REASONS.join(', ')}`);
  const scope = data.scope === 'case' ? 'case' : categoriesOf(data.scope);
  if (scope === null)
    throw new InvalidRestrictionError('scope is "case" or a non-empty list of distinct data categories');
  // A closed case is restricted too: that is what § 84 SGB X offers instead of erasure.
  if (state.restriction) throw new CaseAlreadyRestrictedError(data.caseId);
  return {
    type: 'CaseRestricted',
    data: {
      caseId: data.caseId,
      scope,
      reason,
      decidedBy: metadata.actor.userId,
      restrictedAt: metadata.now.toISOString(),
    },
  };
};

const lift = ({ data, metadata }: LiftCaseRestriction, state: ExistingCase): CaseRestrictionLifted => {
  assertDpo(metadata);
  if (!state.restriction) throw new CaseNotRestrictedError(data.caseId);
  return {
    type: 'CaseRestrictionLifted',
    data: { caseId: data.caseId, liftedBy: metadata.actor.userId, liftedAt: metadata.now.toISOString() },
  };
};

const dispute = ({ data, metadata }: DisputeAccuracy, state: ExistingCase): AccuracyDisputed => {
  assertDpo(metadata);
  const categories = data.categories === null || data.categories === undefined ? null : categoriesOf(data.categories);
  if (categories === null && data.categories !== null && data.categories !== undefined)
    throw new InvalidRestrictionError('categories is absent (the whole case) or a non-empty list of data categories');
  if (state.accuracyDispute) throw new AccuracyAlreadyDisputedError(data.caseId);
  return {
    type: 'AccuracyDisputed',
    data: {
      caseId: data.caseId,
      categories,
      recordedBy: metadata.actor.userId,
      disputedAt: metadata.now.toISOString(),
    },
  };
};

const resolve = ({ data, metadata }: ResolveAccuracyDispute, state: ExistingCase): AccuracyDisputeResolved => {
  assertDpo(metadata);
  if (!state.accuracyDispute) throw new AccuracyNotDisputedError(data.caseId);
  return {
    type: 'AccuracyDisputeResolved',
    data: { caseId: data.caseId, resolvedBy: metadata.actor.userId, resolvedAt: metadata.now.toISOString() },
  };
};

export const decideRestriction = (command: RestrictionCommand, state: ExistingCase): RestrictionEvent => {
  switch (command.type) {
    case 'RestrictCase':
      return restrict(command, state);
    case 'LiftCaseRestriction':
      return lift(command, state);
    case 'DisputeAccuracy':
      return dispute(command, state);
    case 'ResolveAccuracyDispute':
      return resolve(command, state);
  }
};

export const evolveRestriction = (state: ExistingCase, event: RestrictionEvent): ExistingCase => {
  switch (event.type) {
    case 'CaseRestricted':
      return {
        ...state,
        restriction: { scope: event.data.scope, reason: event.data.reason, since: event.data.restrictedAt },
      };
    case 'CaseRestrictionLifted':
      return { ...state, restriction: null };
    case 'AccuracyDisputed':
      return { ...state, accuracyDispute: { categories: event.data.categories, since: event.data.disputedAt } };
    case 'AccuracyDisputeResolved':
      return { ...state, accuracyDispute: null };
  }
};

/** The categories a restriction covers. */
export const restrictedCategories = (scope: 'case' | readonly DataCategory[]): readonly DataCategory[] =>
  scope === 'case' ? DATA_CATEGORIES : scope;
