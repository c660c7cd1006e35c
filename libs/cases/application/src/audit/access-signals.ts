import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';

/** Who an entry names, as the DPO sees it. */
export interface SignalActor {
  readonly userId: string;
  readonly role: string;
  readonly agencyId: string;
}

/**
 * Patterns in the access log a data protection officer should look at. None is proof of misuse;
 * each names the log indexes behind it (at most `MAX_INDEXES`), so the DPO can fetch the entries
 * and an inclusion proof for each.
 */
export type AccessSignal =
  /**
   * Repeated attempts at cases the actor cannot see at all (404), on at least `probedCases` distinct
   * cases within the window: probing for case ids. A 404 on a case the actor reads or works on
   * elsewhere in the log (a first look just before the consent was recorded, a stale link to a
   * sub-resource) explains itself and is not counted.
   */
  | {
      readonly kind: 'outside_caseload';
      readonly actor: SignalActor;
      readonly attempts: number;
      readonly cases: number;
      readonly first: string;
      readonly last: string;
      readonly indexes: readonly number[];
    }
  /**
   * One actor looked at many distinct cases within the window that they did no work on (no write of
   * theirs on the case in the log and its look-back): browsing. Lists are excluded, since a list
   * writes one entry per listed case; looks at cases the actor works on are normal work.
   */
  | {
      readonly kind: 'many_cases';
      readonly actor: SignalActor;
      readonly cases: number;
      readonly windowStart: string;
      readonly windowEnd: string;
      readonly indexes: readonly number[];
    }
  /** Accesses under § 8a SGB VIII (break-glass), per actor and case. */
  | {
      readonly kind: 'break_glass';
      readonly actor: SignalActor;
      readonly caseRef: string;
      readonly accesses: number;
      readonly first: string;
      readonly last: string;
      readonly indexes: readonly number[];
    }
  /**
   * A withdrawal of consent was attempted on a case and refused, and afterwards the case was still
   * accessed on the basis of a consent: the participant's wish may not have reached the lead agency.
   */
  | {
      readonly kind: 'access_after_denied_withdrawal';
      readonly caseRef: string;
      readonly deniedWithdrawal: { readonly index: number; readonly occurredAt: string; readonly actor: SignalActor };
      readonly laterAccesses: number;
      readonly agencies: readonly string[];
      readonly indexes: readonly number[];
    };

export interface SignalThresholds {
  /** many_cases: this many distinct cases looked at without own work on them … */
  readonly manyCases: number;
  /** … within this many minutes (also the window of outside_caseload). */
  readonly withinMinutes: number;
  /** outside_caseload: this many distinct cases answered 404 to one actor within the window. */
  readonly probedCases: number;
  /** How many days before the range the log is read for the actors' own work on cases. */
  readonly lookbackDays: number;
}

/**
 * A working day's window. A caseworker's or a lead's ordinary day touches a handful of cases they do
 * not work on themselves (a first look under a new consent, a referral answered, a case supervised);
 * 20 is well above that and well below a browse through a caseload. Five unknown case ids in a day
 * is more than typing errors and stale links make.
 */
export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = {
  manyCases: 20,
  withinMinutes: 24 * 60,
  probedCases: 5,
  lookbackDays: 30,
};

export const MAX_INDEXES = 50;

const actorOf = (entry: AuditEntry): SignalActor => ({
  userId: entry.actor.userId,
  role: entry.actor.role,
  agencyId: entry.actor.agencyId,
});

const keep = (indexes: number[], index: number): void => {
  if (indexes.length < MAX_INDEXES) indexes.push(index);
};

/** Accesses that touch one case's data (lists and DPO work on the log are not case accesses). */
const NOT_CASE_ACCESS = new Set(['list', 'audit', 'access_report']);

/** Actions that only look; every other permitted action on a case is work on it. */
const LOOKS = new Set(['read']);

const workKey = (userId: string, caseRef: string): string => `${userId}\u0000${caseRef}`;

/**
 * Who did work on which case: a permitted write on the case (a contact recorded, a consent granted,
 * a referral answered, a case opened …). Fed with the look-back before a signals range, so a
 * caseworker's own cases are known even when the range holds only reads of them.
 */
export function ownWorkIn(records: Iterable<AuditRecord>, into: Set<string> = new Set<string>()): Set<string> {
  for (const { entry } of records) {
    if (!entry || entry.caseRef === null || entry.decision !== 'permit') continue;
    if (NOT_CASE_ACCESS.has(entry.action) || LOOKS.has(entry.action)) continue;
    into.add(workKey(entry.actor.userId, entry.caseRef));
  }
  return into;
}

interface Hit {
  readonly at: number;
  readonly caseRef: string;
  readonly index: number;
  readonly occurredAt: string;
}

/**
 * Finds the signals in a stretch of the log, given in index order. Pure: the caller pages through
 * the store and passes the records, erased ones included (they are skipped), and the own work found
 * in the look-back before the stretch (`ownWorkIn`).
 */
export function detectSignals(
  records: Iterable<AuditRecord>,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
  priorWork: ReadonlySet<string> = new Set<string>(),
): AccessSignal[] {
  const work = new Set(priorWork);
  /** Cases each actor was allowed into in this stretch: a 404 on one of them is no probe. */
  const permitted = new Set<string>();
  const breakGlass = new Map<
    string,
    { actor: SignalActor; caseRef: string; accesses: number; first: string; last: string; indexes: number[] }
  >();
  const looks = new Map<string, { actor: SignalActor; hits: Hit[] }>();
  const notFound = new Map<string, { actor: SignalActor; hits: Hit[] }>();
  const deniedWithdrawals = new Map<string, { index: number; occurredAt: string; actor: SignalActor }>();
  const afterWithdrawal = new Map<string, { laterAccesses: number; agencies: Set<string>; indexes: number[] }>();

  const hitOf = (index: number, entry: AuditEntry & { caseRef: string }): Hit => ({
    at: Date.parse(entry.occurredAt),
    caseRef: entry.caseRef,
    index,
    occurredAt: entry.occurredAt,
  });
  const push = (map: Map<string, { actor: SignalActor; hits: Hit[] }>, entry: AuditEntry, hit: Hit): void => {
    const item = map.get(entry.actor.userId) ?? { actor: actorOf(entry), hits: [] };
    item.hits.push(hit);
    map.set(entry.actor.userId, item);
  };

  for (const { index, entry } of records) {
    if (!entry) continue;
    const caseEntry = entry.caseRef === null ? undefined : (entry as AuditEntry & { caseRef: string });
    const caseAccess = caseEntry !== undefined && !NOT_CASE_ACCESS.has(entry.action);
    if (caseEntry && entry.decision === 'permit') permitted.add(workKey(entry.actor.userId, caseEntry.caseRef));
    if (caseAccess && entry.decision === 'deny' && entry.outcome === 404)
      push(notFound, entry, hitOf(index, caseEntry));
    if (caseAccess && entry.decision === 'permit') {
      if (LOOKS.has(entry.action)) push(looks, entry, hitOf(index, caseEntry));
      else work.add(workKey(entry.actor.userId, caseEntry.caseRef));
    }
    if (entry.breakGlass && entry.decision === 'permit' && caseEntry) {
      const key = workKey(entry.actor.userId, caseEntry.caseRef);
      const item = breakGlass.get(key) ?? {
        actor: actorOf(entry),
        caseRef: caseEntry.caseRef,
        accesses: 0,
        first: entry.occurredAt,
        last: entry.occurredAt,
        indexes: [],
      };
      item.accesses += 1;
      item.last = entry.occurredAt;
      keep(item.indexes, index);
      breakGlass.set(key, item);
    }
    if (caseEntry && entry.action === 'withdraw_consent' && entry.decision === 'deny') {
      if (!deniedWithdrawals.has(caseEntry.caseRef)) {
        deniedWithdrawals.set(caseEntry.caseRef, { index, occurredAt: entry.occurredAt, actor: actorOf(entry) });
      }
    } else if (
      caseEntry &&
      entry.decision === 'permit' &&
      deniedWithdrawals.has(caseEntry.caseRef) &&
      entry.legalBasis.some((basis) => basis.startsWith('consent:'))
    ) {
      const item = afterWithdrawal.get(caseEntry.caseRef) ?? {
        laterAccesses: 0,
        agencies: new Set<string>(),
        indexes: [],
      };
      item.laterAccesses += 1;
      item.agencies.add(entry.actor.agencyId);
      keep(item.indexes, index);
      afterWithdrawal.set(caseEntry.caseRef, item);
    }
  }

  const windowMs = thresholds.withinMinutes * 60_000;
  const signals: AccessSignal[] = [];
  for (const { actor, hits } of notFound.values()) {
    const probes = hits.filter((h) => !permitted.has(workKey(actor.userId, h.caseRef)));
    const burst = busiestWindow(probes, windowMs);
    if (!burst || burst.cases < thresholds.probedCases) continue;
    const inWindow = probes.filter((h) => h.at >= burst.start && h.at <= burst.end);
    signals.push({
      kind: 'outside_caseload',
      actor,
      attempts: inWindow.length,
      cases: burst.cases,
      first: (inWindow[0] as Hit).occurredAt,
      last: (inWindow[inWindow.length - 1] as Hit).occurredAt,
      indexes: inWindow.slice(0, MAX_INDEXES).map((h) => h.index),
    });
  }
  for (const { actor, hits } of looks.values()) {
    const unexplained = hits.filter((h) => !work.has(workKey(actor.userId, h.caseRef)));
    const burst = busiestWindow(unexplained, windowMs);
    if (burst && burst.cases >= thresholds.manyCases) {
      signals.push({
        kind: 'many_cases',
        actor,
        cases: burst.cases,
        windowStart: new Date(burst.start).toISOString(),
        windowEnd: new Date(burst.end).toISOString(),
        indexes: burst.indexes.slice(0, MAX_INDEXES),
      });
    }
  }
  for (const b of breakGlass.values()) signals.push({ kind: 'break_glass', ...b });
  for (const [caseRef, after] of afterWithdrawal) {
    signals.push({
      kind: 'access_after_denied_withdrawal',
      caseRef,
      deniedWithdrawal: deniedWithdrawals.get(caseRef) as { index: number; occurredAt: string; actor: SignalActor },
      laterAccesses: after.laterAccesses,
      agencies: [...after.agencies].sort(),
      indexes: after.indexes,
    });
  }
  return signals;
}

/** The window of the given length holding the most distinct cases (two pointers over time). */
function busiestWindow(
  hits: readonly Hit[],
  windowMs: number,
): { cases: number; start: number; end: number; indexes: number[] } | undefined {
  const sorted = [...hits].sort((a, b) => a.at - b.at || a.index - b.index);
  const inWindow = new Map<string, number>();
  let best: { cases: number; from: number; to: number } | undefined;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    const hit = sorted[to] as (typeof sorted)[number];
    inWindow.set(hit.caseRef, (inWindow.get(hit.caseRef) ?? 0) + 1);
    while (hit.at - (sorted[from] as (typeof sorted)[number]).at > windowMs) {
      const old = sorted[from] as (typeof sorted)[number];
      const left = (inWindow.get(old.caseRef) ?? 1) - 1;
      if (left === 0) inWindow.delete(old.caseRef);
      else inWindow.set(old.caseRef, left);
      from += 1;
    }
    if (!best || inWindow.size > best.cases) best = { cases: inWindow.size, from, to };
  }
  if (!best) return undefined;
  const window = sorted.slice(best.from, best.to + 1);
  return {
    cases: best.cases,
    start: (window[0] as (typeof sorted)[number]).at,
    end: (window[window.length - 1] as (typeof sorted)[number]).at,
    indexes: window.map((h) => h.index),
  };
}
