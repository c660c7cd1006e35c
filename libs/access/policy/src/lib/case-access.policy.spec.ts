import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import {
  DATA_CATEGORIES,
  PURPOSES,
  SENSITIVE_CATEGORIES,
  type Actor,
  type AgencyType,
  type Purpose,
  type StaffRole,
} from '@fallverbund/kernel';
import {
  decideCaseAccess,
  formatLegalBasis,
  mayDeclareChildProtection,
  mayOpenCase,
  POLICY_VERSION,
  PURPOSE_NEEDS,
  STATUTORY_PURPOSES,
  type CaseFacts,
  type ChildProtectionDeclarationFacts,
  type ConsentFacts,
} from '../index';

const person = (userId: string, role: StaffRole, agencyId: string, agencyType: AgencyType): Actor => ({
  userId,
  displayName: userId,
  role,
  agencyId,
  agencyType,
});

// The lead agency is a jobcenter; the others are partners in the case.
const caseworker = person('cw-jc', 'caseworker', 'jc-essen', 'jobcenter');
const teamLead = person('tl-jc', 'team_lead', 'jc-essen', 'jobcenter');
const medicalService = person('hp-jc', 'health_professional', 'jc-essen', 'jobcenter');
const jobcenterPartnerStaff = person('ps-jc', 'partner_staff', 'jc-essen', 'jobcenter');
const dpo = person('dpo-jc', 'data_protection_officer', 'jc-essen', 'jobcenter');
const clinicDoctor = person('hp-clinic', 'health_professional', 'hp-ruhr', 'health_provider');
const clinicColleague = person('hp-clinic-2', 'health_professional', 'hp-ruhr', 'health_provider');
const addictionCounsellor = person('ps-np', 'partner_staff', 'np-sucht', 'network_partner');
const externalDpo = person('dpo-np', 'data_protection_officer', 'np-sucht', 'network_partner');
const youthOfficeCaseworker = person('cw-yo', 'caseworker', 'yo-essen', 'youth_office');
const youthOfficeTeamLead = person('tl-yo', 'team_lead', 'yo-essen', 'youth_office');

const now = new Date('2026-11-25T10:00:00.000Z');

const consent = (overrides: Partial<ConsentFacts> = {}): ConsentFacts => ({
  consentId: 'c-1',
  purposes: ['health_promotion'],
  dataCategories: ['identity', 'case_admin', 'health'],
  recipientAgencyIds: ['hp-ruhr'],
  recipientUserIds: [],
  validUntil: null,
  grantedAt: '2026-11-01T09:00:00.000Z',
  withdrawnAt: null,
  ...overrides,
});

const declaration = (overrides: Partial<ChildProtectionDeclarationFacts> = {}): ChildProtectionDeclarationFacts => ({
  declarationId: 'd-1',
  userId: youthOfficeCaseworker.userId,
  declaredAt: '2026-11-25T08:00:00.000Z',
  expiresAt: '2026-11-28T08:00:00.000Z',
  ...overrides,
});

const member = (actor: Actor) => ({ userId: actor.userId, agencyId: actor.agencyId, role: actor.role });

const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: 'case-1',
  leadAgencyId: 'jc-essen',
  leadAgencyType: 'jobcenter',
  team: [caseworker, teamLead, medicalService, jobcenterPartnerStaff, dpo, clinicDoctor, clinicColleague]
    .concat([addictionCounsellor, externalDpo])
    .map(member),
  consents: [],
  childProtectionDeclarations: [],
  referrals: [],
  ...overrides,
});

const decide = (actor: Actor, purpose: Purpose, caseFacts: CaseFacts = facts(), at: Date = now) =>
  decideCaseAccess({ actor, purpose, now: at, facts: caseFacts });

describe('the tables', () => {
  it('carry the policy version of docs/access-policy.md', () => {
    expect(POLICY_VERSION).toBe('2026-12-05.1');
  });

  it('give no agency child_protection, evaluation or audit as a statutory purpose', () => {
    for (const purposes of Object.values(STATUTORY_PURPOSES)) {
      expect(purposes.filter((p) => ['child_protection', 'evaluation', 'audit'].includes(p))).toEqual([]);
    }
    expect(STATUTORY_PURPOSES.youth_office).toEqual(['youth_support', 'coordination', 'case_conference', 'aftercare']);
    expect(STATUTORY_PURPOSES.network_partner).toEqual(['coordination', 'health_promotion', 'aftercare']);
  });

  it('let sensitive categories appear only under purposes that require them', () => {
    const purposesNeeding = (category: string) => PURPOSES.filter((p) => PURPOSE_NEEDS[p].some((c) => c === category));
    expect(purposesNeeding('health')).toEqual(['health_promotion', 'rehabilitation', 'child_protection']);
    expect(purposesNeeding('addiction')).toEqual(['health_promotion', 'rehabilitation']);
    expect(purposesNeeding('youth_welfare')).toEqual(['youth_support', 'child_protection']);
    expect(PURPOSE_NEEDS.evaluation).toEqual([]);
    expect(PURPOSE_NEEDS.audit).toEqual([]);
  });
});

describe('formatLegalBasis', () => {
  it('writes each basis the way the access log records it', () => {
    expect(formatLegalBasis({ kind: 'team' })).toBe('team');
    expect(formatLegalBasis({ kind: 'consent', consentId: 'c-7' })).toBe('consent:c-7');
    expect(formatLegalBasis({ kind: 'statute', norm: '§8a SGB VIII', declarationId: 'd-1' })).toBe(
      '§8a SGB VIII declaration:d-1',
    );
    expect(formatLegalBasis({ kind: 'supervision', norm: '§67c Abs. 3 SGB X' })).toBe('§67c Abs. 3 SGB X supervision');
  });
});

describe('rule team', () => {
  it('grants the lead team what a statutory purpose of the lead agency needs, on basis team', () => {
    const access = decide(caseworker, 'integration');
    expect(access.visible).toBe(true);
    expect(access.granted).toEqual(['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'finances']);
    expect(access.withheld).toEqual(['health', 'youth_welfare', 'addiction']);
    expect(access.can('read', 'finances')).toBe(true);
    expect(access.can('record', 'finances')).toBe(true);
    expect(access.can('read', 'health')).toBe(false);
    expect(access.basisFor('identity')).toEqual({ kind: 'team' });
    expect(access.basisFor('health')).toBeNull();
  });

  it('serves team leads and health professionals of the lead agency alike', () => {
    expect(decide(teamLead, 'case_conference').granted).toEqual(['identity', 'case_admin', 'plan', 'progress']);
    expect(decide(medicalService, 'health_promotion').granted).toEqual(PURPOSE_NEEDS.health_promotion);
  });

  it('grants nothing to lead-agency staff who are not on the team', () => {
    const access = decide(caseworker, 'integration', facts({ team: [member(teamLead)] }));
    expect(access.visible).toBe(false);
    expect(access.granted).toEqual([]);
    expect(access.withheld).toEqual([...DATA_CATEGORIES]);
  });

  it('does not count a team entry made for another agency', () => {
    const movedAway = { ...member(caseworker), agencyId: 'jc-bochum' };
    expect(decide(caseworker, 'integration', facts({ team: [movedAway] })).visible).toBe(false);
  });

  it('grants nothing for a purpose the lead agency does not pursue by statute', () => {
    expect(decide(caseworker, 'youth_support').visible).toBe(false);
    expect(decide(caseworker, 'rehabilitation').visible).toBe(false);
  });

  it('follows the lead agency type: rehabilitation is a team purpose of a pension insurance case', () => {
    const drvCaseworker = person('cw-drv', 'caseworker', 'drv-west', 'pension_insurance');
    const drvCase = facts({
      leadAgencyId: 'drv-west',
      leadAgencyType: 'pension_insurance',
      team: [member(drvCaseworker)],
    });
    expect(decide(drvCaseworker, 'rehabilitation', drvCase).granted).toEqual(PURPOSE_NEEDS.rehabilitation);
  });

  it('never applies to child_protection, evaluation or audit', () => {
    const youthCase = facts({
      leadAgencyId: 'yo-essen',
      leadAgencyType: 'youth_office',
      team: [member(youthOfficeCaseworker)],
    });
    expect(decide(youthOfficeCaseworker, 'child_protection', youthCase).visible).toBe(false);
    expect(decide(caseworker, 'evaluation').visible).toBe(false);
    expect(decide(teamLead, 'audit').visible).toBe(false);
  });

  it('does not cover partner staff, even of the lead agency and even when a consent names that agency', () => {
    const named = facts({ consents: [consent({ purposes: ['coordination'], recipientAgencyIds: ['jc-essen'] })] });
    expect(decide(jobcenterPartnerStaff, 'coordination', named).visible).toBe(false);
  });
});

describe('rule consent', () => {
  it('grants another agency on the team what the purpose needs and the active consent names', () => {
    const access = decide(clinicDoctor, 'health_promotion', facts({ consents: [consent()] }));
    expect(access.granted).toEqual(['identity', 'case_admin', 'health']);
    expect(access.basisFor('health')).toEqual({ kind: 'consent', consentId: 'c-1' });
    expect(access.can('record', 'health')).toBe(true);
    expect(access.can('read', 'addiction')).toBe(false);
  });

  it('is active through the end of its validUntil day (UTC) and not one millisecond longer', () => {
    const expiring = facts({ consents: [consent({ validUntil: '2026-11-25' })] });
    expect(decide(clinicDoctor, 'health_promotion', expiring, new Date('2026-11-25T23:59:59.999Z')).visible).toBe(true);
    expect(decide(clinicDoctor, 'health_promotion', expiring, new Date('2026-11-26T00:00:00.000Z')).visible).toBe(
      false,
    );
  });

  it('ends at the instant of withdrawal', () => {
    const withdrawn = facts({ consents: [consent({ withdrawnAt: '2026-11-25T09:30:00.000Z' })] });
    expect(decide(clinicDoctor, 'health_promotion', withdrawn, new Date('2026-11-25T09:29:59.999Z')).visible).toBe(
      true,
    );
    expect(decide(clinicDoctor, 'health_promotion', withdrawn, new Date('2026-11-25T09:30:00.000Z')).visible).toBe(
      false,
    );
  });

  it('does not act before it is granted', () => {
    const later = facts({ consents: [consent({ grantedAt: '2026-11-25T10:00:00.001Z' })] });
    expect(decide(clinicDoctor, 'health_promotion', later).visible).toBe(false);
  });

  it('grants nothing for a purpose the consent does not name', () => {
    expect(decide(clinicDoctor, 'rehabilitation', facts({ consents: [consent()] })).visible).toBe(false);
  });

  it('grants nothing to an agency the consent does not name', () => {
    const forCounselling = facts({ consents: [consent({ recipientAgencyIds: ['np-sucht'] })] });
    expect(decide(clinicDoctor, 'health_promotion', forCounselling).visible).toBe(false);
  });

  it('grants a named person, and only that person of the agency', () => {
    const forOneDoctor = facts({ consents: [consent({ recipientAgencyIds: [], recipientUserIds: ['hp-clinic'] })] });
    expect(decide(clinicDoctor, 'health_promotion', forOneDoctor).granted).toEqual([
      'identity',
      'case_admin',
      'health',
    ]);
    expect(decide(clinicColleague, 'health_promotion', forOneDoctor).visible).toBe(false);
  });

  it('lets sensitive categories cross only where the consent names them', () => {
    const withoutHealth = facts({
      consents: [consent({ dataCategories: ['identity', 'case_admin', 'plan', 'progress'] })],
    });
    const access = decide(clinicDoctor, 'health_promotion', withoutHealth);
    expect(access.granted).toEqual(['identity', 'case_admin', 'plan', 'progress']);
    expect(access.withheld).toEqual(expect.arrayContaining([...SENSITIVE_CATEGORIES]));
  });

  it('never grants beyond what the purpose needs, whatever the consent names', () => {
    const generous = facts({
      consents: [consent({ purposes: ['coordination'], dataCategories: [...DATA_CATEGORIES] })],
    });
    expect(decide(clinicDoctor, 'coordination', generous).granted).toEqual(PURPOSE_NEEDS.coordination);
  });

  it('adds up several consents; the first one in the facts names the basis', () => {
    const two = facts({
      consents: [
        consent({ consentId: 'c-1', dataCategories: ['identity', 'health'] }),
        consent({ consentId: 'c-2', dataCategories: ['identity', 'addiction'] }),
      ],
    });
    const access = decide(clinicDoctor, 'health_promotion', two);
    expect(access.granted).toEqual(['identity', 'health', 'addiction']);
    expect(access.basisFor('identity')).toEqual({ kind: 'consent', consentId: 'c-1' });
    expect(access.basisFor('addiction')).toEqual({ kind: 'consent', consentId: 'c-2' });
  });

  it('serves partner staff of a network partner', () => {
    const referral = facts({
      consents: [
        consent({ purposes: ['aftercare'], dataCategories: ['identity', 'plan'], recipientAgencyIds: ['np-sucht'] }),
      ],
    });
    expect(decide(addictionCounsellor, 'aftercare', referral).granted).toEqual(['identity', 'plan']);
  });

  it('needs no place on the case team: the consent naming the agency or the person is the basis', () => {
    const notOnTeam = facts({ consents: [consent()], team: [member(caseworker)] });
    const byAgency = decide(clinicDoctor, 'health_promotion', notOnTeam);
    expect(byAgency.granted).toEqual(['identity', 'case_admin', 'health']);
    expect(byAgency.basisFor('identity')).toEqual({ kind: 'consent', consentId: 'c-1' });
    const byName = facts({
      consents: [consent({ recipientAgencyIds: [], recipientUserIds: ['hp-clinic'] })],
      team: [member(caseworker)],
    });
    expect(decide(clinicDoctor, 'health_promotion', byName).granted).toEqual(['identity', 'case_admin', 'health']);
    expect(decide(clinicColleague, 'health_promotion', byName).visible).toBe(false);
    // Still the purpose and the consent's categories, and never the lead agency's own staff.
    expect(decide(clinicDoctor, 'rehabilitation', notOnTeam).visible).toBe(false);
    const namesLead = facts({ consents: [consent({ recipientAgencyIds: ['jc-essen'] })], team: [] });
    expect(decide(caseworker, 'health_promotion', namesLead).visible).toBe(false);
    // A named person off the team reads the secrecy holders' health notes as before; an agency-wide consent does not.
    expect(decide(clinicDoctor, 'health_promotion', byName).canReadSecrecyNote('hp-other')).toBe(true);
    expect(decide(clinicDoctor, 'health_promotion', notOnTeam).canReadSecrecyNote('hp-other')).toBe(false);
  });

  it('does not let a consent widen the lead team beyond its statutory purposes', () => {
    const named = facts({ consents: [consent({ purposes: ['rehabilitation'], recipientAgencyIds: ['jc-essen'] })] });
    expect(decide(caseworker, 'rehabilitation', named).visible).toBe(false);
  });
});

describe('rule supervision', () => {
  const offTeam = facts({ team: [] });

  it('lets a team lead of the lead agency read the course of the work off the team, on § 67c Abs. 3 SGB X', () => {
    const access = decide(teamLead, 'integration', offTeam);
    expect(access.visible).toBe(true);
    // Never finances, health, addiction or youth_welfare: for those the team lead joins the team.
    expect(access.granted).toEqual(['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress']);
    expect(access.basisFor('identity')).toEqual({ kind: 'supervision', norm: '§67c Abs. 3 SGB X' });
    expect(decide(teamLead, 'health_promotion', offTeam).can('read', 'health')).toBe(false);
  });

  it('reads and never records', () => {
    const access = decide(teamLead, 'coordination', offTeam);
    expect(access.can('read', 'contacts')).toBe(true);
    for (const category of DATA_CATEGORIES) expect(access.can('record', category)).toBe(false);
    // On the team, the team rule grants (and names the basis) as before.
    expect(decide(teamLead, 'coordination').can('record', 'contacts')).toBe(true);
    expect(decide(teamLead, 'coordination').basisFor('contacts')).toEqual({ kind: 'team' });
  });

  it('is for statutory purposes of the lead agency only, never child_protection, evaluation or audit', () => {
    expect(decide(teamLead, 'rehabilitation', offTeam).visible).toBe(false);
    expect(decide(teamLead, 'youth_support', offTeam).visible).toBe(false);
    for (const purpose of ['child_protection', 'evaluation', 'audit'] as const)
      expect(decide(teamLead, purpose, offTeam).visible).toBe(false);
  });

  it('is for team leads of the lead agency only', () => {
    expect(decide(youthOfficeTeamLead, 'coordination', offTeam).visible).toBe(false);
    for (const other of [caseworker, medicalService, jobcenterPartnerStaff, dpo])
      expect(decide(other, 'coordination', offTeam).visible).toBe(false);
  });
});

describe('data protection officers', () => {
  it('never read case content, even on the team and named in a consent', () => {
    const everything = consent({
      purposes: [...PURPOSES],
      dataCategories: [...DATA_CATEGORIES],
      recipientAgencyIds: ['jc-essen', 'np-sucht'],
      recipientUserIds: ['dpo-jc', 'dpo-np'],
    });
    for (const purpose of PURPOSES) {
      expect(decide(dpo, purpose, facts({ consents: [everything] })).visible).toBe(false);
      expect(decide(externalDpo, purpose, facts({ consents: [everything] })).visible).toBe(false);
    }
  });
});

describe('evaluation and audit', () => {
  it('reach no category of a single case, under any rule', () => {
    const everything = consent({
      purposes: [...PURPOSES],
      dataCategories: [...DATA_CATEGORIES],
      recipientUserIds: ['hp-clinic', 'cw-yo'],
    });
    for (const purpose of ['evaluation', 'audit'] as const) {
      for (const actor of [caseworker, teamLead, clinicDoctor, youthOfficeCaseworker]) {
        const access = decide(
          actor,
          purpose,
          facts({ consents: [everything], childProtectionDeclarations: [declaration()] }),
        );
        expect(access.granted).toEqual([]);
      }
    }
  });
});

describe('rule child_protection', () => {
  const declared = facts({ team: [member(caseworker)], childProtectionDeclarations: [declaration()] });

  it('grants a youth-office caseworker with an active declaration what child_protection needs, without team membership', () => {
    const access = decide(youthOfficeCaseworker, 'child_protection', declared);
    expect(access.granted).toEqual(['identity', 'case_admin', 'contacts', 'health', 'youth_welfare']);
    expect(access.basisFor('youth_welfare')).toEqual({
      kind: 'statute',
      norm: '§8a SGB VIII',
      declarationId: 'd-1',
    });
    expect(formatLegalBasis(access.basisFor('identity')!)).toBe('§8a SGB VIII declaration:d-1');
  });

  it('grants nothing without a declaration', () => {
    expect(decide(youthOfficeCaseworker, 'child_protection', facts()).visible).toBe(false);
  });

  it('grants nothing once the declaration has expired', () => {
    expect(
      decide(youthOfficeCaseworker, 'child_protection', declared, new Date('2026-11-28T08:00:00.000Z')).visible,
    ).toBe(false);
  });

  it('needs the declaration of this very actor', () => {
    const colleague = person('cw-yo-2', 'caseworker', 'yo-essen', 'youth_office');
    expect(decide(colleague, 'child_protection', declared).visible).toBe(false);
  });

  it('needs the declared purpose child_protection', () => {
    expect(decide(youthOfficeCaseworker, 'youth_support', declared).visible).toBe(false);
  });

  it('refuses caseworkers of other agencies and other roles of the youth office', () => {
    const jobcenterDeclared = facts({ childProtectionDeclarations: [declaration({ userId: caseworker.userId })] });
    expect(decide(caseworker, 'child_protection', jobcenterDeclared).visible).toBe(false);
    const teamLeadDeclared = facts({
      childProtectionDeclarations: [declaration({ userId: youthOfficeTeamLead.userId })],
    });
    expect(decide(youthOfficeTeamLead, 'child_protection', teamLeadDeclared).visible).toBe(false);
  });

  it('comes after consent: a consent covering the category names the basis', () => {
    const both = facts({
      team: [member(caseworker), member(youthOfficeCaseworker)],
      consents: [
        consent({ purposes: ['child_protection'], dataCategories: ['identity'], recipientAgencyIds: ['yo-essen'] }),
      ],
      childProtectionDeclarations: [declaration()],
    });
    const access = decide(youthOfficeCaseworker, 'child_protection', both);
    expect(access.basisFor('identity')).toEqual({ kind: 'consent', consentId: 'c-1' });
    expect(access.basisFor('youth_welfare')?.kind).toBe('statute');
  });
});

describe('mayOpenCase', () => {
  it('lets caseworkers and team leads open a case for a statutory purpose of their own agency', () => {
    expect(mayOpenCase(caseworker, 'integration')).toBe(true);
    expect(mayOpenCase(teamLead, 'health_promotion')).toBe(true);
    expect(mayOpenCase(youthOfficeCaseworker, 'youth_support')).toBe(true);
  });

  it('refuses other purposes and other roles', () => {
    expect(mayOpenCase(caseworker, 'youth_support')).toBe(false);
    expect(mayOpenCase(youthOfficeCaseworker, 'child_protection')).toBe(false);
    expect(mayOpenCase(caseworker, 'evaluation')).toBe(false);
    expect(mayOpenCase(caseworker, 'audit')).toBe(false);
    expect(mayOpenCase(medicalService, 'health_promotion')).toBe(false);
    expect(mayOpenCase(jobcenterPartnerStaff, 'coordination')).toBe(false);
    expect(mayOpenCase(dpo, 'integration')).toBe(false);
  });
});

describe('mayDeclareChildProtection', () => {
  it('is for caseworkers of a youth office declaring child_protection only', () => {
    expect(mayDeclareChildProtection(youthOfficeCaseworker, 'child_protection')).toBe(true);
    expect(mayDeclareChildProtection(youthOfficeCaseworker, 'youth_support')).toBe(false);
    expect(mayDeclareChildProtection(youthOfficeTeamLead, 'child_protection')).toBe(false);
    expect(mayDeclareChildProtection(caseworker, 'child_protection')).toBe(false);
  });
});

describe('secrecy notes', () => {
  it('are readable by their author where health is granted', () => {
    expect(decide(medicalService, 'health_promotion').canReadSecrecyNote('hp-jc')).toBe(true);
  });

  it('are withheld from the lead team although the team rule grants health', () => {
    const access = decide(caseworker, 'health_promotion');
    expect(access.can('read', 'health')).toBe(true);
    expect(access.canReadSecrecyNote('hp-jc')).toBe(false);
  });

  it('are withheld under a consent that names only the agency', () => {
    const access = decide(clinicDoctor, 'health_promotion', facts({ consents: [consent()] }));
    expect(access.can('read', 'health')).toBe(true);
    expect(access.canReadSecrecyNote('hp-jc')).toBe(false);
  });

  it('are readable under an active consent naming the reader as a person and covering health and the purpose', () => {
    const named = consent({ consentId: 'c-named', recipientAgencyIds: [], recipientUserIds: ['hp-clinic', 'cw-jc'] });
    expect(decide(clinicDoctor, 'health_promotion', facts({ consents: [named] })).canReadSecrecyNote('hp-jc')).toBe(
      true,
    );
    expect(decide(caseworker, 'health_promotion', facts({ consents: [named] })).canReadSecrecyNote('hp-jc')).toBe(true);
  });

  it('are withheld when the naming consent is withdrawn, covers another purpose or does not cover health', () => {
    const named = { recipientAgencyIds: [], recipientUserIds: ['cw-jc'] };
    const cases = [
      consent({ ...named, withdrawnAt: '2026-11-24T00:00:00.000Z' }),
      consent({ ...named, purposes: ['rehabilitation'] }),
      consent({ ...named, dataCategories: ['identity', 'case_admin'] }),
    ];
    for (const c of cases) {
      expect(decide(caseworker, 'health_promotion', facts({ consents: [c] })).canReadSecrecyNote('hp-jc')).toBe(false);
    }
  });

  it('are withheld, even from their author, where the purpose does not reach health', () => {
    expect(decide(medicalService, 'coordination').canReadSecrecyNote('hp-jc')).toBe(false);
  });
});

describe('the CASL ability', () => {
  it('holds the grants as field rules on this case, with the basis as reason', () => {
    const { ability } = decide(clinicDoctor, 'health_promotion', facts({ consents: [consent()] }));
    expect(ability.can('read', subject('Case', { caseId: 'case-1' }), 'health')).toBe(true);
    expect(ability.can('record', subject('Case', { caseId: 'case-1' }), 'health')).toBe(true);
    expect(ability.can('read', subject('Case', { caseId: 'case-2' }), 'health')).toBe(false);
    expect(ability.can('read', subject('Case', { caseId: 'case-1' }), 'finances')).toBe(false);
    expect(ability.rules.map((r) => r.reason)).toEqual(['consent:c-1']);
    const fields = permittedFieldsOf(ability, 'read', subject('Case', { caseId: 'case-1' }), {
      fieldsFrom: (rule) => rule.fields ?? [],
    });
    expect([...fields].sort()).toEqual(['case_admin', 'health', 'identity']);
  });

  it('makes no rule of a consent that grants nothing, which CASL would read as every field', () => {
    const useless = facts({ consents: [consent({ purposes: ['coordination'], dataCategories: ['finances'] })] });
    const access = decide(clinicDoctor, 'coordination', useless);
    expect(access.ability.rules).toEqual([]);
    expect(access.ability.can('read', subject('Case', { caseId: 'case-1' }), 'identity')).toBe(false);
    expect(access.visible).toBe(false);
  });
});
