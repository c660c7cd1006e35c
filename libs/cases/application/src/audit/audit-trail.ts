import { POLICY_VERSION } from '@fallverbund/access-policy';
import { type AuditEntry, type AuditLogStore } from '@fallverbund/audit-log';
import { DomainError, type DomainErrorKind } from '@fallverbund/kernel';
import { AccessDeniedError } from '../cases/case-access';
import { type RequestContext } from '../cases/request-context';

/** The audit entry could not be written durably: the access does not happen (fail closed, 503). */
export class AuditUnavailableError extends Error {
  readonly status = 503;
  readonly code = 'AUDIT.UNAVAILABLE';
  constructor(cause: unknown) {
    super('the audit log cannot be written; the access was not carried out', { cause });
    this.name = 'AuditUnavailableError';
  }
}

/** How long a read of the log waits for entries just recorded to be integrated. */
const READ_SYNC_TIMEOUT_MS = 5_000;

/**
 * The log once every entry recorded before this call is integrated, so a read of it finds the
 * accesses just made (its own included); 503 when they are not integrated in time.
 */
export const syncedLog = async (store: AuditLogStore): Promise<AuditLogStore> => {
  try {
    await store.sync(READ_SYNC_TIMEOUT_MS);
  } catch (error) {
    throw new AuditUnavailableError(error);
  }
  return store;
};

interface Pending {
  readonly entries: readonly AuditEntry[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Records accesses with group commit: entries that arrive while earlier batches are being written
 * go into the next batch together. A batch is only queued in the log (no lock shared with other
 * writers), so up to `maxInFlight` batches could be written at once; one at a time (the default)
 * makes the batches larger and the statements fewer, which on a machine whose cores are busy with
 * the reads themselves gave more reads per second than four at once (docs/benchmarks.md "http",
 * "audit-read"). `record` resolves only when its entries are durable (queued and committed; the log's
 * sequencer integrates them into the tree after); a failed batch fails every request in it.
 */
export class AuditTrail {
  private pending: Pending[] = [];
  private inFlight = 0;
  /** Request ids being watched, and whether an entry was recorded under each. */
  private readonly watched = new Map<string, boolean>();

  constructor(
    private readonly store: AuditLogStore,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 1,
  ) {}

  record(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    for (const { requestId } of entries) {
      if (requestId !== undefined && this.watched.has(requestId)) this.watched.set(requestId, true);
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entries, resolve, reject });
      this.startFlush();
    });
  }

  /**
   * Starts a writer of batches if fewer than `maxInFlight` run. A writer that finds nothing more to
   * write returns, but counts as running until its promise settles, a turn later: whoever records in
   * between (a request whose continuation ran in that turn) starts none. So each writer looks once
   * more when it stops; without that look, such entries waited for the next record, forever if none came.
   */
  private startFlush(): void {
    if (this.inFlight >= this.maxInFlight) return;
    this.inFlight++;
    void this.flush().finally(() => {
      this.inFlight--;
      if (this.pending.length > 0) this.startFlush();
    });
  }

  /**
   * Notes whether entries are recorded under `requestId` (see `recordedFor`) until the returned stop
   * is called: so a refusal that no handler recorded can be recorded once, and one that was, not twice.
   */
  watch(requestId: string): () => void {
    this.watched.set(requestId, false);
    return () => this.watched.delete(requestId);
  }

  /** Whether an entry was recorded under a watched request id. */
  recordedFor(requestId: string): boolean {
    return this.watched.get(requestId) === true;
  }

  /**
   * Records `entries` and runs `load` while they commit: for an access whose entry is known once the
   * decision is made, before its data are read. Resolves with what `load` returned only when the
   * entries are durable too, so nothing leaves before its record. If either fails the whole fails
   * (the audit failure first: nothing was carried out), and the other is still awaited, so that no
   * rejection goes unobserved and no read outlives its request.
   */
  async recordWhile<T>(entries: readonly AuditEntry[], load: () => Promise<T> | T): Promise<T> {
    const recorded = this.record(entries);
    const loaded = (async () => load())();
    const [audit, result] = await Promise.allSettled([recorded, loaded]);
    if (audit.status === 'rejected') throw audit.reason;
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch: Pending[] = [];
      let size = 0;
      while (
        this.pending.length > 0 &&
        (batch.length === 0 || size + (this.pending[0]?.entries.length ?? 0) <= this.maxBatch)
      ) {
        const next = this.pending.shift() as Pending;
        batch.push(next);
        size += next.entries.length;
      }
      try {
        await this.store.enqueue(batch.flatMap((p) => p.entries));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(new AuditUnavailableError(error));
      }
      // Under load, let the requests just answered carry on (their next queries go out) before the
      // next batch is sent; a lone request never waits here.
      if (this.pending.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

export interface AccessFacts {
  readonly action: string;
  readonly route: string;
  readonly caseRef: string | null;
  readonly categories: readonly string[];
  readonly legalBasis: readonly string[];
  readonly decision: 'permit' | 'deny';
  readonly outcome: number;
  /** The case's lead agency, to mark disclosures (data leaving the agency that controls them). */
  readonly leadAgencyId?: string;
  /** A disclosure's basis per category passed on (see AuditEntry.categoryBasis). */
  readonly categoryBasis?: Readonly<Record<string, string>>;
}

export const auditEntry = (context: RequestContext, facts: AccessFacts): AuditEntry => ({
  occurredAt: context.now.toISOString(),
  actor: { userId: context.actor.userId, role: context.actor.role, agencyId: context.actor.agencyId },
  action: facts.action,
  route: facts.route,
  caseRef: facts.caseRef,
  categories: [...facts.categories],
  purpose: context.purpose,
  legalBasis: [...new Set(facts.legalBasis)],
  decision: facts.decision,
  policyVersion: POLICY_VERSION,
  requestId: context.requestId,
  correlationId: context.correlationId,
  outcome: facts.outcome,
  disclosure:
    facts.decision === 'permit' && facts.leadAgencyId !== undefined && facts.leadAgencyId !== context.actor.agencyId,
  breakGlass: facts.legalBasis.some((b) => b.startsWith('§8a')),
  ...(facts.categoryBasis ? { categoryBasis: { ...facts.categoryBasis } } : {}),
});

/** One case a list route names, with what the list shows of it. */
export interface ListedCase {
  readonly caseRef: string;
  readonly categories: readonly string[];
  readonly legalBasis: readonly string[];
  readonly leadAgencyId: string;
}

/**
 * The entries of a list route: one per listed case (one per data subject), and one without a case
 * when the list is empty, so that every list answered is on record.
 */
export const listEntries = (
  context: RequestContext,
  route: { readonly action: string; readonly route: string },
  listed: readonly ListedCase[],
): AuditEntry[] =>
  listed.length === 0
    ? [
        auditEntry(context, {
          ...route,
          caseRef: null,
          categories: [],
          legalBasis: [],
          decision: 'permit',
          outcome: 200,
        }),
      ]
    : listed.map((c) => auditEntry(context, { ...route, ...c, decision: 'permit', outcome: 200 }));

/** A route without a case refuses the actor: the refusal is recorded, then answered with 403. */
export const refuseWithoutCase = async (
  trail: AuditTrail,
  context: RequestContext,
  route: { readonly action: string; readonly route: string },
  why: string,
): Promise<never> => {
  await trail.record([
    auditEntry(context, { ...route, caseRef: null, categories: [], legalBasis: [], decision: 'deny', outcome: 403 }),
  ]);
  throw new AccessDeniedError(why);
};

const REFUSAL_STATUS: Record<DomainErrorKind, number> = { not_found: 404, forbidden: 403, invalid: 400, conflict: 409 };

/** The status a domain refusal answers (as the problem filter maps it); undefined for any other error. */
export const refusalStatusOf = (error: unknown): number | undefined =>
  error instanceof DomainError ? REFUSAL_STATUS[error.kind] : undefined;

export const DPO_BASIS = 'Art. 39 GDPR: data protection officer';

/**
 * Routes for data protection officers only (role data_protection_officer, purpose audit): records
 * the access, permit or deny, and throws AccessDeniedError (403) for anyone else.
 */
export const assertDpoAccess = async (
  trail: AuditTrail,
  context: RequestContext,
  access: {
    readonly route: string;
    readonly caseRef: string | null;
    readonly okStatus?: number;
    readonly what: string;
  },
): Promise<void> => {
  const permitted = context.actor.role === 'data_protection_officer' && context.purpose === 'audit';
  await trail.record([
    auditEntry(context, {
      action: 'audit',
      route: access.route,
      caseRef: access.caseRef,
      categories: [],
      legalBasis: permitted ? [DPO_BASIS] : [],
      decision: permitted ? 'permit' : 'deny',
      outcome: permitted ? (access.okStatus ?? 200) : 403,
    }),
  ]);
  if (!permitted) throw new AccessDeniedError(`only data protection officers, with purpose audit, ${access.what}`);
};
