import type { Role } from '../session/purposes';

/** The navigation, by role: the path, its label key, and who sees it. */
export const NAV_ENTRIES: readonly { path: string; label: string; roles: readonly Role[] }[] = [
  { path: '/cases', label: 'nav.cases', roles: ['caseworker', 'team_lead', 'health_professional', 'partner_staff'] },
  // A referral is addressed to an agency, and any of its staff may answer it (the policy's rule `referral`):
  // a health practice's professional as much as a counselling service's partner staff.
  { path: '/inbox', label: 'nav.inbox', roles: ['caseworker', 'team_lead', 'health_professional', 'partner_staff'] },
  { path: '/invitations', label: 'nav.invitations', roles: ['caseworker', 'health_professional', 'team_lead'] },
  { path: '/team', label: 'nav.team', roles: ['team_lead'] },
  { path: '/evaluation', label: 'nav.evaluation', roles: ['caseworker', 'team_lead'] },
  { path: '/dpo', label: 'nav.dpo', roles: ['data_protection_officer'] },
];
