import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';
import { buildAccessReport, renderAccessReportHtml } from './access-report';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 9, minute)).toISOString();

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  occurredAt: at(0),
  actor: { userId: 'anna.coach', role: 'caseworker', agencyId: 'jobcenter-mitte' },
  action: 'read',
  route: 'GET /api/cases/{id}',
  caseRef: 'case-1',
  categories: ['identity', 'case_admin'],
  purpose: 'integration',
  legalBasis: ['team'],
  decision: 'permit',
  policyVersion: 'test',
  correlationId: 'c',
  outcome: 200,
  disclosure: false,
  breakGlass: false,
  ...overrides,
});

const records = (entries: readonly (AuditEntry | null)[]): AuditRecord[] =>
  entries.map((e, index) => ({ index, entry: e, salt: e ? '00' : null, digest: '', leafHash: '' }));

const directory = {
  agency: (id: string) =>
    ({
      'jobcenter-mitte': { name: 'Jobcenter Mitte', type: 'jobcenter' },
      'jugendamt-mitte': { name: 'Jugendamt Mitte', type: 'youth_office' },
    })[id],
  personName: (userId: string) => ({ 'clara.youth': 'Clara <Jugendamt>' })[userId],
};
const log = { treeSize: 9, rootHash: 'ab'.repeat(32), checkpoint: null };

describe('access report', () => {
  const clara = { userId: 'clara.youth', role: 'caseworker', agencyId: 'jugendamt-mitte' };
  const report = buildAccessReport(
    'case-1',
    records([
      entry({ occurredAt: at(1) }),
      entry({ occurredAt: at(2), caseRef: 'case-2' }),
      entry({
        occurredAt: at(3),
        actor: clara,
        categories: ['identity'],
        purpose: 'youth_support',
        legalBasis: ['consent:c-7'],
        disclosure: true,
      }),
      entry({
        occurredAt: at(4),
        actor: clara,
        categories: ['health'],
        decision: 'deny',
        outcome: 403,
        legalBasis: [],
      }),
      entry({ occurredAt: at(5), action: 'access_report', categories: [], legalBasis: ['Art. 15 GDPR'] }),
      null,
      entry({
        occurredAt: at(6),
        actor: clara,
        categories: ['case_admin'],
        purpose: 'coordination',
        legalBasis: ['consent:c-7'],
        disclosure: true,
      }),
    ]),
    directory,
    log,
    new Date(at(10)),
  );

  it('names each agency and person who consulted the case, with categories, purposes and bases', () => {
    expect(report.recipients).toEqual([
      {
        agencyId: 'jobcenter-mitte',
        agencyName: 'Jobcenter Mitte',
        agencyType: 'jobcenter',
        people: [{ userId: 'anna.coach' }],
        categories: ['case_admin', 'identity'],
        purposes: ['integration'],
        legalBases: ['team'],
        accesses: 1,
        firstAccess: at(1),
        lastAccess: at(1),
        disclosure: false,
      },
      {
        agencyId: 'jugendamt-mitte',
        agencyName: 'Jugendamt Mitte',
        agencyType: 'youth_office',
        people: [{ userId: 'clara.youth', name: 'Clara <Jugendamt>' }],
        categories: ['case_admin', 'identity'],
        purposes: ['coordination', 'youth_support'],
        legalBases: ['consent:c-7'],
        accesses: 2,
        firstAccess: at(3),
        lastAccess: at(6),
        disclosure: true,
      },
    ]);
  });

  it('lists single accesses of this case only, counts refusals, leaves out work on the log', () => {
    expect(report.accesses.map((a) => a.index)).toEqual([0, 2, 6]);
    expect(report.refusedAttempts).toBe(1);
    expect(report.log).toEqual(log);
    expect(report.generatedAt).toBe(at(10));
  });

  it('renders a German page with every value escaped', () => {
    const html = renderAccessReportHtml(report);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Jugendamt Mitte');
    expect(html).toContain('Clara &lt;Jugendamt&gt;');
    expect(html).not.toContain('Clara <Jugendamt>');
    expect(html).toContain('Ihre Einwilligung (Nr. c-7)');
    expect(html).toContain('Abgelehnte Zugriffsversuche, bei denen keine Daten angezeigt wurden: 1.');
    // Two header rows, two recipients, three accesses.
    expect(html.match(/<tr>/g)).toHaveLength(2 + 2 + 3);
  });

  it('renders markup in names, agencies, bases and codes as text, never as elements', () => {
    const hostile = buildAccessReport(
      'case-1',
      records([
        entry({
          actor: { userId: 'mallory', role: 'caseworker', agencyId: 'evil' },
          categories: ['identity', '<b>x</b>'],
          purpose: '<i>p</i>',
          legalBasis: ['§8a SGB VIII: </td><script>alert(2)</script>'],
          breakGlass: true,
        }),
      ]),
      {
        agency: () => ({ name: '<script>alert(1)</script>', type: 'jobcenter' }),
        personName: () => '"><img src=x onerror=alert(3)>',
      },
      log,
      new Date(at(10)),
    );
    const html = renderAccessReportHtml(hostile);
    expect(html).not.toMatch(/<(script|img|b|i)[\s>]/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(3)&gt;');
    expect(html).toContain('§8a SGB VIII: &lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html.match(/<td>/g)).toHaveLength(7 + 8);
  });
});
