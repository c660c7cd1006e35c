import { AGENCY_TYPES, type Actor, PURPOSES, STAFF_ROLES } from '@fallverbund/kernel';
import { mayReadTeamSignals } from './team-signals.policy';

describe('team signals', () => {
  const actor = (role: Actor['role'], agencyType: Actor['agencyType']): Actor => ({
    userId: 'u',
    displayName: 'U',
    role,
    agencyId: 'a',
    agencyType,
  });

  it('are read by team leads of every agency type, for coordination only', () => {
    for (const role of STAFF_ROLES)
      for (const agencyType of AGENCY_TYPES)
        for (const purpose of PURPOSES)
          expect([role, agencyType, purpose, mayReadTeamSignals(actor(role, agencyType), purpose)]).toEqual([
            role,
            agencyType,
            purpose,
            role === 'team_lead' && purpose === 'coordination',
          ]);
  });
});
