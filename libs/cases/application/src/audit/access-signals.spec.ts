import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';
import { DEFAULT_SIGNAL_THRESHOLDS, detectSignals, MAX_INDEXES, ownWorkIn } from './access-signals';

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

  it('names repeated attempts at cases outside the caseload (404) on distinct cases, per actor, with the indexes', () => {
    const probe = (i: number, caseRef: string) =>
      entry({ user: 'clara.youth', caseRef, decision: 'deny', outcome: 404, at: i });
    const signals = detectSignals(
      records([
        probe(1, 'case-1'),
        probe(2, 'case-2'),
        probe(3, 'case-2'),
        probe(4, 'case-3'),
        probe(5, 'case-4'),
        probe(6, 'case-5'),
        // A visible case with a withheld category (403) is not outside the caseload.
        entry({ user: 'emil.counsel', caseRef: 'case-3', decision: 'deny', outcome: 403, at: 7 }),
        // Lists and DPO work on the log are not case accesses.
        entry({ user: 'anna.coach', action: 'list', decision: 'deny', outcome: 404, at: 8 }),
      ]),
    );
    expect(signals).toEqual([
      {
        kind: 'outside_caseload',
        actor: { userId: 'clara.youth', role: 'caseworker', agencyId: 'jobcenter-mitte' },
        attempts: 6,
        cases: 5,
        first: new Date(T0 + 1000).toISOString(),
        last: new Date(T0 + 6000).toISOString(),
        indexes: [0, 1, 2, 3, 4, 5],
      },
    ]);
  });

  it('does not count a 404 on a case the actor is let into in the same stretch, nor a few stray ones', () => {
    // Clara looks before the consent is recorded, then reads under it: a first look, not a probe.
    const firstLooks = [1, 2, 3, 4, 5].flatMap((i) => [
      entry({ user: 'clara.youth', caseRef: `case-${i}`, decision: 'deny', outcome: 404, at: i }),
      entry({ user: 'clara.youth', caseRef: `case-${i}`, legalBasis: [`consent:c-${i}`], at: 100 + i }),
    ]);
    const stray = [1, 2, 3, 4].map((i) =>
      entry({ user: 'ben.lead', caseRef: `gone-${i}`, decision: 'deny', outcome: 404, at: i }),
    );
    expect(detectSignals(records([...firstLooks, ...stray]))).toEqual([]);
    // Spread over more than the window, five unknown cases are not a burst either.
    const spread = [1, 2, 3, 4, 5].map((i) =>
      entry({ user: 'ben.lead', caseRef: `gone-${i}`, decision: 'deny', outcome: 404, at: i * 7 * 3600 }),
    );
    expect(detectSignals(records(spread))).toEqual([]);
  });

  it('flags many distinct cases looked at without own work within the window, not the same number spread out', () => {
    const thresholds = { ...DEFAULT_SIGNAL_THRESHOLDS, manyCases: 5, withinMinutes: 5 };
    const burst = Array.from({ length: 6 }, (_, i) => entry({ user: 'ben.lead', caseRef: `case-${i}`, at: i * 30 }));
    const spread = Array.from({ length: 6 }, (_, i) =>
      entry({ user: 'anna.coach', caseRef: `case-${i}`, at: i * 600 }),
    );
    const repeated = Array.from({ length: 20 }, (_, i) => entry({ user: 'deniz.psych', caseRef: 'case-1', at: i }));
    const lists = Array.from({ length: 20 }, (_, i) =>
      entry({ user: 'frieda.dpo', action: 'list', caseRef: `case-${i}`, at: i }),
    );
    const signals = detectSignals(records([...burst, ...spread, ...repeated, ...lists]), thresholds);
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
    expect(detectSignals(records(burst), { ...thresholds, manyCases: 7 })).toEqual([]);
  });

  it('does not count looks at cases the actor works on, in the stretch or in the look-back', () => {
    const thresholds = { ...DEFAULT_SIGNAL_THRESHOLDS, manyCases: 5, withinMinutes: 5 };
    const reads = Array.from({ length: 8 }, (_, i) => entry({ caseRef: `case-${i}`, at: i * 10 }));
    // Anna recorded a contact on cases 0–3 today, and opened cases 4–7 last week.
    const today = [0, 1, 2, 3].map((i) => entry({ action: 'record_contact', caseRef: `case-${i}`, at: 200 + i }));
    const lastWeek = ownWorkIn(
      records([4, 5, 6, 7].map((i) => entry({ action: 'open_case', caseRef: `case-${i}`, at: -7 * 86_400 }))),
    );
    expect(detectSignals(records([...reads, ...today]), thresholds, lastWeek)).toEqual([]);
    // Without the look-back, four cases she looked at are unexplained: still below five.
    expect(detectSignals(records([...reads, ...today]), thresholds)).toEqual([]);
    // Without her work, all eight are.
    expect(detectSignals(records(reads), thresholds)).toMatchObject([{ kind: 'many_cases', cases: 8 }]);
    // A refused write is no work.
    const refused = [0, 1, 2, 3].map((i) =>
      entry({ action: 'record_contact', caseRef: `case-${i}`, decision: 'deny', outcome: 403, at: 200 + i }),
    );
    expect(detectSignals(records([...reads, ...refused]), thresholds)).toMatchObject([{ kind: 'many_cases' }]);
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
