import { type Role } from '@fallverbund/kernel';
import { type CaseEvent } from './case.events';

export interface TeamMember {
  readonly userId: string;
  readonly agencyId: string;
  readonly role: Role;
}

export type Case =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly caseId: string;
      readonly participantId: string;
      readonly leadAgencyId: string;
      readonly team: readonly TeamMember[];
      readonly participantErased: boolean;
    };
export type ExistingCase = Extract<Case, { status: 'open' }>;

export const initialCaseState = (): Case => ({ status: 'none' });

export const evolveCase = (state: Case, event: CaseEvent): Case => {
  switch (event.type) {
    case 'CaseOpened': {
      const { caseId, participantId, leadAgencyId, openedBy, openedByRole } = event.data;
      return {
        status: 'open',
        caseId,
        participantId,
        leadAgencyId,
        team: [{ userId: openedBy, agencyId: leadAgencyId, role: openedByRole }],
        participantErased: false,
      };
    }
    case 'TeamMemberAdded': {
      if (state.status === 'none') return state;
      const { userId, agencyId, role } = event.data;
      return { ...state, team: [...state.team, { userId, agencyId, role }] };
    }
    case 'ParticipantDataErased':
      return state.status === 'none' ? state : { ...state, participantErased: true };
  }
};
