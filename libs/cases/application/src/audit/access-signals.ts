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
  /** Attempts at cases the actor may not see at all (404): the case is outside their caseload. */
  | {
      readonly kind: 'outside_caseload';
      readonly actor: SignalActor;
      readonly attempts: number;
      readonly cases: number;
      readonly first: string;
      readonly last: string;
      readonly indexes: readonly number[];
    }
  /** One actor opened many different cases within a short window (lists excluded). */
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
  /** many_cases: this many distinct cases … */
  readonly manyCases: number;
  /** … within this many minutes. */
  readonly withinMinutes: number;
}

export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = { manyCases: 20, withinMinutes: 10 };

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

/**
 * Finds the signals in a stretch of the log, given in index order. Pure: the caller pages through
 * the store and passes the records, erased ones included (they are skipped).
 */
export function detectSignals(
  records: Iterable<AuditRecord>,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): AccessSignal[] {
  const outside = new Map<
    string,
    { actor: SignalActor; cases: Set<string>; attempts: number; first: string; last: string; indexes: number[] }
  >();
  const breakGlass = new Map<
    string,
    { actor: SignalActor; caseRef: string; accesses: number; first: string; last: string; indexes: number[] }
  >();
  const reads = new Map<string, { actor: SignalActor; hits: { at: number; caseRef: string; index: number }[] }>();
  const deniedWithdrawals = new Map<string, { index: number; occurredAt: string; actor: SignalActor }>();
  const afterWithdrawal = new Map<string, { laterAccesses: number; agencies: Set<string>; indexes: number[] }>();

  for (const { index, entry } of records) {
    if (!entry) continue;
    const caseAccess = entry.caseRef !== null && !NOT_CASE_ACCESS.has(entry.action);
    if (caseAccess && entry.decision === 'deny' && entry.outcome === 404) {
      const item = outside.get(entry.actor.userId) ?? {
        actor: actorOf(entry),
        cases: new Set<string>(),
        attempts: 0,
        first: entry.occurredAt,
        last: entry.occurredAt,
        indexes: [],
      };
      item.cases.add(entry.caseRef);
      item.attempts += 1;
      item.last = entry.occurredAt;
      keep(item.indexes, index);
      outside.set(entry.actor.userId, item);
    }
    if (entry.breakGlass && entry.decision === 'permit' && entry.caseRef !== null) {
      const key = `${entry.actor.userId}\u0000${entry.caseRef}`;
      const item = breakGlass.get(key) ?? {
        actor: actorOf(entry),
        caseRef: entry.caseRef,
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
    if (caseAccess && entry.decision === 'permit') {
      const item = reads.get(entry.actor.userId) ?? { actor: actorOf(entry), hits: [] };
      item.hits.push({ at: Date.parse(entry.occurredAt), caseRef: entry.caseRef, index });
      reads.set(entry.actor.userId, item);
    }
    if (entry.caseRef !== null && entry.action === 'withdraw_consent' && entry.decision === 'deny') {
      if (!deniedWithdrawals.has(entry.caseRef)) {
        deniedWithdrawals.set(entry.caseRef, { index, occurredAt: entry.occurredAt, actor: actorOf(entry) });
      }
    } else if (
      entry.caseRef !== null &&
      entry.decision === 'permit' &&
      deniedWithdrawals.has(entry.caseRef) &&
      entry.legalBasis.some((basis) => basis.startsWith('consent:'))
    ) {
      const item = afterWithdrawal.get(entry.caseRef) ?? { laterAccesses: 0, agencies: new Set<string>(), indexes: [] };
      item.laterAccesses += 1;
      item.agencies.add(entry.actor.agencyId);
      keep(item.indexes, index);
      afterWithdrawal.set(entry.caseRef, item);
    }
  }

  const signals: AccessSignal[] = [];
  for (const o of outside.values()) {
    signals.push({
      kind: 'outside_caseload',
      actor: o.actor,
      attempts: o.attempts,
      cases: o.cases.size,
      first: o.first,
      last: o.last,
      indexes: o.indexes,
    });
  }
  for (const { actor, hits } of reads.values()) {
    const burst = busiestWindow(hits, thresholds.withinMinutes * 60_000);
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
  hits: readonly { at: number; caseRef: string; index: number }[],
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
