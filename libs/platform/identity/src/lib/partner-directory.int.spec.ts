import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DIRECTORY } from './directory';
import { loadPartnerDirectory } from './partner-directory';

describe('loadPartnerDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-partners-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const partner = {
    agencyId: 'drv-nord',
    services: ['rehabilitation'],
    purposes: ['rehabilitation'],
    areas: ['Nord'],
    legalDomain: 'SGB VI',
    contactPersons: [{ name: 'Jana Wolff', function: 'Reha-Fachberatung', phone: '040 5550 5001' }],
    lastReviewedAt: '2026-01-12',
  };

  it('loads the partners of a JSON file over the agency directory', () => {
    const partners = loadPartnerDirectory(file('ok.json', { partners: [partner] }), DEMO_DIRECTORY);
    expect(partners.partner('drv-nord')).toMatchObject({ name: 'Deutsche Rentenversicherung Nord', areas: ['Nord'] });
    expect(partners.partner('suchtberatung-nord')).toBeUndefined();
  });

  it('names the file when it is not JSON', () => {
    const path = file('broken.json', '{ partners: ');
    expect(() => loadPartnerDirectory(path, DEMO_DIRECTORY)).toThrow(`partner directory ${path}: cannot read JSON`);
  });

  it('names the file and the entry when a field is wrong', () => {
    const path = file('bad.json', { partners: [{ ...partner, legalDomain: 'SGB 6' }] });
    expect(() => loadPartnerDirectory(path, DEMO_DIRECTORY)).toThrow(
      `partner directory ${path}: partners[0].legalDomain must be one of`,
    );
  });

  it('names the file when an entry names an unknown agency', () => {
    const path = file('unknown.json', { partners: [{ ...partner, agencyId: 'drv-sued' }] });
    expect(() => loadPartnerDirectory(path, DEMO_DIRECTORY)).toThrow(
      `partner directory ${path}: PartnerDirectory: "drv-sued" is not an agency of the directory`,
    );
  });
});
