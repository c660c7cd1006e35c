import { type CommandContext, type Role } from '@fallverbund/kernel';
import { type ParticipantIdentity } from './case.events';

export interface OpenCase {
  readonly type: 'OpenCase';
  readonly data: { caseId: string; participantId: string; participant: ParticipantIdentity };
  readonly metadata: CommandContext;
}

/** The member is resolved from the directory by the application layer before the decision. */
export interface AddTeamMember {
  readonly type: 'AddTeamMember';
  readonly data: { caseId: string; member: { userId: string; agencyId: string; role: Role } };
  readonly metadata: CommandContext;
}

export interface EraseParticipantData {
  readonly type: 'EraseParticipantData';
  readonly data: { caseId: string; reason: string };
  readonly metadata: CommandContext;
}

export type CaseCommand = OpenCase | AddTeamMember | EraseParticipantData;
