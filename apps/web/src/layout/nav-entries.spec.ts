import { NAV_ENTRIES } from './nav-entries';

const rolesOf = (path: string) => NAV_ENTRIES.find((entry) => entry.path === path)?.roles ?? [];

describe('the main navigation', () => {
  // The policy's rule `referral` opens a referral to the staff of the agency it is addressed to in these
  // roles; each must find the referrals to their agency without typing an address.
  it.each(['caseworker', 'team_lead', 'health_professional', 'partner_staff'] as const)(
    'leads %s to the inbox (Posteingang)',
    (role) => expect(rolesOf('/inbox')).toContain(role),
  );

  it('leads no data protection officer or participant to case work', () => {
    for (const entry of NAV_ENTRIES.filter((e) => e.path !== '/dpo'))
      expect(entry.roles).not.toEqual(expect.arrayContaining(['data_protection_officer']));
    for (const entry of NAV_ENTRIES) expect(entry.roles).not.toContain('participant');
  });
});
