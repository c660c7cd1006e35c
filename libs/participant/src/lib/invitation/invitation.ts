import { DomainError, type Event } from '@fallverbund/kernel';

/** How long an invitation code can be redeemed. */
export const INVITATION_VALIDITY_DAYS = 14;

export type ParticipantInvitationIssued = Event<
  'ParticipantInvitationIssued',
  { invitationId: string; caseId: string; codeHash: string; expiresAt: string; issuedBy: string; issuedAt: string }
>;
export type ParticipantInvitationRedeemed = Event<
  'ParticipantInvitationRedeemed',
  { invitationId: string; caseId: string; userId: string; redeemedAt: string }
>;
export type InvitationEvent = ParticipantInvitationIssued | ParticipantInvitationRedeemed;

export type Invitation =
  | { readonly status: 'none' }
  | {
      readonly status: 'issued' | 'redeemed';
      readonly invitationId: string;
      readonly caseId: string;
      readonly expiresAt: string;
    };

/** One stream per invitation, named by the code's hash: redeeming finds it without any index, and the stream name holds no code. */
export const invitationStreamId = (codeHash: string): string => `participant-invitation-${codeHash}`;

/** No invitation to redeem under this code: a 404, like a resource that is not there. */
export class InvitationNotValidError extends DomainError {
  readonly code = 'INVITATION.NOT_REDEEMABLE';
  readonly kind = 'not_found';
  constructor() {
    // One answer for unknown, used and expired codes: a guesser learns nothing about which codes exist.
    super('this invitation code is not valid: unknown, already used, or expired; ask the case team for a new one');
  }
}

export interface IssueInvitation {
  readonly type: 'IssueInvitation';
  readonly invitationId: string;
  readonly caseId: string;
  readonly codeHash: string;
  readonly issuedBy: string;
  readonly now: Date;
}

export interface RedeemInvitation {
  readonly type: 'RedeemInvitation';
  readonly userId: string;
  readonly now: Date;
}

export const initialInvitation = (): Invitation => ({ status: 'none' });

export function decideInvitation(command: IssueInvitation | RedeemInvitation, state: Invitation): InvitationEvent[] {
  switch (command.type) {
    case 'IssueInvitation': {
      // A second code with the same hash is a collision of 60-bit codes: the caller draws again.
      if (state.status !== 'none') throw new Error('invitation code collision');
      const expiresAt = new Date(command.now.getTime() + INVITATION_VALIDITY_DAYS * 86_400_000);
      return [
        {
          type: 'ParticipantInvitationIssued',
          data: {
            invitationId: command.invitationId,
            caseId: command.caseId,
            codeHash: command.codeHash,
            expiresAt: expiresAt.toISOString(),
            issuedBy: command.issuedBy,
            issuedAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'RedeemInvitation': {
      if (state.status !== 'issued' || command.now.getTime() >= Date.parse(state.expiresAt))
        throw new InvitationNotValidError();
      return [
        {
          type: 'ParticipantInvitationRedeemed',
          data: {
            invitationId: state.invitationId,
            caseId: state.caseId,
            userId: command.userId,
            redeemedAt: command.now.toISOString(),
          },
        },
      ];
    }
  }
}

export function evolveInvitation(state: Invitation, event: InvitationEvent): Invitation {
  switch (event.type) {
    case 'ParticipantInvitationIssued':
      return {
        status: 'issued',
        invitationId: event.data.invitationId,
        caseId: event.data.caseId,
        expiresAt: event.data.expiresAt,
      };
    case 'ParticipantInvitationRedeemed':
      return state.status === 'none' ? state : { ...state, status: 'redeemed' };
  }
}
