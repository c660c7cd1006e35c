import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';
import { DEMO_DIRECTORY } from '@fallverbund/identity';
import { codesIn, visibleText } from '@fallverbund/testing';
import { type AccessReport, buildAccessReport, renderAccessReportHtml, type ReportSubject } from './access-report';

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
const CONSENT = '5f0c7a2e-9d1b-4c3a-8e7f-1a2b3c4d5e6f';
const CONFERENCE = 'c0ffee00-1111-4222-8333-444455556666';
const subject: ReportSubject = {
  participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
  consents: [
    { consentId: 'c-7', form: 'verbal', grantedBy: 'participant', grantedAt: '2026-11-20T10:00:00Z' },
    { consentId: CONSENT, form: 'written', grantedBy: 'participant', grantedAt: '2026-12-04T09:00:00Z' },
  ],
  conferences: [{ conferenceId: CONFERENCE, plannedFor: '2026-12-10T09:00:00Z' }],
};

const codesOnPage = (html: string): string[] => codesIn(visibleText(html), DEMO_DIRECTORY.userIds());

describe('access report', () => {
  const clara = { userId: 'clara.youth', role: 'caseworker', agencyId: 'jugendamt-mitte' };
  const report = buildAccessReport(
    'case-1',
    subject,
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
      // anna's contact with a date before the case: refused for its input, nothing read or written.
      entry({
        occurredAt: at(7),
        action: 'request',
        route: 'POST /api/cases/{id}/contacts',
        categories: [],
        legalBasis: [],
        decision: 'deny',
        outcome: 400,
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
    // A request refused for its input is no attempt to access: counted apart.
    expect(report.refusedRequests).toBe(1);
    expect(report.log).toEqual(log);
    expect(report.generatedAt).toBe(at(10));
  });

  it('renders a German page for the participant, named at the top, with people as role and agency', () => {
    const html = renderAccessReportHtml(report);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Für: <strong>Mara Beispiel</strong>, geboren am 1. April 1990');
    expect(html).toContain('Jugendamt Mitte');
    expect(html).toContain('<td>Fachkraft</td>');
    expect(html).not.toContain('Clara');
    expect(html).toContain('Ihre mündliche Einwilligung vom 20. November 2026');
    expect(html).toContain('Abgelehnte Zugriffsversuche, bei denen keine Daten angezeigt wurden: 1.');
    expect(html).toContain(
      'Anfragen, die wegen unvollständiger oder ungültiger Angaben nicht ausgeführt wurden (dabei wurden keine Daten gelesen oder geändert): 1.',
    );
    expect(html).toContain('@media print');
    // Two header rows, two recipients, three accesses.
    expect(html.match(/<tr>/g)).toHaveLength(2 + 2 + 3);
  });

  it('says so when the participant data were erased', () => {
    const erased = renderAccessReportHtml({ ...report, participant: null });
    expect(erased).toContain('Die Angaben zu Ihrer Person sind gelöscht.');
  });

  it('renders markup in names, agencies, bases and codes as text, never as elements', () => {
    const hostile = buildAccessReport(
      'case-1',
      { participant: { givenName: '<u>Mara</u>', familyName: 'B' }, consents: [], conferences: [] },
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
    expect(html).toContain('&lt;u&gt;Mara&lt;/u&gt; B');
    expect(html).not.toContain('alert(2)');
    expect(html).not.toContain('alert(3)');
    expect(html.match(/<td>/g)).toHaveLength(7 + 8);
  });
});

describe('the access report page in words', () => {
  const users = DEMO_DIRECTORY.userIds().map((userId) => {
    const user = DEMO_DIRECTORY.user(userId)!;
    return { userId, role: user.role, agencyId: user.agencyId };
  });
  const bases = [
    'team',
    `consent:${CONSENT}`,
    'consent:c-7',
    'consent:unknown-consent-id',
    '§8a SGB VIII declaration:0b8e6a55-6a3e-4f55-9a59-0e1d2c3b4a59',
    '§8a SGB VIII: akute Gefahr',
    '§67c Abs. 3 SGB X supervision',
    'team_lead',
    `conference invitation:${CONFERENCE}`,
    `conference agreement:${CONFERENCE}`,
    'Art. 15 GDPR, § 83 SGB X: access report for the participant (team)',
    'Art. 39 GDPR: data protection officer',
    'some_future_basis:1a2b3c4d-0000-4000-8000-000000000000',
  ];
  const actions = [
    'read',
    'open_case',
    'record_contact',
    'correct_contact',
    'grant_consent',
    'send_referral',
    'accept_referral',
    'record_first_appointment',
    'complete_referral',
    'schedule_conference',
    'agree_to_conference',
    'assess_progress',
    'access_report',
    'some_future_action',
  ];
  const page = (): string =>
    renderAccessReportHtml(
      buildAccessReport(
        'case-1',
        subject,
        records(
          actions.flatMap((action, i) =>
            users.map((actor, j) =>
              entry({
                occurredAt: at(i * 10 + j),
                actor,
                action,
                categories: ['identity', 'case_admin', 'health', 'youth_welfare', 'addiction', 'some_new_category'],
                purpose: ['integration', 'coordination', 'case_conference', 'youth_support', 'future_purpose'][
                  (i + j) % 5
                ]!,
                legalBasis: [bases[(i + j) % bases.length]!],
                breakGlass: j === 0,
              }),
            ),
          ),
        ),
        { agency: (id) => DEMO_DIRECTORY.agency(id), personName: (userId) => DEMO_DIRECTORY.user(userId)?.displayName },
        log,
        new Date(at(200)),
      ),
    );

  it('holds no code in snake_case, no UUID and no user id in its visible text', () => {
    const html = page();
    const text = visibleText(html);
    expect(codesOnPage(html)).toEqual([]);
    for (const words of [
      'Kontakt erfasst',
      'Teamleitung',
      'Koordination',
      'Fachkraft der Partnerstelle',
      'Ihre schriftliche Einwilligung vom 4. Dezember 2026',
      'Ihre mündliche Einwilligung vom 20. November 2026',
      'Einladung der Stelle zur Fallkonferenz am 10. Dezember 2026',
      'Aufsicht der Teamleitung über die Fallarbeit (§ 67c Abs. 3 SGB X)',
      'Schutzauftrag bei Kindeswohlgefährdung (§ 8a SGB VIII)',
      'Mara Beispiel',
    ])
      expect(text).toContain(words);
  });

  it('would catch a raw code, a UUID or a user id that slipped into the page', () => {
    const slipped = `<p>record_contact durch anna.coach unter consent:${CONSENT}</p><style>.team_lead{}</style>`;
    expect(codesOnPage(slipped)).toEqual(['record_contact', CONSENT, 'anna.coach']);
  });
});

export type { AccessReport };
