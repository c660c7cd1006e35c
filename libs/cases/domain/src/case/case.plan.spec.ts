import { type CommandContext, deciderSpec } from '@fallverbund/kernel';
import { caseDecider } from './case.decide';
import { CaseClosedError, CaseNotFoundError, ParticipantAlreadyErasedError } from './case.errors';
import { type CaseEvent } from './case.events';
import {
  type AgreePlanVersion,
  type CompletePlanStep,
  type ConcludeMediation,
  type DisputePlan,
  type DraftPlanVersion,
  InvalidPlanError,
  type MediationConcluded,
  MediationNotAvailableError,
  type MediationRequested,
  type PlanCommand,
  type PlanDisputed,
  PlanIllegalTransitionError,
  type PlanLegalStatus,
  PlanNotFoundError,
  type PlanStatus,
  type PlanStep,
  type PlanTextCategories,
  planTextCategories,
  type PlanStepCompleted,
  type PlanVersionAgreed,
  type PlanVersionDrafted,
  type RequestMediation,
} from './case.plan';
import { anna, caseId, caseOpened, closed, erased, now, participantId, reopened } from './testing/case-fixtures';

const context = (): CommandContext => ({ now, actor: anna, purpose: 'integration' });
const at = now.toISOString();

const sgb2: PlanLegalStatus = { basis: '§ 15 SGB II', binding: false, mediationAvailable: true };
const sgb9: PlanLegalStatus = { basis: '§ 19 SGB IX', binding: false, mediationAvailable: false };
const goals: DraftPlanVersion['data']['goals'] = [
  { goalId: 'g1', lifeArea: 'health', text: ' Einen Therapieplatz finden ' },
  { goalId: 'g2', lifeArea: 'work', text: 'Ein Praktikum beginnen' },
];
const steps: PlanStep[] = [
  {
    stepId: 's1',
    goalId: 'g1',
    action: ' Termin bei der Suchtberatung ',
    responsible: 'participant',
    dueDate: '2026-12-15',
  },
  {
    stepId: 's2',
    goalId: null,
    action: 'Bewerbungsunterlagen',
    responsible: ' jobcenter-mitte ',
    dueDate: '2027-01-31',
  },
];
const draft = (overrides: Partial<DraftPlanVersion['data']> = {}): DraftPlanVersion => ({
  type: 'DraftPlanVersion',
  data: { caseId, legalStatus: sgb2, goals, steps, participantWords: ' Ich will wieder arbeiten. ', ...overrides },
  metadata: context(),
});
/** Every text `plan`, as the decider writes it when the author names no category. */
const allPlan = ({ goals, steps }: Pick<PlanVersionDrafted['data'], 'goals' | 'steps'>): PlanTextCategories => ({
  goals: goals.map(({ goalId }) => ({ goalId, category: 'plan' })),
  steps: steps.map(({ stepId }) => ({ stepId, category: 'plan' })),
  participantWords: 'plan',
});
const drafted = (version: number, overrides: Partial<PlanVersionDrafted['data']> = {}): PlanVersionDrafted => {
  const event = draftedAsBefore(version, overrides);
  return { ...event, data: { textCategories: allPlan(event.data), ...event.data } };
};
/** As written before issue 11: without text categories. */
const draftedAsBefore = (version: number, overrides: Partial<PlanVersionDrafted['data']> = {}): PlanVersionDrafted => ({
  type: 'PlanVersionDrafted',
  data: {
    caseId,
    participantId,
    version,
    legalStatus: sgb2,
    goals: [
      { goalId: 'g1', lifeArea: 'health', text: 'Einen Therapieplatz finden' },
      { goalId: 'g2', lifeArea: 'work', text: 'Ein Praktikum beginnen' },
    ],
    steps: [
      {
        stepId: 's1',
        goalId: 'g1',
        action: 'Termin bei der Suchtberatung',
        responsible: 'participant',
        dueDate: '2026-12-15',
      },
      {
        stepId: 's2',
        goalId: null,
        action: 'Bewerbungsunterlagen',
        responsible: 'jobcenter-mitte',
        dueDate: '2027-01-31',
      },
    ],
    participantWords: 'Ich will wieder arbeiten.',
    schedule: [
      { stepId: 's1', dueDate: '2026-12-15' },
      { stepId: 's2', dueDate: '2027-01-31' },
    ],
    draftedBy: 'anna.coach',
    draftedAt: at,
    ...overrides,
  },
});
const agreed = (version: number, recordedAt = '2026-11-20T10:00:00.000Z'): PlanVersionAgreed => ({
  type: 'PlanVersionAgreed',
  data: { caseId, version, form: 'written', recordedBy: 'anna.coach', agreedAt: recordedAt },
});
const disputed = (version: number, disputedAt = '2026-11-21T10:00:00.000Z'): PlanDisputed => ({
  type: 'PlanDisputed',
  data: { caseId, participantId, version, reason: 'Praktikum zu früh', recordedBy: 'anna.coach', disputedAt },
});
const mediationRequested = (version: number, requestedAt = '2026-11-22T10:00:00.000Z'): MediationRequested => ({
  type: 'MediationRequested',
  data: { caseId, version, requestedBy: 'anna.coach', requestedAt },
});
const mediationConcluded = (
  version: number,
  outcome: MediationConcluded['data']['outcome'] = 'agreement_reached',
  concludedAt = '2026-11-23T10:00:00.000Z',
): MediationConcluded => ({
  type: 'MediationConcluded',
  data: { caseId, version, outcome, concludedBy: 'anna.coach', concludedAt },
});
const stepCompleted = (
  version: number,
  stepId: string,
  completedAt = '2026-11-24T10:00:00.000Z',
): PlanStepCompleted => ({
  type: 'PlanStepCompleted',
  data: { caseId, version, stepId, completedBy: 'anna.coach', completedAt },
});

const v1 = drafted(1, { draftedAt: '2026-11-15T10:00:00.000Z' });
/** The history that leaves the plan (version 1) in each status; `never agreed` unless the name says so. */
const historyIn: Record<PlanStatus, CaseEvent[]> = {
  draft: [caseOpened, v1],
  agreed: [caseOpened, v1, agreed(1)],
  disputed: [caseOpened, v1, disputed(1)],
  mediation_requested: [caseOpened, v1, disputed(1), mediationRequested(1)],
  mediation_concluded: [caseOpened, v1, disputed(1), mediationRequested(1), mediationConcluded(1)],
};
const STATUSES = Object.keys(historyIn) as PlanStatus[];
const statusesBut = (...allowed: PlanStatus[]): PlanStatus[] => STATUSES.filter((s) => !allowed.includes(s));

const agree = (version = 1, form = 'written'): AgreePlanVersion => ({
  type: 'AgreePlanVersion',
  data: { caseId, version, form },
  metadata: context(),
});
const dispute = (version = 1, reason = ' Praktikum zu früh '): DisputePlan => ({
  type: 'DisputePlan',
  data: { caseId, version, reason },
  metadata: context(),
});
const requestMediation: RequestMediation = { type: 'RequestMediation', data: { caseId }, metadata: context() };
const conclude = (outcome = 'agreement_reached'): ConcludeMediation => ({
  type: 'ConcludeMediation',
  data: { caseId, outcome },
  metadata: context(),
});
const completeStep = (stepId = 's1'): CompletePlanStep => ({
  type: 'CompletePlanStep',
  data: { caseId, stepId },
  metadata: context(),
});

const spec = deciderSpec(caseDecider);

describe('cooperation plan', () => {
  describe('DraftPlanVersion', () => {
    it('drafts version 1 with trimmed texts and a schedule outside the sealed content', () =>
      spec
        .given([caseOpened])
        .when(draft())
        .then([drafted(1)]));

    it('keeps the legal status as given: a plan under § 19 SGB IX without mediation', () =>
      spec
        .given([caseOpened])
        .when(draft({ legalStatus: { ...sgb9, basis: ' § 19 SGB IX ' } }))
        .then([drafted(1, { legalStatus: sgb9 })]));

    it('drafts a plan without steps and without the participant words', () => {
      spec
        .given([caseOpened])
        .when(draft({ steps: [], participantWords: null }))
        .then([drafted(1, { steps: [], schedule: [], participantWords: null })]);
      spec
        .given([caseOpened])
        .when(draft({ steps: [], participantWords: '   ' }))
        .then([drafted(1, { steps: [], schedule: [], participantWords: null })]);
    });

    it('accepts a step due today', () => {
      const today = { ...steps[0]!, dueDate: '2026-11-25' };
      spec
        .given([caseOpened])
        .when(draft({ steps: [today] }))
        .then([
          drafted(1, {
            steps: [{ ...today, action: 'Termin bei der Suchtberatung' }],
            schedule: [{ stepId: 's1', dueDate: '2026-11-25' }],
          }),
        ]);
    });

    it.each(['draft', 'agreed', 'disputed', 'mediation_concluded'] as const)(
      'drafts the next version when the plan is %s',
      (status) =>
        spec
          .given(historyIn[status])
          .when(draft())
          .then([drafted(2)]),
    );

    it('carries a step that fell due unchanged into the next version, but does not move one into the past', () => {
      const old = drafted(1, {
        steps: [{ ...steps[0]!, action: 'Termin', dueDate: '2026-11-20' }],
        schedule: [{ stepId: 's1', dueDate: '2026-11-20' }],
      });
      const carried = { ...steps[0]!, action: 'Termin', dueDate: '2026-11-20' };
      spec
        .given([caseOpened, old])
        .when(draft({ steps: [carried] }))
        .then([drafted(2, { steps: [carried], schedule: [{ stepId: 's1', dueDate: '2026-11-20' }] })]);
      spec
        .given([caseOpened, old])
        .when(draft({ steps: [{ ...carried, dueDate: '2026-11-21' }] }))
        .thenThrows(InvalidPlanError, 'PLAN.INVALID');
      spec
        .given([caseOpened, old])
        .when(draft({ steps: [{ ...carried, stepId: 's9' }] }))
        .thenThrows(InvalidPlanError, 'PLAN.INVALID');
    });

    it('is not drafted while the plan is in mediation (409)', () =>
      spec
        .given(historyIn.mediation_requested)
        .when(draft())
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'));

    const step = (overrides: Partial<PlanStep>): PlanStep[] => [{ ...steps[0]!, ...overrides }];
    it.each<[string, Partial<DraftPlanVersion['data']>]>([
      ['a blank legal basis', { legalStatus: { ...sgb2, basis: '  ' } }],
      ['a legal status that is not yes or no', { legalStatus: { ...sgb2, binding: 'no' as unknown as boolean } }],
      ['no goal', { goals: [] }],
      ['more than 20 goals', { goals: Array.from({ length: 21 }, (_, i) => ({ ...goals[0]!, goalId: `g${i}` })) }],
      ['more than 50 steps', { steps: Array.from({ length: 51 }, (_, i) => ({ ...steps[1]!, stepId: `s${i}` })) }],
      ['a blank goal id', { goals: [{ ...goals[0]!, goalId: ' ' }] }],
      ['a goal id over 64 characters', { goals: [{ ...goals[0]!, goalId: 'g'.repeat(65) }], steps: [] }],
      ['two goals with one id', { goals: [goals[0]!, { ...goals[1]!, goalId: 'g1' }] }],
      ['two steps with one id', { steps: [steps[0]!, { ...steps[1]!, stepId: 's1' }] }],
      ['an unknown life area', { goals: [{ ...goals[0]!, lifeArea: 'hobbies' }], steps: [] }],
      ['a blank goal', { goals: [{ ...goals[0]!, text: ' ' }] }],
      ['a goal over 1000 characters', { goals: [{ ...goals[0]!, text: 'x'.repeat(1001) }] }],
      ['a step for an unknown goal', { steps: step({ goalId: 'g7' }) }],
      ['a due date that is no date', { steps: step({ dueDate: '2026-02-30' }) }],
      ['a step due in the past', { steps: step({ dueDate: '2026-11-24' }) }],
      ['a blank step', { steps: step({ action: '  ' }) }],
      ['a step without anyone responsible', { steps: step({ responsible: ' ' }) }],
      ['participant words over 4000 characters', { participantWords: 'x'.repeat(4001) }],
    ])('refuses %s (400)', (_name, overrides) =>
      spec.given([caseOpened]).when(draft(overrides)).thenThrows(InvalidPlanError, 'PLAN.INVALID'),
    );
  });

  describe('text categories', () => {
    it('keeps the category each author chose beside the sealed texts, `plan` where none was given', () =>
      spec
        .given([caseOpened])
        .when(
          draft({
            goals: [{ ...goals[0]!, category: 'addiction' }, goals[1]!],
            steps: [{ ...steps[0]!, category: 'health' }, steps[1]!],
            participantWordsCategory: 'addiction',
          }),
        )
        .then([
          drafted(1, {
            textCategories: {
              goals: [
                { goalId: 'g1', category: 'addiction' },
                { goalId: 'g2', category: 'plan' },
              ],
              steps: [
                { stepId: 's1', category: 'health' },
                { stepId: 's2', category: 'plan' },
              ],
              participantWords: 'addiction',
            },
          }),
        ]));

    it('never seals the category into the goal or the step', () => {
      const [event] = caseDecider.decide(
        draft({ goals: [{ ...goals[0]!, category: 'addiction' }], steps: [] }),
        caseDecider.evolve(caseDecider.initialState(), caseOpened),
      ) as PlanVersionDrafted[];
      expect(event?.data.goals).toEqual([{ goalId: 'g1', lifeArea: 'health', text: 'Einen Therapieplatz finden' }]);
    });

    it.each<[string, Partial<DraftPlanVersion['data']>]>([
      ['a goal', { goals: [{ ...goals[0]!, category: 'sucht' }, goals[1]!] }],
      ['a step', { steps: [{ ...steps[0]!, category: 'Plan' }] }],
      ["the participant's words", { participantWordsCategory: 'alcohol' }],
    ])('refuses an unknown category of %s (400)', (_name, overrides) =>
      spec.given([caseOpened]).when(draft(overrides)).thenThrows(InvalidPlanError, 'PLAN.INVALID'),
    );

    it('reads a version drafted before categories as `plan` throughout', () => {
      const before = draftedAsBefore(1).data;
      expect(before.textCategories).toBeUndefined();
      expect(planTextCategories(before)).toEqual(allPlan(before));
      expect(
        planTextCategories({
          ...before,
          textCategories: { goals: [{ goalId: 'g2', category: 'finances' }], steps: [], participantWords: 'health' },
        }),
      ).toEqual({
        goals: [
          { goalId: 'g1', category: 'plan' },
          { goalId: 'g2', category: 'finances' },
        ],
        steps: [
          { stepId: 's1', category: 'plan' },
          { stepId: 's2', category: 'plan' },
        ],
        participantWords: 'health',
      });
    });

    it('folds an old version like a new one', () =>
      spec
        .given([caseOpened, draftedAsBefore(1), agreed(1)])
        .when(completeStep())
        .then([stepCompleted(1, 's1', at)]));
  });

  describe('AgreePlanVersion', () => {
    it.each(['draft', 'disputed', 'mediation_concluded'] as const)(
      'records the agreement when the plan is %s',
      (status) =>
        spec
          .given(historyIn[status])
          .when(agree())
          .then([agreed(1, at)]),
    );
    it.each(['written', 'electronic', 'verbal'] as const)('records the form %s', (form) =>
      spec
        .given(historyIn.draft)
        .when(agree(1, form))
        .then([{ ...agreed(1, at), data: { ...agreed(1, at).data, form } }]),
    );
    it.each(statusesBut('draft', 'disputed', 'mediation_concluded'))('is not agreed when %s (409)', (status) =>
      spec.given(historyIn[status]).when(agree()).thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'),
    );
    it('agrees only to the latest version (409)', () => {
      spec
        .given([...historyIn.draft, drafted(2)])
        .when(agree(1))
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION');
      spec.given(historyIn.draft).when(agree(2)).thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION');
    });
    it('refuses an unknown form (400)', () =>
      spec.given(historyIn.draft).when(agree(1, 'handshake')).thenThrows(InvalidPlanError, 'PLAN.INVALID'));
  });

  describe('DisputePlan', () => {
    it.each(['draft', 'agreed', 'mediation_concluded'] as const)('records a dispute when the plan is %s', (status) =>
      spec
        .given(historyIn[status])
        .when(dispute())
        .then([disputed(1, at)]),
    );
    it.each(statusesBut('draft', 'agreed', 'mediation_concluded'))('is not disputed when %s (409)', (status) =>
      spec.given(historyIn[status]).when(dispute()).thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'),
    );
    it('disputes only the latest version (409)', () =>
      spec
        .given([...historyIn.agreed, drafted(2)])
        .when(dispute(1))
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'));
    it.each([
      ['a blank reason', '  '],
      ['a reason over 1000 characters', 'x'.repeat(1001)],
    ])('refuses %s (400)', (_name, reason) =>
      spec.given(historyIn.draft).when(dispute(1, reason)).thenThrows(InvalidPlanError, 'PLAN.INVALID'),
    );
  });

  describe('RequestMediation', () => {
    it('is requested for the disputed latest version', () =>
      spec
        .given(historyIn.disputed)
        .when(requestMediation)
        .then([mediationRequested(1, at)]));
    it.each(statusesBut('disputed'))('is not requested when the plan is %s (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(requestMediation)
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'),
    );
    it('is not available where the legal status of the plan provides none (409)', () =>
      spec
        .given([caseOpened, drafted(1, { legalStatus: sgb9 }), disputed(1)])
        .when(requestMediation)
        .thenThrows(MediationNotAvailableError, 'PLAN.MEDIATION_NOT_AVAILABLE'));
    it('follows the legal status of the latest version, not of an earlier one', () => {
      spec
        .given([caseOpened, drafted(1, { legalStatus: sgb9 }), drafted(2), disputed(2)])
        .when(requestMediation)
        .then([mediationRequested(2, at)]);
      spec
        .given([caseOpened, v1, drafted(2, { legalStatus: sgb9 }), disputed(2)])
        .when(requestMediation)
        .thenThrows(MediationNotAvailableError);
    });
  });

  describe('ConcludeMediation', () => {
    it.each(['agreement_reached', 'no_agreement', 'withdrawn'] as const)('concludes a mediation with %s', (outcome) =>
      spec
        .given(historyIn.mediation_requested)
        .when(conclude(outcome))
        .then([mediationConcluded(1, outcome, at)]),
    );
    it.each(statusesBut('mediation_requested'))('is not concluded when the plan is %s (409)', (status) =>
      spec.given(historyIn[status]).when(conclude()).thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'),
    );
    it('refuses an unknown outcome (400)', () =>
      spec.given(historyIn.mediation_requested).when(conclude('settled')).thenThrows(InvalidPlanError, 'PLAN.INVALID'));
  });

  describe('CompletePlanStep', () => {
    it('records a step of the agreed latest version as done', () =>
      spec
        .given(historyIn.agreed)
        .when(completeStep())
        .then([stepCompleted(1, 's1', at)]));
    it.each(statusesBut('agreed'))('is refused while the plan is %s and was never agreed (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(completeStep())
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'),
    );
    it('is refused while a newer version awaits agreement (409)', () =>
      spec
        .given([...historyIn.agreed, drafted(2)])
        .when(completeStep())
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION'));
    it('is recorded once (409), and a step carried into the next version under its id stays done', () => {
      spec
        .given([...historyIn.agreed, stepCompleted(1, 's1')])
        .when(completeStep())
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION');
      spec
        .given([...historyIn.agreed, stepCompleted(1, 's1'), drafted(2), agreed(2)])
        .when(completeStep())
        .thenThrows(PlanIllegalTransitionError, 'PLAN.ILLEGAL_TRANSITION');
      spec
        .given([...historyIn.agreed, stepCompleted(1, 's1'), drafted(2), agreed(2)])
        .when(completeStep('s2'))
        .then([stepCompleted(2, 's2', at)]);
    });
    it('needs a step of the latest version (404)', () => {
      spec.given(historyIn.agreed).when(completeStep('s9')).thenThrows(PlanNotFoundError, 'PLAN.NOT_FOUND');
      const withoutS1 = drafted(2, { steps: [], schedule: [{ stepId: 's2', dueDate: '2027-01-31' }] });
      spec
        .given([...historyIn.agreed, withoutS1, agreed(2)])
        .when(completeStep('s1'))
        .thenThrows(PlanNotFoundError, 'PLAN.NOT_FOUND');
    });
    // A dispute of the agreed version does not undo the agreement until a new version is drafted:
    // the steps agreed to can still be recorded as done. Pinned so that a change is a decision.
    it('is still recorded when the agreed version is disputed afterwards', () =>
      spec
        .given([...historyIn.agreed, disputed(1), mediationRequested(1)])
        .when(completeStep())
        .then([stepCompleted(1, 's1', at)]));
  });

  describe('every plan command', () => {
    const commands: [string, PlanStatus, PlanCommand][] = [
      ['DraftPlanVersion', 'draft', draft()],
      ['AgreePlanVersion', 'draft', agree()],
      ['DisputePlan', 'draft', dispute()],
      ['RequestMediation', 'disputed', requestMediation],
      ['ConcludeMediation', 'mediation_requested', conclude()],
      ['CompletePlanStep', 'agreed', completeStep()],
    ];
    it.each(commands.filter(([name]) => name !== 'DraftPlanVersion'))(
      '%s needs a plan (404)',
      (_name, _status, command) =>
        spec.given([caseOpened]).when(command).thenThrows(PlanNotFoundError, 'PLAN.NOT_FOUND'),
    );
    it.each(commands)('%s is refused on a closed case (409)', (_name, status, command) =>
      spec
        .given([...historyIn[status], closed])
        .when(command)
        .thenThrows(CaseClosedError, 'CASE.CLOSED'),
    );
    it.each(commands)('%s works again once the case is reopened', (_name, status, command) => {
      const [event] = caseDecider.decide(
        command,
        historyIn[status].reduce(caseDecider.evolve, caseDecider.initialState()),
      );
      spec
        .given([...historyIn[status], closed, reopened])
        .when(command)
        .then([event!]);
    });
    it.each(commands)('%s is refused after erasure (409)', (_name, status, command) =>
      spec
        .given([...historyIn[status], erased])
        .when(command)
        .thenThrows(ParticipantAlreadyErasedError, 'CASE.PARTICIPANT_ALREADY_ERASED'),
    );
    it.each(commands)('%s needs an existing case (404)', (_name, _status, command) =>
      spec.given([]).when(command).thenThrows(CaseNotFoundError, 'CASE.NOT_FOUND'),
    );
  });
});
