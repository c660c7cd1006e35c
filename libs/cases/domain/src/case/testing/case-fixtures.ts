import { type Actor } from '@fallverbund/kernel';
import { type CaseClosed, type CaseOpened, type CaseReopened, type ParticipantDataErased } from '../case.events';

/** The case every decider spec of case work starts from: opened by anna.coach of jobcenter-mitte. */

export const now = new Date('2026-11-25T09:30:00.000Z');
export const caseId = '6f1c1e7e-0000-4000-8000-000000000001';
export const participantId = '6f1c1e7e-0000-4000-8000-0000000000aa';

export const demoActor = (
  userId: string,
  role: Actor['role'],
  agencyId: string,
  agencyType: Actor['agencyType'],
): Actor => ({ userId, displayName: userId, role, agencyId, agencyType });

export const anna = demoActor('anna.coach', 'caseworker', 'jobcenter-mitte', 'jobcenter');

export const caseOpened: CaseOpened = {
  type: 'CaseOpened',
  data: {
    caseId,
    participantId,
    participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
    leadAgencyId: 'jobcenter-mitte',
    leadAgencyType: 'jobcenter',
    openedBy: 'anna.coach',
    openedByRole: 'caseworker',
    openedAt: '2026-11-01T08:00:00.000Z',
  },
};

export const closed: CaseClosed = {
  type: 'CaseClosed',
  data: { caseId, exitReason: 'employment', closedBy: 'anna.coach', closedAt: '2026-11-24T10:00:00.000Z' },
};

export const reopened: CaseReopened = {
  type: 'CaseReopened',
  data: { caseId, participantId, reason: 'neuer Bedarf', reopenedBy: 'anna.coach', reopenedAt: now.toISOString() },
};

export const erased: ParticipantDataErased = {
  type: 'ParticipantDataErased',
  data: { caseId, participantId, erasedAt: '2026-11-24T12:00:00.000Z', reason: 'retention ended' },
};
