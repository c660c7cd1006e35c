import { type Case, type CaseCommand, type CaseEvent, caseDecider } from '@fallverbund/cases-domain';
import { type Actor, type CommandContext } from '@fallverbund/kernel';
import { STATE_FORMAT } from './case-snapshots';

/**
 * Snapshots store the folded `Case` state under `STATE_FORMAT`. A change to the shape of that state
 * (a field added, renamed or removed anywhere in it) must bump `STATE_FORMAT`, or cases with a
 * snapshot would give commands a state without the new field. This test folds a case that uses every
 * part of the state and compares the shape (every key path, with the kind of value) with the one
 * recorded for the current format: when it fails, bump `STATE_FORMAT` and record the new shape.
 */
const SHAPE_OF_FORMAT: Record<number, string[]> = {
  1: [
    'caseId:string',
    'childProtectionDeclarations[].declarationId:string',
    'childProtectionDeclarations[].declaredAt:string',
    'childProtectionDeclarations[].expiresAt:string',
    'childProtectionDeclarations[].justification:string',
    'childProtectionDeclarations[].userId:string',
    'conferences[].agreed:boolean',
    'conferences[].conferenceId:string',
    'conferences[].held:boolean',
    'conferences[].invitedAgencyIds[]:string',
    'consents[].consentId:string',
    'consents[].dataCategories[]:string',
    'consents[].grantedAt:string',
    'consents[].purposes[]:string',
    'consents[].recipientAgencyIds[]:string',
    'consents[].recipientUserIds[]:string',
    'consents[].validUntil:null',
    'consents[].withdrawnAt:null',
    'contacts[].contactId:string',
    'contacts[].occurredAt:string',
    'leadAgencyId:string',
    'leadAgencyType:string',
    'lifecycle:string',
    'openedAt:string',
    'participantErased:boolean',
    'participantId:string',
    'plan.agreedVersion:number',
    'plan.basis:string',
    'plan.completedStepIds[]:string',
    'plan.latestVersion:number',
    'plan.mediationAvailable:boolean',
    'plan.schedule[].dueDate:string',
    'plan.schedule[].stepId:string',
    'plan.status:string',
    'referrals[].partnerAgencyId:string',
    'referrals[].purpose:string',
    'referrals[].referralId:string',
    'referrals[].referredByAgencyId:string',
    'referrals[].sentAt:string',
    'referrals[].sharedCategories[]:string',
    'referrals[].status:string',
    'status:string',
    'team[].agencyId:string',
    'team[].role:string',
    'team[].userId:string',
  ],
  2: [
    'caseId:string',
    'childProtectionDeclarations[].declarationId:string',
    'childProtectionDeclarations[].declaredAt:string',
    'childProtectionDeclarations[].expiresAt:string',
    'childProtectionDeclarations[].justification:string',
    'childProtectionDeclarations[].userId:string',
    'conferences[].agreed:boolean',
    'conferences[].conferenceId:string',
    'conferences[].held:boolean',
    'conferences[].invitedAgencyIds[]:string',
    'consents[].consentId:string',
    'consents[].dataCategories[]:string',
    'consents[].grantedAt:string',
    'consents[].purposes[]:string',
    'consents[].recipientAgencyIds[]:string',
    'consents[].recipientUserIds[]:string',
    'consents[].validUntil:null',
    'consents[].withdrawnAt:null',
    'contacts[].contactId:string',
    'contacts[].occurredAt:string',
    'firstContactAt:string',
    'leadAgencyId:string',
    'leadAgencyType:string',
    'lifecycle:string',
    'openedAt:string',
    'participantErased:boolean',
    'participantId:string',
    'plan.agreedVersion:number',
    'plan.basis:string',
    'plan.completedStepIds[]:string',
    'plan.latestVersion:number',
    'plan.mediationAvailable:boolean',
    'plan.schedule[].dueDate:string',
    'plan.schedule[].stepId:string',
    'plan.status:string',
    'referrals[].partnerAgencyId:string',
    'referrals[].plannedAppointmentAt:null',
    'referrals[].purpose:string',
    'referrals[].referralId:string',
    'referrals[].referredByAgencyId:string',
    'referrals[].sentAt:string',
    'referrals[].sharedCategories[]:string',
    'referrals[].status:string',
    'status:string',
    'team[].agencyId:string',
    'team[].role:string',
    'team[].userId:string',
  ],
  3: [
    'accuracyDispute.categories[]:string',
    'accuracyDispute.since:string',
    'caseId:string',
    'childProtectionDeclarations[].declarationId:string',
    'childProtectionDeclarations[].declaredAt:string',
    'childProtectionDeclarations[].expiresAt:string',
    'childProtectionDeclarations[].justification:string',
    'childProtectionDeclarations[].userId:string',
    'conferences[].agreed:boolean',
    'conferences[].conferenceId:string',
    'conferences[].held:boolean',
    'conferences[].invitedAgencyIds[]:string',
    'consents[].consentId:string',
    'consents[].dataCategories[]:string',
    'consents[].grantedAt:string',
    'consents[].purposes[]:string',
    'consents[].recipientAgencyIds[]:string',
    'consents[].recipientUserIds[]:string',
    'consents[].validUntil:null',
    'consents[].withdrawnAt:null',
    'contacts[].contactId:string',
    'contacts[].occurredAt:string',
    'firstContactAt:string',
    'leadAgencyId:string',
    'leadAgencyType:string',
    'lifecycle:string',
    'openedAt:string',
    'participantErased:boolean',
    'participantId:string',
    'plan.agreedVersion:number',
    'plan.basis:string',
    'plan.completedStepIds[]:string',
    'plan.latestVersion:number',
    'plan.mediationAvailable:boolean',
    'plan.schedule[].dueDate:string',
    'plan.schedule[].stepId:string',
    'plan.status:string',
    'referrals[].partnerAgencyId:string',
    'referrals[].plannedAppointmentAt:null',
    'referrals[].purpose:string',
    'referrals[].referralId:string',
    'referrals[].referredByAgencyId:string',
    'referrals[].sentAt:string',
    'referrals[].sharedCategories[]:string',
    'referrals[].status:string',
    'restriction.reason:string',
    'restriction.scope[]:string',
    'restriction.since:string',
    'status:string',
    'team[].agencyId:string',
    'team[].role:string',
    'team[].userId:string',
  ],
};

const shapeOf = (value: unknown, path = ''): string[] => {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => shapeOf(item, `${path}[]`)))];
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => shapeOf(inner, path ? `${path}.${key}` : key));
  return [`${path}:${value === null ? 'null' : typeof value}`];
};

const actor = (userId: string, role: Actor['role'], agencyId: string, agencyType: Actor['agencyType']): Actor => ({
  userId,
  displayName: userId,
  role,
  agencyId,
  agencyType,
});
const anna = actor('anna.coach', 'caseworker', 'jobcenter-mitte', 'jobcenter');
const emil = actor('emil.counsel', 'partner_staff', 'suchtberatung-nord', 'network_partner');
const clara = actor('clara.youth', 'caseworker', 'jugendamt-mitte', 'youth_office');
const at = (by: Actor, day: number): CommandContext => ({
  actor: by,
  now: new Date(Date.UTC(2026, 10, 1 + day, 9)),
  purpose: 'coordination',
});

const dpoAt = (day: number): CommandContext => ({
  ...at(actor('frieda.dpo', 'data_protection_officer', 'jobcenter-mitte', 'jobcenter'), day),
  purpose: 'audit',
});

/** Every kind of command once, so that every part of the state holds a value. */
const history = (): CaseCommand[] => {
  const caseId = 'c1';
  return [
    {
      type: 'OpenCase',
      data: { caseId, participantId: 'p1', participant: { givenName: 'A', familyName: 'B', birthDate: '1990-01-01' } },
      metadata: at(anna, 0),
    },
    {
      type: 'GrantConsent',
      data: {
        caseId,
        consentId: 'k1',
        purposes: ['health_promotion', 'case_conference'],
        dataCategories: ['identity', 'addiction'],
        recipientAgencyIds: ['suchtberatung-nord'],
        recipientUserIds: ['emil.counsel'],
        validUntil: null,
        form: 'written',
        grantedBy: 'participant',
        evidenceRef: null,
      },
      metadata: at(anna, 0),
    },
    {
      type: 'DeclareChildProtectionAccess',
      data: { caseId, declarationId: 'd1', justification: 'a written justification of some length' },
      metadata: at(clara, 0),
    },
    {
      type: 'RecordContact',
      data: {
        caseId,
        contactId: 'ct1',
        kind: 'office',
        occurredAt: '2026-11-02T08:00:00Z',
        durationMinutes: 30,
        participants: [],
        summary: null,
      },
      metadata: at(anna, 1),
    },
    {
      type: 'SendReferral',
      data: {
        caseId,
        referralId: 'r1',
        partnerAgencyId: 'suchtberatung-nord',
        purpose: 'health_promotion',
        sharedCategories: ['identity'],
        reason: 'why',
      },
      metadata: at(anna, 1),
    },
    { type: 'AcceptReferral', data: { caseId, referralId: 'r1' }, metadata: at(emil, 2) },
    {
      type: 'DraftPlanVersion',
      data: {
        caseId,
        legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
        goals: [{ goalId: 'g1', lifeArea: 'work', text: 'goal' }],
        steps: [{ stepId: 's1', goalId: 'g1', action: 'act', responsible: 'participant', dueDate: '2026-12-01' }],
        participantWords: null,
      },
      metadata: at(anna, 2),
    },
    { type: 'AgreePlanVersion', data: { caseId, version: 1, form: 'written' }, metadata: at(anna, 3) },
    { type: 'CompletePlanStep', data: { caseId, stepId: 's1' }, metadata: at(anna, 4) },
    {
      type: 'ScheduleConference',
      data: {
        caseId,
        conferenceId: 'f1',
        topic: 'topic',
        invitedAgencyIds: ['suchtberatung-nord'],
        plannedFor: '2026-11-10T09:00:00Z',
      },
      metadata: at(anna, 4),
    },
    {
      type: 'RecordConferenceAgreement',
      data: { caseId, conferenceId: 'f1', agreed: true, form: 'written' },
      metadata: at(anna, 5),
    },
    { type: 'RestrictCase', data: { caseId, scope: ['health'], reason: 'legal_claims' }, metadata: dpoAt(6) },
    { type: 'DisputeAccuracy', data: { caseId, categories: ['health'] }, metadata: dpoAt(6) },
  ];
};

describe('the case state that snapshots store', () => {
  it(`has the shape recorded for STATE_FORMAT ${STATE_FORMAT}: bump it when the shape changes`, () => {
    let state: Case = caseDecider.initialState();
    for (const command of history()) {
      const events: readonly CaseEvent[] = caseDecider.decide(command, state);
      state = events.reduce(caseDecider.evolve, state);
    }
    expect(shapeOf(state).sort()).toEqual(SHAPE_OF_FORMAT[STATE_FORMAT]);
  });
});
