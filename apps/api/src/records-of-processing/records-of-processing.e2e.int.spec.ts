import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AgencyType, type DataCategory, type Purpose } from '@fallverbund/kernel';
import { readPolicyTable } from '../access/policy-table';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const ROUTE = '/api/dpo/records-of-processing';

interface Activity {
  purpose: Purpose;
  controllers: { agencyId: string; type: string }[];
  legalDomains: string[];
  legalBases: string[];
  dataSubjects: string[];
  categories: { category: DataCategory; retention: { domain: string; period: string; legalSource: string }[] }[];
  recipients: { rule: string }[];
  thirdCountryTransfers: string;
  safeguards: { id: string }[];
}

const policyVersionOfDocs = (): string => {
  const markdown = readFileSync(join(__dirname, '../../../../docs/access-policy.md'), 'utf8');
  const version = /^Policy version: `([^`]+)`/m.exec(markdown)?.[1];
  if (!version) throw new Error('docs/access-policy.md names no policy version');
  return version;
};

describe.each(PROFILES)('records of processing, Art. 30 GDPR (%s)', (profile) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(async () => {
    await t.close();
  });

  it('has an activity for every purpose of docs/access-policy.md, and a period for every category it may need', async () => {
    const res = await t.http.get(ROUTE).set(await t.as('frieda.dpo', 'audit'));
    expect(res.status).toBe(200);
    const body = res.body as { policyVersion: string; retentionVersion: string; activities: Activity[] };
    expect(body.policyVersion).toBe(policyVersionOfDocs());
    expect(body.retentionVersion).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);

    const { needs, statutory } = readPolicyTable();
    expect(body.activities.map((a) => a.purpose).sort()).toEqual(Object.keys(needs).sort());
    for (const [purpose, categories] of Object.entries(needs) as [Purpose, DataCategory[]][]) {
      const activity = body.activities.find((a) => a.purpose === purpose);
      expect(activity?.legalBases.length).toBeGreaterThan(0);
      expect(activity?.thirdCountryTransfers).toBe('none');
      expect(activity?.safeguards.map((s) => s.id)).toEqual(
        expect.arrayContaining(['subject_key_encryption', 'audit_log_merkle', 'purpose_binding']),
      );
      expect(activity?.categories.map((c) => c.category)).toEqual(categories);
      for (const category of activity?.categories ?? []) {
        expect(category.retention.map((r) => r.domain).sort()).toEqual([...(activity?.legalDomains ?? [])].sort());
        for (const r of category.retention) expect(r.legalSource).not.toBe('');
      }
      // The controllers are the directory's agencies whose type pursues the purpose by statute.
      expect(activity?.controllers.length).toBeGreaterThan(0);
      if (!['child_protection', 'evaluation', 'audit'].includes(purpose)) {
        for (const c of activity?.controllers ?? []) expect(statutory[c.type as AgencyType]).toContain(purpose);
      }
    }
    const jobcenterIntegration = body.activities
      .find((a) => a.purpose === 'integration')
      ?.categories.find((c) => c.category === 'identity')
      ?.retention.find((r) => r.domain === 'sgb_ii');
    expect(jobcenterIntegration?.period).toBe('P10Y');
    expect(body.activities.find((a) => a.purpose === 'youth_support')?.dataSubjects).toContain(
      'children_of_participants',
    );
  });

  it('answers only the data protection officer, and records the read and the refusal without a case', async () => {
    const refused = await t.http.get(ROUTE).set(await t.as('anna.coach', 'integration'));
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    const dpoWrongPurpose = await t.http.get(ROUTE).set(await t.as('frieda.dpo', 'coordination'));
    expect(dpoWrongPurpose.status).toBe(403);
    expect((await t.http.get(ROUTE).set(await t.as('frieda.dpo', 'audit'))).status).toBe(200);

    const entries = await t.http.get('/api/audit/entries?action=audit&limit=50').set(await t.as('frieda.dpo', 'audit'));
    expect(entries.status).toBe(200);
    const mine = (
      entries.body as {
        items: { entry: { route: string; decision: string; caseRef: string | null; actor: { userId: string } } }[];
      }
    ).items
      .map((i) => i.entry)
      .filter((e) => e.route === `GET ${ROUTE}`);
    expect(mine.map((e) => [e.actor.userId, e.decision, e.caseRef])).toEqual(
      expect.arrayContaining([
        ['anna.coach', 'deny', null],
        ['frieda.dpo', 'deny', null],
        ['frieda.dpo', 'permit', null],
      ]),
    );
  });
});
