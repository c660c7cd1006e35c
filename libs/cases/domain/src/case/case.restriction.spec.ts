import { type Actor, type CommandContext, deciderSpec } from '@fallverbund/kernel';
import { caseDecider } from './case.decide';
import { CaseNotFoundError } from './case.errors';
import { evolveCase, initialCaseState } from './case.evolve';
import {
  type AccuracyDisputed,
  AccuracyAlreadyDisputedError,
  AccuracyNotDisputedError,
  CaseAlreadyRestrictedError,
  CaseNotRestrictedError,
  type CaseRestricted,
  InvalidRestrictionError,
  type RestrictionCommand,
  RestrictionByDpoOnlyError,
} from './case.restriction';
import { anna, caseId, caseOpened, closed, demoActor, now } from './testing/case-fixtures';

const frieda = demoActor('frieda.dpo', 'data_protection_officer', 'jobcenter-mitte', 'jobcenter');
const context = (actor: Actor = frieda): CommandContext => ({ now, actor, purpose: 'audit' });

const restrict = (
  scope: unknown = 'case',
  reason = 'erasure_barred_by_retention',
  actor?: Actor,
): RestrictionCommand => ({
  type: 'RestrictCase',
  data: { caseId, scope, reason },
  metadata: context(actor),
});
const lift = (actor?: Actor): RestrictionCommand => ({
  type: 'LiftCaseRestriction',
  data: { caseId },
  metadata: context(actor),
});
const dispute = (categories: unknown = null, actor?: Actor): RestrictionCommand => ({
  type: 'DisputeAccuracy',
  data: { caseId, categories },
  metadata: context(actor),
});
const resolve = (actor?: Actor): RestrictionCommand => ({
  type: 'ResolveAccuracyDispute',
  data: { caseId },
  metadata: context(actor),
});

const restricted = (overrides: Partial<CaseRestricted['data']> = {}): CaseRestricted => ({
  type: 'CaseRestricted',
  data: {
    caseId,
    scope: 'case',
    reason: 'erasure_barred_by_retention',
    decidedBy: 'frieda.dpo',
    restrictedAt: now.toISOString(),
    ...overrides,
  },
});
const disputed: AccuracyDisputed = {
  type: 'AccuracyDisputed',
  data: { caseId, categories: ['health'], recordedBy: 'frieda.dpo', disputedAt: now.toISOString() },
};

const spec = deciderSpec(caseDecider);

describe('restriction of processing (§ 84 SGB X)', () => {
  it('restricts the whole case, with a coded reason and who decided', () =>
    spec.given([caseOpened]).when(restrict()).then([restricted()]));

  it('restricts some categories, in the vocabulary order', () =>
    spec
      .given([caseOpened])
      .when(restrict(['health', 'contacts'], 'accuracy_disputed'))
      .then([restricted({ scope: ['contacts', 'health'], reason: 'accuracy_disputed' })]));

  it('restricts a closed case (instead of erasure)', () =>
    spec.given([caseOpened, closed]).when(restrict()).then([restricted()]));

  it.each<[string, Actor]>([
    ['the caseworker of the case', anna],
    ['a team lead', demoActor('ben.lead', 'team_lead', 'jobcenter-mitte', 'jobcenter')],
  ])('refuses %s (403): only the DPO restricts, lifts, disputes and resolves', (_name, actor) => {
    spec
      .given([caseOpened])
      .when(restrict('case', 'legal_claims', actor))
      .thenThrows(RestrictionByDpoOnlyError, 'CASE.RESTRICTION_DPO_ONLY');
    spec.given([caseOpened, restricted()]).when(lift(actor)).thenThrows(RestrictionByDpoOnlyError);
    spec.given([caseOpened]).when(dispute(null, actor)).thenThrows(RestrictionByDpoOnlyError);
    spec.given([caseOpened, disputed]).when(resolve(actor)).thenThrows(RestrictionByDpoOnlyError);
  });

  it.each<[string, unknown, string]>([
    ['an unknown reason', 'case', 'because'],
    ['an empty scope', [], 'legal_claims'],
    ['an unknown category', ['health', 'diary'], 'legal_claims'],
    ['a repeated category', ['health', 'health'], 'legal_claims'],
    ['a scope that is neither', 'everything', 'legal_claims'],
  ])('refuses %s (400)', (_name, scope, reason) =>
    spec
      .given([caseOpened])
      .when(restrict(scope, reason))
      .thenThrows(InvalidRestrictionError, 'CASE.RESTRICTION_INVALID'),
  );

  it('refuses a second restriction while one holds (409), and restricts anew after lifting', () => {
    spec
      .given([caseOpened, restricted()])
      .when(restrict(['health']))
      .thenThrows(CaseAlreadyRestrictedError, 'CASE.ALREADY_RESTRICTED');
    spec
      .given([
        caseOpened,
        restricted(),
        { type: 'CaseRestrictionLifted', data: { caseId, liftedBy: 'frieda.dpo', liftedAt: now.toISOString() } },
      ])
      .when(restrict(['health']))
      .then([restricted({ scope: ['health'] })]);
  });

  it('lifts a restriction, and refuses to lift one that does not hold (409)', () => {
    spec
      .given([caseOpened, restricted()])
      .when(lift())
      .then([{ type: 'CaseRestrictionLifted', data: { caseId, liftedBy: 'frieda.dpo', liftedAt: now.toISOString() } }]);
    spec.given([caseOpened]).when(lift()).thenThrows(CaseNotRestrictedError, 'CASE.NOT_RESTRICTED');
  });

  it('refuses a case that does not exist (404)', () => spec.given([]).when(restrict()).thenThrows(CaseNotFoundError));

  it('folds the restriction into the state and out again', () => {
    const state = [caseOpened, restricted({ scope: ['health'] })].reduce(evolveCase, initialCaseState());
    expect(state).toMatchObject({
      restriction: { scope: ['health'], reason: 'erasure_barred_by_retention', since: now.toISOString() },
    });
    const lifted = evolveCase(state, {
      type: 'CaseRestrictionLifted',
      data: { caseId, liftedBy: 'frieda.dpo', liftedAt: now.toISOString() },
    });
    expect(lifted).toMatchObject({ restriction: null });
  });
});

describe('disputed accuracy (§ 84 SGB X)', () => {
  it('records a dispute of some categories, without a note', () =>
    spec
      .given([caseOpened])
      .when(dispute(['health']))
      .then([disputed]));

  it('records a dispute of the whole case', () =>
    spec
      .given([caseOpened])
      .when(dispute())
      .then([{ ...disputed, data: { ...disputed.data, categories: null } }]));

  it('refuses a second dispute (409), an unknown category (400), and resolving none (409)', () => {
    spec
      .given([caseOpened, disputed])
      .when(dispute())
      .thenThrows(AccuracyAlreadyDisputedError, 'CASE.ACCURACY_ALREADY_DISPUTED');
    spec
      .given([caseOpened])
      .when(dispute(['diary']))
      .thenThrows(InvalidRestrictionError);
    spec.given([caseOpened]).when(resolve()).thenThrows(AccuracyNotDisputedError, 'CASE.ACCURACY_NOT_DISPUTED');
  });

  it('resolves a dispute: the flag is gone from the state', () => {
    spec
      .given([caseOpened, disputed])
      .when(resolve())
      .then([
        { type: 'AccuracyDisputeResolved', data: { caseId, resolvedBy: 'frieda.dpo', resolvedAt: now.toISOString() } },
      ]);
    const state = [caseOpened, disputed].reduce(evolveCase, initialCaseState());
    expect(state).toMatchObject({ accuracyDispute: { categories: ['health'], since: now.toISOString() } });
  });
});
