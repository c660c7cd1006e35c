import { codeFromBytes, normaliseCode } from './invitation-code';
import {
  decideInvitation,
  evolveInvitation,
  initialInvitation,
  type InvitationEvent,
  InvitationNotValidError,
} from './invitation';

const now = new Date('2026-12-04T10:00:00.000Z');
const issue = {
  type: 'IssueInvitation',
  invitationId: 'i-1',
  caseId: 'c-1',
  codeHash: 'h',
  issuedBy: 'anna.coach',
  now,
} as const;
const redeem = (at: Date) => ({ type: 'RedeemInvitation', userId: 'lena.teilnehmerin', now: at }) as const;
const fold = (events: readonly InvitationEvent[]) => events.reduce(evolveInvitation, initialInvitation());

describe('participant invitation', () => {
  const issued = decideInvitation(issue, initialInvitation());

  it('expires 14 days after it was issued', () => {
    expect(issued).toEqual([
      {
        type: 'ParticipantInvitationIssued',
        data: {
          invitationId: 'i-1',
          caseId: 'c-1',
          codeHash: 'h',
          expiresAt: '2026-12-18T10:00:00.000Z',
          issuedBy: 'anna.coach',
          issuedAt: now.toISOString(),
        },
      },
    ]);
  });

  it('is redeemed once, binding the account to the case', () => {
    const at = new Date('2026-12-17T10:00:00.000Z');
    expect(decideInvitation(redeem(at), fold(issued))).toEqual([
      {
        type: 'ParticipantInvitationRedeemed',
        data: { invitationId: 'i-1', caseId: 'c-1', userId: 'lena.teilnehmerin', redeemedAt: at.toISOString() },
      },
    ]);
  });

  it('cannot be redeemed twice', () => {
    const once = [...issued, ...decideInvitation(redeem(now), fold(issued))];
    expect(() => decideInvitation(redeem(now), fold(once))).toThrow(InvitationNotValidError);
  });

  it('cannot be redeemed once expired, nor when it was never issued', () => {
    expect(() => decideInvitation(redeem(new Date('2026-12-18T10:00:00.000Z')), fold(issued))).toThrow(
      InvitationNotValidError,
    );
    expect(() => decideInvitation(redeem(now), initialInvitation())).toThrow(InvitationNotValidError);
  });
});

describe('invitation codes', () => {
  it('are twelve characters in three groups, from an alphabet without look-alikes', () => {
    const code = codeFromBytes(new Uint8Array(Array.from({ length: 16 }, (_, i) => i * 7)));
    expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/);
  });

  it('skips bytes that would make some characters likelier, and asks for more when too few remain', () => {
    expect(codeFromBytes(new Uint8Array(16).fill(255))).toBeNull();
  });

  it('are read back whatever the case, spaces and dashes', () => {
    expect(normaliseCode(' abcd-efgh jkmn ')).toBe('ABCDEFGHJKMN');
    expect(normaliseCode('ABCD-EFGH-JKM')).toBeNull();
    expect(normaliseCode('ABCD-EFGH-JKM0')).toBeNull();
  });
});
