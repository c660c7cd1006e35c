import { type MyCopyDto } from './participant.dto';
import { renderMyCopyHtml } from './my-copy';

/** A copy with one access on a statute (the DPO's check), as the API hands it to the page. */
const copy = (statute: string): MyCopyDto =>
  ({
    generatedAt: '2026-12-06T10:00:00Z',
    caseId: '5b0d0000-0000-4000-8000-0000000000c1',
    participant: { givenName: 'Lena', familyName: 'Teilnehmerin', birthDate: '1990-04-01' },
    case: {
      leadAgency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte' },
      status: 'active',
      openedAt: '2026-11-02T09:00:00Z',
      exitReason: null,
      team: [],
      legalBasis: { words: 'gesetzliche Aufgabe', statute: '§ 67a, § 67b SGB X' },
    },
    consents: [],
    accesses: [
      {
        index: 7,
        occurredAt: '2026-12-05T10:00:00Z',
        agency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte' },
        role: 'data_protection_officer',
        action: 'access_report',
        categories: ['identity'],
        purpose: 'audit',
        legalBasis: [{ kind: 'statute', statute }],
        decision: 'permit',
      },
    ],
    notIncluded: [],
  }) as unknown as MyCopyDto;

describe('the copy as a readable page', () => {
  it('cites the GDPR by its German name on a German page', () => {
    const html = renderMyCopyHtml(copy('Art. 39 GDPR'));

    expect(html).toContain('gesetzliche Grundlage (Art. 39 DSGVO)');
    expect(html).not.toContain('GDPR');
  });

  it('leaves a norm of the social code as it is', () => {
    expect(renderMyCopyHtml(copy('§ 78 Abs. 1 SGB X'))).toContain('gesetzliche Grundlage (§ 78 Abs. 1 SGB X)');
  });
});
