import { structuredBasis } from './access-transparency.service';

const consents = new Map([['c-1', { grantedAt: '2026-12-01T09:00:00.000Z', grantedBy: 'participant' }]]);

describe('a recorded legal basis as the person’s view states it', () => {
  it.each([
    ['team', { kind: 'team', statute: '§ 35 SGB I' }],
    [
      'consent:c-1',
      { kind: 'consent', consentId: 'c-1', consentGivenAt: '2026-12-01T09:00:00.000Z', consentGivenBy: 'participant' },
    ],
    ['consent:c-unknown', { kind: 'consent', consentId: 'c-unknown' }],
    ['conference agreement:k-1', { kind: 'consent', conferenceId: 'k-1' }],
    ['conference invitation:k-1', { kind: 'consent', conferenceId: 'k-1' }],
    ['§8a SGB VIII declaration:d-1', { kind: 'statute', statute: '§ 8a SGB VIII' }],
    ['§67c Abs. 3 SGB X supervision', { kind: 'statute', statute: '§ 67c Abs. 3 SGB X' }],
    ['team_lead', { kind: 'statute', statute: '§ 67c Abs. 3 SGB X' }],
    ['Art. 39 GDPR: data protection officer', { kind: 'statute', statute: 'Art. 39 GDPR' }],
    ['§ 99 SGB X: a norm the view does not know yet', { kind: 'statute', statute: '§ 99 SGB X' }],
  ])('%s', (basis, expected) => expect(structuredBasis(basis, consents)).toEqual(expected));

  it('never passes on the declaration behind a § 8a basis', () =>
    expect(JSON.stringify(structuredBasis('§8a SGB VIII declaration:d-1', consents))).not.toContain('d-1'));
});
