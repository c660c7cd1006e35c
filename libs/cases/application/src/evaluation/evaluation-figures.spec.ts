import { evaluationFigures, type EvaluationFacts, median, percentile, suppressedGroups } from './evaluation-figures';

type CaseFacts = EvaluationFacts['cases'][number];

const aCase = (caseKey: string, over: Partial<CaseFacts> = {}): CaseFacts => ({
  caseKey,
  status: 'active',
  exitReason: null,
  openedMonth: '2027-01',
  closedMonth: null,
  latestRatings: {},
  ...over,
});

const facts = (over: Partial<EvaluationFacts>): EvaluationFacts => ({
  cases: [],
  contacts: [],
  waitingTimes: [],
  currentMonth: '2027-04',
  ...over,
});

describe('evaluation figures', () => {
  describe('statistics', () => {
    it('takes the middle value, or the mean of the two middle ones', () => {
      expect(median([5, 1, 3])).toBe(3);
      expect(median([40, 5, 10, 14, 20, 30])).toBe(17);
      expect(median([2])).toBe(2);
    });

    it('takes the 90th percentile by nearest rank', () => {
      expect(percentile([5, 10, 14, 20, 30, 40], 90)).toBe(40);
      expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
      expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
      expect(percentile([7, 3, 5, 1, 9], 90)).toBe(9);
    });
  });

  describe('suppression', () => {
    it('hides every group under 5, zero included', () => {
      expect(suppressedGroups([5, 4, 0, 12], false)).toEqual([false, true, true, false]);
    });

    it('hides the smallest shown group too when a partition would hide exactly one', () => {
      expect(suppressedGroups([9, 3, 6, 7], true)).toEqual([false, true, true, false]);
      // The first of equals.
      expect(suppressedGroups([6, 2, 6], true)).toEqual([true, true, false]);
      // Two hidden already: nothing can be recovered by subtraction.
      expect(suppressedGroups([9, 3, 1, 7], true)).toEqual([false, true, true, false]);
      // Nothing hidden: nothing to protect.
      expect(suppressedGroups([5, 6], true)).toEqual([false, false]);
      // Not a partition: no second group.
      expect(suppressedGroups([9, 3, 6, 7], false)).toEqual([false, true, false, false]);
    });

    it('hides an exit reason beside a single small one, leaving no figure for either', () => {
      const closed = (reason: string, count: number, from: number): CaseFacts[] =>
        Array.from({ length: count }, (_, i) =>
          aCase(`${reason}-${from + i}`, { status: 'closed', exitReason: reason, closedMonth: '2027-03' }),
        );
      const reasons = [
        'employment',
        'training',
        'rehabilitation_started',
        'consent_withdrawn',
        'goal_reached',
        'moved_away',
        'transferred',
        'declined_further_support',
        'no_contact',
        'other',
      ];
      // Every reason 5 or more, except one with 2: the smallest shown (training, 5) is hidden too.
      const cases = reasons.flatMap((r, i) =>
        closed(r, r === 'other' ? 2 : r === 'training' ? 5 : 6 + (i % 3), i * 100),
      );
      const { exitsByReason } = evaluationFigures(facts({ cases }));
      expect(exitsByReason.filter((e) => 'suppressed' in e)).toEqual([
        { exitReason: 'training', suppressed: true },
        { exitReason: 'other', suppressed: true },
      ]);
      expect(exitsByReason).toContainEqual({ exitReason: 'employment', n: 6 });
      expect(JSON.stringify(exitsByReason)).not.toMatch(/"n":(2|5)\b/);
    });
  });

  it('computes every figure of a small scope by hand', () => {
    const cases: CaseFacts[] = [
      aCase('a', {
        latestRatings: { coach: { housing: { rating: 4, at: 'x' } }, self: { housing: { rating: 3, at: 'x' } } },
      }),
      aCase('b', { latestRatings: { coach: { housing: { rating: 3, at: 'x' } } } }),
      aCase('c', { latestRatings: { coach: { housing: { rating: 5, at: 'x' } } } }),
      aCase('d', { latestRatings: { coach: { housing: { rating: 2, at: 'x' } } } }),
      aCase('e', {
        status: 'closed',
        exitReason: 'employment',
        closedMonth: '2027-02',
        latestRatings: { coach: { housing: { rating: 3, at: 'x' } } },
      }),
      aCase('f', { status: 'aftercare', openedMonth: '2027-03' }),
    ];
    const figures = evaluationFigures(
      facts({
        cases,
        contacts: [
          { caseKey: 'a', month: '2027-01', count: 2 },
          { caseKey: 'a', month: '2027-04', count: 1 },
          { caseKey: 'e', month: '2027-02', count: 3 },
          { caseKey: 'f', month: '2027-03', count: 1 },
          // Outside its case's months (cannot happen, but is not counted).
          { caseKey: 'e', month: '2027-03', count: 9 },
          // Not a case in scope.
          { caseKey: 'z', month: '2027-01', count: 4 },
        ],
        waitingTimes: [
          ...[5, 10, 14, 20, 30, 40].map((waitingDays) => ({
            caseKey: 'a',
            partnerType: 'network_partner' as const,
            waitingDays,
          })),
          { caseKey: 'b', partnerType: 'health_provider', waitingDays: 30 },
        ],
      }),
    );
    expect(figures.minGroupSize).toBe(5);
    expect(figures.progressByDimension).toHaveLength(14);
    expect(figures.progressByDimension).toContainEqual({
      dimension: 'housing',
      perspective: 'coach',
      n: 5,
      mean: 3.4,
      median: 3,
    });
    expect(figures.progressByDimension).toContainEqual({ dimension: 'housing', perspective: 'self', suppressed: true });
    expect(figures.referralWaitingTimes).toHaveLength(9);
    expect(figures.referralWaitingTimes).toContainEqual({
      partnerType: 'network_partner',
      n: 6,
      medianDays: 17,
      p90Days: 40,
    });
    expect(figures.referralWaitingTimes).toContainEqual({ partnerType: 'health_provider', suppressed: true });
    // Case-months: a, b, c, d 4 each (Jan–Apr), e 2 (Jan–Feb), f 2 (Mar–Apr) = 20; contacts 2+1+3+1 = 7
    // in 4 months with a contact.
    expect(figures.contactDensity).toEqual({
      casesN: 6,
      caseMonths: 20,
      contactsPerCaseMonth: 0.35,
      caseMonthsWithContactShare: 0.2,
    });
    expect(figures.exitsByReason).toHaveLength(10);
    expect(figures.exitsByReason).toContainEqual({ exitReason: 'employment', suppressed: true });
    expect(figures.exitsByReason.every((e) => 'suppressed' in e)).toBe(true);
  });

  it('suppresses the contact density of fewer than 5 cases', () => {
    const cases = ['a', 'b', 'c', 'd'].map((k) => aCase(k));
    expect(evaluationFigures(facts({ cases })).contactDensity).toEqual({ suppressed: true });
  });

  it('shows only what aggregates say: no case key leaves', () => {
    const cases = ['case-key-1', 'case-key-2', 'case-key-3', 'case-key-4', 'case-key-5'].map((k) =>
      aCase(k, { status: 'closed', exitReason: 'training', closedMonth: '2027-02' }),
    );
    const figures = evaluationFigures(
      facts({ cases, contacts: [{ caseKey: 'case-key-1', month: '2027-01', count: 1 }] }),
    );
    expect(JSON.stringify(figures)).not.toContain('case-key');
    expect(figures.exitsByReason).toContainEqual({ exitReason: 'training', n: 5 });
  });

  describe('restriction of processing (§ 84 SGB X)', () => {
    const closed = (caseKey: string, over: Partial<CaseFacts> = {}): CaseFacts =>
      aCase(caseKey, {
        status: 'closed',
        exitReason: 'training',
        closedMonth: '2027-02',
        latestRatings: { coach: { housing: { rating: 4, at: 'x' } } },
        ...over,
      });
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    const withRestriction = (restriction: CaseFacts['restriction']) =>
      evaluationFigures(
        facts({
          cases: six.map((k) => closed(k, k === 'f' ? { restriction } : {})),
          contacts: six.map((caseKey) => ({ caseKey, month: '2027-01', count: 1 })),
          waitingTimes: six.map((caseKey) => ({ caseKey, partnerType: 'network_partner' as const, waitingDays: 10 })),
        }),
      );

    it('counts an unrestricted case everywhere', () => {
      const figures = withRestriction(null);
      expect(figures.exitsByReason).toContainEqual({ exitReason: 'training', n: 6 });
      expect(figures.progressByDimension).toContainEqual({
        dimension: 'housing',
        perspective: 'coach',
        n: 6,
        mean: 4,
        median: 4,
      });
      expect(figures.referralWaitingTimes).toContainEqual({
        partnerType: 'network_partner',
        n: 6,
        medianDays: 10,
        p90Days: 10,
      });
      expect(figures.contactDensity).toMatchObject({ casesN: 6 });
    });

    it('leaves a case restricted as a whole, or in case_admin, out of every figure', () => {
      for (const restriction of ['case', ['case_admin']] as const) {
        const figures = withRestriction(restriction);
        expect(figures.exitsByReason).toContainEqual({ exitReason: 'training', n: 5 });
        expect(figures.progressByDimension).toContainEqual(expect.objectContaining({ dimension: 'housing', n: 5 }));
        expect(figures.referralWaitingTimes).toContainEqual(
          expect.objectContaining({ partnerType: 'network_partner', n: 5 }),
        );
        expect(figures.contactDensity).toMatchObject({ casesN: 5 });
      }
    });

    it('drops only the restricted categories of a case', () => {
      const progress = withRestriction(['progress']);
      expect(progress.exitsByReason).toContainEqual({ exitReason: 'training', n: 6 });
      expect(progress.progressByDimension).toContainEqual(expect.objectContaining({ dimension: 'housing', n: 5 }));

      const contacts = withRestriction(['contacts']);
      expect(contacts.contactDensity).toMatchObject({ casesN: 5, caseMonths: 10 });
      expect(contacts.exitsByReason).toContainEqual({ exitReason: 'training', n: 6 });

      const referrals = withRestriction(['referrals']);
      expect(referrals.referralWaitingTimes).toContainEqual(
        expect.objectContaining({ partnerType: 'network_partner', n: 5 }),
      );
      expect(referrals.progressByDimension).toContainEqual(expect.objectContaining({ dimension: 'housing', n: 6 }));

      const health = withRestriction(['health']);
      expect(health).toEqual(withRestriction(null));
    });
  });
});
