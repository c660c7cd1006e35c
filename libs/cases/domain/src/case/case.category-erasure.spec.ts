import { type PersonalDataSpec } from '@fallverbund/kernel';
import { type EraseCategoryData, InvalidCategoryErasureError } from './case.category-erasure';
import { decideCase } from './case.decide';
import { CaseNotFoundError, ParticipantAlreadyErasedError } from './case.errors';
import { casePersonalData } from './case.events';
import { evolveCase, initialCaseState } from './case.evolve';
import { caseId, caseOpened, demoActor, erased, now, participantId } from './testing/case-fixtures';

const frieda = demoActor('frieda.dpo', 'data_protection_officer', 'jobcenter-mitte', 'jobcenter');
const erase = (categories: readonly string[], reason = 'rehab-medical ended'): EraseCategoryData => ({
  type: 'EraseCategoryData',
  data: { caseId, categories, reason },
  metadata: { now, actor: frieda, purpose: 'audit' },
});
const opened = evolveCase(initialCaseState(), caseOpened);

describe('EraseCategoryData (keys per data category, issue 17)', () => {
  it('records which categories were erased, in vocabulary order, without personal data', () => {
    const events = decideCase(erase(['addiction', 'health', 'health']), opened);
    expect(events).toEqual([
      {
        type: 'CategoryDataErased',
        data: {
          caseId,
          participantId,
          categories: ['health', 'addiction'],
          reason: 'rehab-medical ended',
          erasedBy: 'frieda.dpo',
          erasedAt: now.toISOString(),
        },
      },
    ]);
    // What decisions see does not change.
    expect(evolveCase(opened, events[0]!)).toBe(opened);
  });

  it('refuses no category, an unknown one, an empty reason, an unknown case and an erased participant', () => {
    expect(() => decideCase(erase([]), opened)).toThrow(InvalidCategoryErasureError);
    expect(() => decideCase(erase(['health', 'diagnoses']), opened)).toThrow(/no data categories: diagnoses/);
    expect(() => decideCase(erase(['health'], '  '), opened)).toThrow(InvalidCategoryErasureError);
    expect(() => decideCase(erase(['health']), initialCaseState())).toThrow(CaseNotFoundError);
    expect(() => decideCase(erase(['health']), evolveCase(opened, erased))).toThrow(ParticipantAlreadyErasedError);
  });
});

describe('casePersonalData: the data category of each personal field', () => {
  const categoryOf = (type: string, data: object, field: string) =>
    (casePersonalData[type] as unknown as PersonalDataSpec<object>).categoryOf?.(data, field as never);

  it('names the category of every field of every spec', () => {
    for (const [type, spec] of Object.entries(casePersonalData))
      expect([type, typeof spec.categoryOf]).toEqual([type, 'function']);
    expect(categoryOf('CaseOpened', {}, 'participant')).toBe('identity');
    expect(categoryOf('HealthNoteRecorded', {}, 'text')).toBe('health');
    expect(categoryOf('EntrustedNoteRecorded', {}, 'text')).toBe('youth_welfare');
    expect(categoryOf('ContactRecorded', {}, 'summary')).toBe('contacts');
    expect(categoryOf('ContactRecorded', { summaryCategory: 'finances' }, 'summary')).toBe('finances');
    const correction = { summaryCategory: 'health', reasonCategory: 'addiction' };
    expect(categoryOf('ContactCorrected', correction, 'summary')).toBe('health');
    expect(categoryOf('ContactCorrected', correction, 'reason')).toBe('addiction');
    expect(categoryOf('ContactCorrected', {}, 'reason')).toBe('contacts');
    expect(categoryOf('CaseReopened', {}, 'reason')).toBe('case_admin');
    expect(categoryOf('ReferralSent', {}, 'reason')).toBe('referrals');
    expect(categoryOf('PlanDisputed', {}, 'reason')).toBe('plan');
    expect(categoryOf('ConferenceScheduled', { conferenceId: 'c' }, 'topic')).toBe('case_admin');
    expect(categoryOf('ConferenceScheduled', { conferenceId: 'c', topicCategory: 'plan' }, 'topic')).toBe('plan');
  });

  it('names one category per item of plan goals and steps and of conference decisions', () => {
    const plan = {
      goals: [{ goalId: 'g1' }, { goalId: 'g2' }],
      steps: [{ stepId: 's1' }],
      participantWords: 'x',
      textCategories: {
        goals: [
          { goalId: 'g2', category: 'health' },
          { goalId: 'g1', category: 'plan' },
        ],
        steps: [{ stepId: 's1', category: 'addiction' }],
        participantWords: 'finances',
      },
    };
    expect(categoryOf('PlanVersionDrafted', plan, 'goals')).toEqual(['plan', 'health']);
    expect(categoryOf('PlanVersionDrafted', plan, 'steps')).toEqual(['addiction']);
    expect(categoryOf('PlanVersionDrafted', plan, 'participantWords')).toBe('finances');
    // Drafted before issue 11: every text is `plan`.
    expect(categoryOf('PlanVersionDrafted', { ...plan, textCategories: undefined }, 'goals')).toEqual(['plan', 'plan']);
    expect(
      categoryOf('ConferenceHeld', { decisions: ['a', 'b'], decisionCategories: ['plan', 'progress'] }, 'decisions'),
    ).toEqual(['plan', 'progress']);
    expect(categoryOf('ConferenceHeld', { decisions: ['a'] }, 'decisions')).toEqual(['case_admin']);
  });
});
