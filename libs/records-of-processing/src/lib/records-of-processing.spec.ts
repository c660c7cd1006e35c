import { PURPOSES } from '@fallverbund/kernel';
import { parsePeriod, type RetentionTable } from '@fallverbund/retention';
import { buildRecordsOfProcessing, type DirectoryInput, type PolicyInput, recordGaps } from './records-of-processing';
import { PURPOSE_DESCRIPTIONS } from './purpose-descriptions';

const policy: PolicyInput = {
  version: 'test.1',
  statutory: {
    jobcenter: ['integration', 'coordination'],
    employment_agency: [],
    youth_office: ['youth_support', 'coordination'],
    health_provider: ['health_promotion'],
    health_insurer: [],
    pension_insurance: [],
    rehab_provider: [],
    municipal_social_service: [],
    network_partner: ['coordination'],
  },
  needs: {
    integration: ['identity', 'finances'],
    coordination: ['identity', 'plan'],
    youth_support: ['identity', 'youth_welfare'],
    health_promotion: ['identity', 'health'],
    child_protection: ['identity', 'youth_welfare'],
    evaluation: [],
    audit: [],
  },
};

const klass = (id: string, domain: RetentionTable['classes'][number]['domain'], period: string) => ({
  id,
  domain,
  categories: ['identity', 'plan', 'finances', 'youth_welfare', 'health'] as const,
  period: parsePeriod(period),
  startsAt: 'case_closed' as const,
  atTheEnd: 'erase_subject_key' as const,
  legalSource: `source of ${id}`,
});

const retention: RetentionTable = {
  version: 'r.1',
  domainOf: {
    jobcenter: 'sgb_ii',
    employment_agency: 'general',
    youth_office: 'sgb_viii',
    health_provider: 'health',
    health_insurer: 'health',
    pension_insurance: 'rehab',
    rehab_provider: 'rehab',
    municipal_social_service: 'general',
    network_partner: 'general',
  },
  classes: [
    klass('a', 'sgb_ii', 'P10Y'),
    klass('b', 'sgb_viii', 'P100Y'),
    klass('c', 'health', 'P10Y'),
    klass('d', 'general', 'P3Y'),
    klass('e', 'rehab', 'P10Y'),
  ],
};

const directory: DirectoryInput = {
  agencies: [
    { id: 'jc', name: 'Jobcenter', type: 'jobcenter' },
    { id: 'ja', name: 'Jugendamt', type: 'youth_office' },
    { id: 'sb', name: 'Suchtberatung', type: 'network_partner' },
    { id: 'kl', name: 'Klinik', type: 'health_provider' },
  ],
  partners: [
    { agencyId: 'sb', services: ['addiction_counselling'], purposes: ['health_promotion', 'coordination'] },
    { agencyId: 'ja', services: ['youth_welfare_service'], purposes: ['youth_support'] },
  ],
};

describe('the record of processing activities', () => {
  const record = buildRecordsOfProcessing(policy, retention, directory);

  it('has one activity per purpose of the policy, and no gaps', () => {
    expect(record.activities.map((a) => a.purpose).sort()).toEqual(Object.keys(policy.needs).sort());
    expect(recordGaps(record, policy)).toEqual([]);
    expect(record).toMatchObject({ policyVersion: 'test.1', retentionVersion: 'r.1' });
  });

  it('names controllers, periods per controller domain, recipients, subjects and no third-country transfer', () => {
    const coordination = record.activities.find((a) => a.purpose === 'coordination');
    expect(coordination?.controllers.map((c) => c.agencyId)).toEqual(['jc', 'ja', 'sb']);
    expect(
      coordination?.categories.find((c) => c.category === 'plan')?.retention.map((r) => [r.domain, r.period]),
    ).toEqual([
      ['sgb_ii', 'P10Y'],
      ['sgb_viii', 'P100Y'],
      ['general', 'P3Y'],
    ]);
    expect(coordination?.recipients.map((r) => r.rule)).toEqual(['team', 'supervision', 'consent', 'referral']);
    expect(coordination?.recipients.find((r) => r.rule === 'referral')).toMatchObject({
      agencyTypes: ['network_partner'],
      partnerServices: ['addiction_counselling'],
    });
    expect(coordination?.dataSubjects).toEqual(['participants', 'staff']);
    expect(coordination?.thirdCountryTransfers).toBe('none');
    expect(coordination?.safeguards.map((s) => s.id)).toEqual(
      expect.arrayContaining(['subject_key_encryption', 'audit_log_merkle', 'purpose_binding']),
    );
  });

  it('names the children of participants where youth welfare data are processed, and § 8a for child protection', () => {
    const child = record.activities.find((a) => a.purpose === 'child_protection');
    expect(child?.dataSubjects).toContain('children_of_participants');
    expect(child?.controllers.map((c) => c.agencyId)).toEqual(['ja']);
    expect(child?.recipients.map((r) => r.rule)).toEqual(['consent', 'child_protection']);
    expect(record.activities.find((a) => a.purpose === 'audit')?.recipients.map((r) => r.rule)).toEqual([
      'data_protection_officer',
    ]);
  });

  it('fails when a category loses its retention class in a controller domain', () => {
    const without: RetentionTable = {
      ...retention,
      classes: retention.classes.map((c) =>
        c.id === 'b' ? { ...c, categories: c.categories.filter((x) => x !== 'youth_welfare') } : c,
      ),
    };
    expect(recordGaps(buildRecordsOfProcessing(policy, retention, directory), policy)).toEqual([]);
    expect(recordGaps(buildRecordsOfProcessing(policy, without, directory), policy)).toEqual([
      'youth_welfare under youth_support has no retention period in sgb_viii',
      'youth_welfare under child_protection has no retention period in sgb_viii',
    ]);
  });

  it('fails when the policy has a purpose without a record', () => {
    const { aftercare: _omitted, ...descriptions } = PURPOSE_DESCRIPTIONS;
    const withAftercare: PolicyInput = { ...policy, needs: { ...policy.needs, aftercare: ['identity'] } };
    expect(recordGaps(buildRecordsOfProcessing(withAftercare, retention, directory), withAftercare)).toEqual([]);
    expect(
      recordGaps(buildRecordsOfProcessing(withAftercare, retention, directory, descriptions), withAftercare),
    ).toEqual(['purpose aftercare has no processing activity']);
  });

  it('describes every purpose of the vocabulary', () => {
    for (const purpose of PURPOSES) expect(PURPOSE_DESCRIPTIONS[purpose]?.legalBases.length).toBeGreaterThan(0);
  });
});
