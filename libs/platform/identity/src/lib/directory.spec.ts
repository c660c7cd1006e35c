import { DEMO_DIRECTORY, Directory, parseAgencies } from './directory';

describe('Directory', () => {
  it('resolves a demo user to an actor with the type of their agency', () => {
    expect(DEMO_DIRECTORY.actorFor('deniz.psych')).toEqual({
      userId: 'deniz.psych',
      displayName: 'deniz.psych',
      role: 'health_professional',
      agencyId: 'praxis-yilmaz',
      agencyType: 'health_provider',
    });
  });

  it('knows every demo user and agency', () => {
    const users = [
      'anna.coach',
      'ben.lead',
      'clara.youth',
      'jonas.youth',
      'greta.lead',
      'deniz.psych',
      'emil.counsel',
      'frieda.dpo',
      'hanna.reha',
    ];
    expect(users.map((id) => DEMO_DIRECTORY.actorFor(id)?.role)).toEqual([
      'caseworker',
      'team_lead',
      'caseworker',
      'caseworker',
      'team_lead',
      'health_professional',
      'partner_staff',
      'data_protection_officer',
      'caseworker',
    ]);
    expect(DEMO_DIRECTORY.agency('drv-nord')?.type).toBe('pension_insurance');
    expect(DEMO_DIRECTORY.actorFor('hanna.reha')?.agencyType).toBe('pension_insurance');
    expect(DEMO_DIRECTORY.agency('suchtberatung-nord')?.type).toBe('network_partner');
  });

  it('has no actor for an unknown user', () => {
    expect(DEMO_DIRECTORY.actorFor('mallory')).toBeUndefined();
  });

  it('refuses a user of an unknown agency', () => {
    expect(() => new Directory([], [{ id: 'x', displayName: 'x', role: 'caseworker', agencyId: 'nowhere' }])).toThrow(
      'user "x" belongs to unknown agency "nowhere"',
    );
  });

  it('refuses duplicate agency ids', () => {
    const agency = { id: 'a', name: 'A', type: 'jobcenter' } as const;
    expect(() => new Directory([agency, agency])).toThrow('duplicate agency id "a"');
  });
});

describe('parseAgencies', () => {
  it('returns the agencies of a valid file', () => {
    expect(parseAgencies({ agencies: [{ id: 'jc-1', name: 'Jobcenter Eins', type: 'jobcenter', extra: 1 }] })).toEqual([
      { id: 'jc-1', name: 'Jobcenter Eins', type: 'jobcenter' },
    ]);
  });

  it.each([
    [[], 'expected an object with an "agencies" array'],
    [{ agencies: {} }, 'expected an object with an "agencies" array'],
    [{ agencies: ['jc'] }, 'agencies[0] must be an object'],
    [{ agencies: [{ id: '', name: 'X', type: 'jobcenter' }] }, 'agencies[0].id must be a non-empty string'],
    [{ agencies: [{ id: 'a', type: 'jobcenter' }] }, 'agencies[0].name must be a non-empty string'],
    [
      {
        agencies: [
          { id: 'a', name: 'A', type: 'jobcenter' },
          { id: 'b', name: 'B', type: 'bank' },
        ],
      },
      'agencies[1].type must be one of jobcenter, employment_agency',
    ],
  ])('refuses %j', (input, message) => {
    expect(() => parseAgencies(input, 'agencies.json')).toThrow(`agencies.json: ${message}`);
  });
});
