import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENCY_TYPES, DATA_CATEGORIES } from '@fallverbund/kernel';
import { parsePeriod, parseRetentionTable, RETENTION_DOMAINS, retentionClassFor } from './retention-table';

const markdown = readFileSync(join(__dirname, '../../../../docs/retention.md'), 'utf8');

describe('the retention table of docs/retention.md', () => {
  const table = parseRetentionTable(markdown);

  it('gives every data category of the access policy exactly one class in every legal domain', () => {
    for (const domain of RETENTION_DOMAINS) {
      for (const category of DATA_CATEGORIES) {
        expect(table.classes.filter((c) => c.domain === domain && c.categories.includes(category))).toHaveLength(1);
      }
    }
    for (const type of AGENCY_TYPES) expect(RETENTION_DOMAINS).toContain(table.domainOf[type]);
  });

  it('states the periods the law names', () => {
    expect(retentionClassFor(table, 'jobcenter', 'identity')).toMatchObject({
      id: 'sgb2-file',
      period: { years: 10 },
      startsAt: 'case_closed',
      atTheEnd: 'offer_to_archive',
    });
    expect(retentionClassFor(table, 'youth_office', 'youth_welfare')).toMatchObject({
      period: { years: 100 },
      startsAt: 'birth_date',
    });
    expect(retentionClassFor(table, 'health_provider', 'health')).toMatchObject({
      period: { years: 10 },
      startsAt: 'last_treatment',
    });
    expect(retentionClassFor(table, 'rehab_provider', 'health')).toMatchObject({ atTheEnd: 'erase_category_key' });
    expect(retentionClassFor(table, 'jobcenter', 'health').legalSource).toContain('§ 84 Abs. 3');
  });

  it('fails when a category loses its class in a domain', () => {
    const without = markdown.replace(
      '| sgb2-sensitive | sgb_ii       | health, addiction, youth_welfare ',
      '| sgb2-sensitive | sgb_ii       | health, addiction                ',
    );
    expect(without).not.toBe(markdown);
    expect(() => parseRetentionTable(without)).toThrow('youth_welfare in sgb_ii has 0 retention classes');
  });

  it('fails on a category named twice in a domain, an unknown action or no legal source', () => {
    expect(() =>
      parseRetentionTable(
        markdown.replace('| health, addiction, youth_welfare ', '| health, addiction, finances      '),
      ),
    ).toThrow('finances in sgb_ii has 2 retention classes');
    expect(() => parseRetentionTable(markdown.replace('| restrict ', '| shred    '))).toThrow(
      '"shred" is not a end action',
    );
    expect(() => parseRetentionTable(markdown.replace(/\| § 84 Abs\. 3 Nr\. 1 SGB X[^|]*\|/, '| – |'))).toThrow(
      'class sgb2-sensitive names no legal source',
    );
  });

  it('reads ISO-8601 periods of years, months and days only', () => {
    expect(parsePeriod('P1Y6M3D')).toEqual({ iso: 'P1Y6M3D', years: 1, months: 6, days: 3 });
    expect(() => parsePeriod('P')).toThrow();
    expect(() => parsePeriod('P2W')).toThrow();
    expect(() => parsePeriod('PT5H')).toThrow();
    expect(() => parsePeriod('10 years')).toThrow();
  });
});
