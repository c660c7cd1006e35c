import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  CASE_EVENT_TYPES,
  CONTRACT_EXAMPLES,
  CONTRACTS,
  EVALUATION_EVENT_TYPES,
  INTEGRATION_EVENT_TYPES,
  PROGRESS_DIMENSIONS_V1,
  type IntegrationEventType,
} from '../index';

// The producers' check, as `@fallverbund/messaging` compiles it: draft 2020-12, closed schemas.
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv, ['date', 'date-time']);
const valid = (type: IntegrationEventType, data: unknown): boolean => ajv.validate(CONTRACTS[type].schema, data);

describe('contract schemas and examples', () => {
  it.each(INTEGRATION_EVENT_TYPES)('%s: its example passes its schema', (type) => {
    expect([type, valid(type, CONTRACT_EXAMPLES[type]), ajv.errorsText()]).toEqual([type, true, 'No errors']);
  });
});

describe('case work contracts (referrals, plan, conferences, progress)', () => {
  it('puts each type in the category partner delivery is filtered on', () => {
    expect(
      Object.fromEntries(
        [
          CASE_EVENT_TYPES.referralSent,
          CASE_EVENT_TYPES.referralStatusChanged,
          CASE_EVENT_TYPES.planChanged,
          CASE_EVENT_TYPES.planStepCompleted,
          CASE_EVENT_TYPES.conferenceScheduled,
          CASE_EVENT_TYPES.conferenceHeld,
          CASE_EVENT_TYPES.progressAssessed,
        ].map((type) => [type, CONTRACTS[type].category]),
      ),
    ).toEqual({
      'cases.case.referral_sent.v1': 'referrals',
      'cases.case.referral_status_changed.v1': 'referrals',
      'cases.case.plan_changed.v1': 'plan',
      'cases.case.plan_step_completed.v1': 'plan',
      'cases.case.conference_scheduled.v1': 'case_admin',
      'cases.case.conference_held.v1': 'case_admin',
      'cases.case.progress_assessed.v1': 'progress',
    });
  });

  it('refuses what the minimised case events leave out: reasons, step ids, ratings, staff, topics', () => {
    const sent = CONTRACT_EXAMPLES[CASE_EVENT_TYPES.referralSent];
    expect(valid(CASE_EVENT_TYPES.referralSent, { ...sent, reason: 'Alkohol' })).toBe(false);
    expect(valid(CASE_EVENT_TYPES.referralSent, { ...sent, sharedCategories: [] })).toBe(false);
    const status = CONTRACT_EXAMPLES[CASE_EVENT_TYPES.referralStatusChanged];
    expect(valid(CASE_EVENT_TYPES.referralStatusChanged, { ...status, status: 'sent' })).toBe(false);
    expect(valid(CASE_EVENT_TYPES.referralStatusChanged, { ...status, declineReason: 'other' })).toBe(false);
    expect(valid(CASE_EVENT_TYPES.referralStatusChanged, { ...status, waitingDays: -1 })).toBe(false);
    const attested = { ...status, status: 'completed', waitingDays: null };
    expect(
      valid(CASE_EVENT_TYPES.referralStatusChanged, {
        ...attested,
        attestation: { attended: true, goalReached: true },
      }),
    ).toBe(true);
    expect(
      valid(CASE_EVENT_TYPES.referralStatusChanged, {
        ...attested,
        attestation: { attended: true, goalReached: true, note: 'kam pünktlich' },
      }),
    ).toBe(false);
    expect(valid(CASE_EVENT_TYPES.planChanged, { version: 0, status: 'draft' })).toBe(false);
    expect(valid(CASE_EVENT_TYPES.planChanged, { version: 1, status: 'none' })).toBe(false);
    expect(valid(CASE_EVENT_TYPES.planStepCompleted, { version: 1, stepId: 's1' })).toBe(false);
    const held = CONTRACT_EXAMPLES[CASE_EVENT_TYPES.conferenceHeld];
    expect(valid(CASE_EVENT_TYPES.conferenceHeld, { ...held, sharedCategories: [] })).toBe(true);
    expect(valid(CASE_EVENT_TYPES.conferenceHeld, { ...held, pseudonym: 'TN-1' })).toBe(false);
    expect(valid(CASE_EVENT_TYPES.conferenceHeld, { ...held, attendingAgencyIds: [] })).toBe(false);
    const scheduled = CONTRACT_EXAMPLES[CASE_EVENT_TYPES.conferenceScheduled];
    expect(valid(CASE_EVENT_TYPES.conferenceScheduled, { ...scheduled, topic: 'Wohnung' })).toBe(false);
    const assessed = CONTRACT_EXAMPLES[CASE_EVENT_TYPES.progressAssessed];
    expect(valid(CASE_EVENT_TYPES.progressAssessed, { ...assessed, ratings: { housing: 3 } })).toBe(false);
    expect(valid(CASE_EVENT_TYPES.progressAssessed, { ...assessed, dimensions: ['mood'] })).toBe(false);
  });

  it('keeps evaluation records to the month, the waiting days and ratings of known dimensions from 1 to 5', () => {
    expect(valid(EVALUATION_EVENT_TYPES.referralWaited, { waitingDays: 0, month: '2026-11' })).toBe(true);
    expect(valid(EVALUATION_EVENT_TYPES.referralWaited, { waitingDays: 3, month: '2026-11-02' })).toBe(false);
    expect(
      valid(EVALUATION_EVENT_TYPES.referralWaited, { waitingDays: 3, month: '2026-11', partnerAgencyId: 'x' }),
    ).toBe(false);
    const record = (ratings: object) => ({ perspective: 'coach', ratings, month: '2026-11' });
    const every = Object.fromEntries(PROGRESS_DIMENSIONS_V1.map((d) => [d, 5]));
    expect(valid(EVALUATION_EVENT_TYPES.progressAssessed, record(every))).toBe(true);
    expect(valid(EVALUATION_EVENT_TYPES.progressAssessed, record({}))).toBe(false);
    expect(valid(EVALUATION_EVENT_TYPES.progressAssessed, record({ housing: 6 }))).toBe(false);
    expect(valid(EVALUATION_EVENT_TYPES.progressAssessed, record({ housing: 2.5 }))).toBe(false);
    expect(valid(EVALUATION_EVENT_TYPES.progressAssessed, record({ mood: 3 }))).toBe(false);
    expect(valid(EVALUATION_EVENT_TYPES.progressAssessed, { ...record({ housing: 3 }), assessmentId: 'a-1' })).toBe(
      false,
    );
  });
});
