import {
  EXIT_REASONS,
  type ExitReason,
  PERSPECTIVES,
  type Perspective,
  PROGRESS_DIMENSIONS,
  type ProgressDimension,
} from '@fallverbund/cases-domain';
import { AGENCY_TYPES, type AgencyType, type DataCategory } from '@fallverbund/kernel';
import { type LatestRatings } from './evaluation-read-model.entities';

/** A group of fewer cases (or referrals) than this shows no figure at all. */
export const MIN_GROUP_SIZE = 5;

/** Stands in for a group's figures when the group is too small (or hidden to protect another one). */
export interface Suppressed {
  readonly suppressed: true;
}

export type ProgressFigure = { readonly dimension: ProgressDimension; readonly perspective: Perspective } & (
  { readonly n: number; readonly mean: number; readonly median: number } | Suppressed
);

export type WaitingTimeFigure = { readonly partnerType: AgencyType } & (
  { readonly n: number; readonly medianDays: number; readonly p90Days: number } | Suppressed
);

export type ContactDensityFigure =
  | {
      readonly casesN: number;
      readonly caseMonths: number;
      readonly contactsPerCaseMonth: number;
      readonly caseMonthsWithContactShare: number;
    }
  | Suppressed;

export type ExitFigure = { readonly exitReason: ExitReason } & ({ readonly n: number } | Suppressed);

export interface EvaluationFigures {
  readonly minGroupSize: number;
  readonly progressByDimension: readonly ProgressFigure[];
  readonly referralWaitingTimes: readonly WaitingTimeFigure[];
  readonly contactDensity: ContactDensityFigure;
  readonly exitsByReason: readonly ExitFigure[];
}

/** What the figures are computed from: the evaluation rows of the cases in scope, nothing else. */
export interface EvaluationFacts {
  readonly cases: readonly {
    readonly caseKey: string;
    readonly status: string;
    readonly exitReason: string | null;
    readonly openedMonth: string;
    readonly closedMonth: string | null;
    readonly latestRatings: LatestRatings;
    /** A restriction of processing in force (§ 84 SGB X): the whole case, or some of its categories. */
    readonly restriction?: 'case' | readonly DataCategory[] | null;
  }[];
  /** Contacts per case and month (YYYY-MM). */
  readonly contacts: readonly { readonly caseKey: string; readonly month: string; readonly count: number }[];
  /** One entry per referral whose first appointment took place. */
  readonly waitingTimes: readonly {
    readonly caseKey: string;
    readonly partnerType: AgencyType;
    readonly waitingDays: number;
  }[];
  /** YYYY-MM of the request: a case that is not closed counts up to this month. */
  readonly currentMonth: string;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** The middle value; for an even count the mean of the two middle ones. */
export const median = (values: readonly number[]): number => {
  const sorted = ascending(values);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Nearest rank: the smallest value that at least `p` percent of the values do not exceed. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = ascending(values);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

export const mean = (values: readonly number[]): number => round2(values.reduce((a, b) => a + b, 0) / values.length);

const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/**
 * Which groups to hide: every group under MIN_GROUP_SIZE (zero included). In a partition — groups
 * that add up to a total a reader may know from elsewhere — exactly one hidden group could be
 * recovered by subtraction, so the smallest shown group is hidden too (the first of equals).
 */
export const suppressedGroups = (counts: readonly number[], partition: boolean): boolean[] => {
  const hidden = counts.map((n) => n < MIN_GROUP_SIZE);
  if (partition && hidden.filter(Boolean).length === 1) {
    let smallest = -1;
    counts.forEach((n, i) => {
      if (!hidden[i] && (smallest < 0 || n < (counts[smallest] as number))) smallest = i;
    });
    if (smallest >= 0) hidden[smallest] = true;
  }
  return hidden;
};

const grouped = <K extends object, F extends object>(
  groups: readonly { key: K; values: readonly number[] }[],
  partition: boolean,
  figure: (values: readonly number[]) => F,
): (K & (F | Suppressed))[] => {
  const hidden = suppressedGroups(
    groups.map((g) => g.values.length),
    partition,
  );
  return groups.map((g, i) =>
    hidden[i] ? { ...g.key, suppressed: true as const } : { ...g.key, ...figure(g.values) },
  );
};

/** Is `category` of this case restricted (§ 84 SGB X), by a restriction of the case or of the category? */
const restricts = (restriction: 'case' | readonly DataCategory[] | null | undefined, category: DataCategory): boolean =>
  restriction === 'case' || (restriction ?? []).includes(category);

/**
 * What the figures may use: restricted data are only stored, not processed (§ 84 Abs. 3 SGB X, Art. 18
 * Abs. 2 GDPR), and evaluation is not among the purposes that law leaves open. A case restricted as a
 * whole, or in `case_admin` (its status, exit and months), is left out of every figure; a restricted
 * `progress` drops its ratings, `contacts` drops it from the contact density, `referrals` its waiting times.
 */
export const unrestrictedFacts = (facts: EvaluationFacts): EvaluationFacts => {
  const restrictionOf = new Map(facts.cases.map((c) => [c.caseKey, c.restriction]));
  const usable = (caseKey: string, category: DataCategory): boolean => {
    const restriction = restrictionOf.get(caseKey);
    return !restricts(restriction, 'case_admin') && !restricts(restriction, category);
  };
  return {
    ...facts,
    cases: facts.cases
      .filter((c) => usable(c.caseKey, 'case_admin'))
      .map((c) => (restricts(c.restriction, 'progress') ? { ...c, latestRatings: {} } : c)),
    contacts: facts.contacts.filter((c) => usable(c.caseKey, 'contacts')),
    waitingTimes: facts.waitingTimes.filter((w) => usable(w.caseKey, 'referrals')),
  };
};

/**
 * The anonymised figures of `docs/evaluation.md`, every group listed whether it has members or not,
 * so that a group's presence reveals nothing either. Restricted data count nowhere (`unrestrictedFacts`).
 */
export const evaluationFigures = (all: EvaluationFacts): EvaluationFigures => {
  const facts = unrestrictedFacts(all);
  const { cases } = facts;

  const progressByDimension = grouped(
    PROGRESS_DIMENSIONS.flatMap((dimension) =>
      PERSPECTIVES.map((perspective) => ({
        key: { dimension, perspective },
        values: cases.flatMap((c) => c.latestRatings[perspective]?.[dimension]?.rating ?? []),
      })),
    ),
    false,
    (values) => ({ n: values.length, mean: mean(values), median: median(values) }),
  );

  const referralWaitingTimes = grouped(
    AGENCY_TYPES.map((partnerType) => ({
      key: { partnerType },
      values: facts.waitingTimes.filter((w) => w.partnerType === partnerType).map((w) => w.waitingDays),
    })),
    true,
    (values) => ({ n: values.length, medianDays: median(values), p90Days: percentile(values, 90) }),
  );

  const exitsByReason = grouped(
    EXIT_REASONS.map((exitReason) => ({
      key: { exitReason },
      values: cases.filter((c) => c.status === 'closed' && c.exitReason === exitReason).map(() => 1),
    })),
    true,
    (values) => ({ n: values.length }),
  );

  return {
    minGroupSize: MIN_GROUP_SIZE,
    progressByDimension,
    referralWaitingTimes,
    contactDensity: contactDensity(facts),
    exitsByReason,
  };
};

/**
 * Contacts per case-month: a case counts each calendar month from the one it was opened in to the one
 * it was closed in (or the current month), both included; contacts count in the month they took place.
 */
const contactDensity = ({ cases: all, contacts, currentMonth }: EvaluationFacts): ContactDensityFigure => {
  // A case whose contacts are restricted would count its months without its contacts: it is left out.
  const cases = all.filter((c) => !restricts(c.restriction, 'contacts'));
  if (cases.length < MIN_GROUP_SIZE) return { suppressed: true };
  const byCase = new Map<string, { month: string; count: number }[]>();
  for (const c of contacts) byCase.set(c.caseKey, [...(byCase.get(c.caseKey) ?? []), c]);
  let caseMonths = 0;
  let contactCount = 0;
  let monthsWithContact = 0;
  for (const c of cases) {
    const from = monthIndex(c.openedMonth);
    const to = Math.max(from, monthIndex(c.closedMonth ?? currentMonth));
    caseMonths += to - from + 1;
    const within = (byCase.get(c.caseKey) ?? []).filter(
      (m) => monthIndex(m.month) >= from && monthIndex(m.month) <= to,
    );
    contactCount += within.reduce((sum, m) => sum + m.count, 0);
    monthsWithContact += new Set(within.filter((m) => m.count > 0).map((m) => m.month)).size;
  }
  return {
    casesN: cases.length,
    caseMonths,
    contactsPerCaseMonth: round2(contactCount / caseMonths),
    caseMonthsWithContactShare: round2(monthsWithContact / caseMonths),
  };
};
