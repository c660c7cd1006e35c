import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';
import { detectSignals, MAX_INDEXES } from './access-signals';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

const entry = (overrides: Partial<AuditEntry> & { at?: number; user?: string; agency?: string }): AuditEntry => {
  const { at = 0, user = 'anna.coach', agency = 'jobcenter-mitte', ...rest } = overrides;
  return {
    occurredAt: new Date(T0 + at * 1000).toISOString(),
    actor: { userId: user, role: 'caseworker', agencyId: agency },
    action: 'read',
    route: 'GET /api/cases/{id}',
    caseRef: 'case-1',
    categories: ['case_admin'],
    purpose: 'integration',
    legalBasis: ['team'],
    decision: 'permit',
    policyVersion: 'test',
    correlationId: 'c',
    outcome: 200,
    disclosure: false,
    breakGlass: false,
    ...rest,
  };
};

const records = (entries: readonly (AuditEntry | null)[]): AuditRecord[] =>
  entries.map((e, index) => ({ index, entry: e, salt: e ? '00' : null, digest: '', leafHash: '' }));

describe('detectSignals', () => {
  it('finds nothing in ordinary team work', () => {
    const log = Array.from({ length: 30 }, (_, i) => entry({ at: i * 60, caseRef: `case-${i % 5}` }));
    expect(detectSignals(records(log))).toEqual([]);
  });

  it('names attempts at cases outside the caseload (404), per actor, with the indexes', () => {
    const signals = detectSignals(
      records([
        entry({ user: 'clara.youth', caseRef: 'case-1', decision: 'deny', outcome: 404, at: 1 }),
        entry({ user: 'clara.youth', caseRef: 'case-2', decision: 'deny', outcome: 404, at: 2 }),
        entry({ user: 'clara.youth', caseRef: 'case-2', decision: 'deny', outcome: 404, at: 3 }),
        // A visible case with a withheld category (403) is not outside the caseload.
        entry({ user: 'emil.counsel', caseRef: 'case-3', decision: 'deny', outcome: 403, at: 4 }),
        // Lists and DPO work on the log are not case accesses.
        entry({ user: 'anna.coach', action: 'list', decision: 'deny', outcome: 404, at: 5 }),
      ]),
    );
    expect(signals).toEqual([
      {
        kind: 'outside_caseload',
        actor: { userId: 'clara.youth', role: 'caseworker', agencyId: 'jobcenter-mitte' },
        attempts: 3,
        cases: 2,
        first: new Date(T0 + 1000).toISOString(),
        last: new Date(T0 + 3000).toISOString(),
        indexes: [0, 1, 2],
      },
    ]);
  });

  it('flags many distinct cases within the window, not the same number spread out', () => {
    const burst = Array.from({ length: 6 }, (_, i) => entry({ user: 'ben.lead', caseRef: `case-${i}`, at: i * 30 }));
    const spread = Array.from({ length: 6 }, (_, i) =>
      entry({ user: 'anna.coach', caseRef: `case-${i}`, at: i * 600 }),
    );
    const repeated = Array.from({ length: 20 }, (_, i) => entry({ user: 'deniz.psych', caseRef: 'case-1', at: i }));
    const lists = Array.from({ length: 20 }, (_, i) =>
      entry({ user: 'frieda.dpo', action: 'list', caseRef: `case-${i}`, at: i }),
    );
    const signals = detectSignals(records([...burst, ...spread, ...repeated, ...lists]), {
      manyCases: 5,
      withinMinutes: 5,
    });
    expect(signals).toEqual([
      {
        kind: 'many_cases',
        actor: { userId: 'ben.lead', role: 'caseworker', agencyId: 'jobcenter-mitte' },
        cases: 6,
        windowStart: new Date(T0).toISOString(),
        windowEnd: new Date(T0 + 150_000).toISOString(),
        indexes: [0, 1, 2, 3, 4, 5],
      },
    ]);
    // Below the threshold: nothing.
    expect(detectSignals(records(burst), { manyCases: 7, withinMinutes: 5 })).toEqual([]);
  });

  it('lists break-glass accesses per actor and case', () => {
    const basis = ['§8a SGB VIII declaration:d-1'];
    const signals = detectSignals(
      records([
        entry({ user: 'clara.youth', breakGlass: true, legalBasis: basis, at: 1 }),
        entry({ user: 'clara.youth', breakGlass: true, legalBasis: basis, at: 2 }),
        entry({ user: 'clara.youth', breakGlass: true, legalBasis: basis, decision: 'deny', outcome: 403, at: 3 }),
      ]),
    );
    expect(signals).toMatchObject([
      { kind: 'break_glass', caseRef: 'case-1', accesses: 2, indexes: [0, 1], actor: { userId: 'clara.youth' } },
    ]);
  });

  it('flags consent-based access after a refused withdrawal on the same case, and only then', () => {
    const log = records([
      entry({ user: 'clara.youth', agency: 'jugendamt-mitte', legalBasis: ['consent:c-1'], at: 1 }),
      entry({ user: 'clara.youth', action: 'withdraw_consent', decision: 'deny', outcome: 403, at: 2 }),
      entry({ user: 'clara.youth', agency: 'jugendamt-mitte', legalBasis: ['consent:c-1'], at: 3 }),
      entry({ user: 'anna.coach', legalBasis: ['team'], at: 4 }),
      entry({ user: 'clara.youth', agency: 'jugendamt-mitte', legalBasis: ['consent:c-1'], caseRef: 'case-2', at: 5 }),
    ]);
    expect(detectSignals(log)).toEqual([
      {
        kind: 'access_after_denied_withdrawal',
        caseRef: 'case-1',
        deniedWithdrawal: {
          index: 1,
          occurredAt: new Date(T0 + 2000).toISOString(),
          actor: { userId: 'clara.youth', role: 'caseworker', agencyId: 'jobcenter-mitte' },
        },
        laterAccesses: 1,
        agencies: ['jugendamt-mitte'],
        indexes: [2],
      },
    ]);
  });

  it('skips erased entries and caps the indexes it names', () => {
    const many = Array.from({ length: MAX_INDEXES + 10 }, (_, i) =>
      entry({ user: 'x', caseRef: `case-${i}`, decision: 'deny', outcome: 404, at: i }),
    );
    const [signal] = detectSignals(records([null, ...many, null]));
    expect(signal).toMatchObject({ kind: 'outside_caseload', attempts: MAX_INDEXES + 10 });
    expect(signal?.indexes).toHaveLength(MAX_INDEXES);
    expect(signal?.indexes[0]).toBe(1);
  });
});
