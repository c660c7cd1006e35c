import {
  type CaseCommand,
  type CaseEvent,
  CASE_EVENT_SCHEMA_VERSIONS,
  type Case,
  caseDecider,
  caseStreamId,
} from '@fallverbund/cases-domain';
import { formatLegalBasis } from '@fallverbund/access-policy';
import { type GlobalPosition, KeyedMutex, type NewEvent, WrongExpectedVersionError } from '@fallverbund/event-store';
import { type DataCategory, DomainError, foldEvents } from '@fallverbund/kernel';
import { type AuditTrail, auditEntry } from '../audit/audit-trail';
import { type Persistence } from '../persistence/persistence';
import { accessFor, factsFromState } from './case-access';
import { randomUUID } from 'node:crypto';
import { PreconditionFailedError } from '@fallverbund/http';
import { type ProjectionRunner } from '../projections/projection-runner';
import { type RequestContext } from './request-context';
import { type CaseSnapshotStore, NO_SNAPSHOTS } from './case-snapshots';

export interface HandleOptions {
  /** The version the client last saw (If-Match); a different current version answers 412. */
  readonly expectedVersion?: number;
  /** Checks the loaded state before the decision (the access policy); throws to refuse. */
  readonly authorize?: (state: Case) => void;
  /** How the write is audited: the category written, and a basis when the policy does not give one. */
  readonly audit: {
    readonly action: string;
    readonly route: string;
    readonly category: DataCategory;
    readonly legalBasis?: string;
    /**
     * A disclosure (a referral): the categories it passes on, asked once `authorize` has run. A refusal's
     * entry names them after the route's category; a permit's entry names them too, with `basis`, the
     * basis of each as the policy decided it.
     */
    readonly disclosure?: () => AuditedDisclosure;
  };
}

export interface AuditedDisclosure {
  readonly categories: readonly DataCategory[];
  /** Per category passed on; set once the policy permitted the disclosure. */
  readonly basis?: Readonly<Record<string, string>>;
}

const MAX_ATTEMPTS = 3;

/**
 * The four steps of every case command: load the stream, check the policy on the loaded state,
 * decide, append with the version that was loaded. Without If-Match a lost race is retried on fresh
 * state; with If-Match it is the client's conflict (412). Returns after the read models have caught
 * up with the append, so the client reads its own write.
 *
 * Commands to one case in this process take their turn (from the load to the append): they never race
 * each other, so a burst on one case is written in full instead of exhausting the retries; only a
 * write from another process can make an append lose its race.
 */
export class CaseRepository {
  readonly #turns = new KeyedMutex();

  /**
   * `events` seals personal fields on append; `rawEvents` loads the stream without opening them: the
   * decisions need no personal data, so a command never decrypts.
   */
  constructor(
    private readonly persistence: Pick<Persistence, 'rawEvents' | 'appendAudited'>,
    private readonly projections: ProjectionRunner,
    private readonly trail: AuditTrail,
    private readonly snapshots: CaseSnapshotStore = NO_SNAPSHOTS,
  ) {}

  /** The latest snapshot (or the initial state), and only the events after it folded onto it. */
  async load(caseId: string): Promise<{ state: Case; version: number }> {
    const streamId = caseStreamId(caseId);
    const snapshot = await this.snapshots.latest(streamId);
    const tail = await this.persistence.rawEvents.readStream(streamId, snapshot.version + 1);
    const state = foldStored(tail, snapshot.state);
    const version = tail[tail.length - 1]?.version ?? snapshot.version;
    this.snapshots.loaded(streamId, state, version, tail.length);
    return { state, version };
  }

  async handle(
    caseId: string,
    command: CaseCommand,
    context: RequestContext,
    options: HandleOptions,
  ): Promise<{ version: number; events: readonly CaseEvent[] }> {
    const { version, events, lastPosition } = await this.#turns.run(caseStreamId(caseId), () =>
      this.decideAndAppend(caseId, command, context, options),
    );
    // An HTTP command hands its log position to the client, whose next read waits for it (apps/api
    // log-position interceptor). A caller with no one to hand it to (operations such as erasure,
    // tests) gets its effect in the read models before it returns, as before.
    if (!context.answersWithLogPosition) await this.projections.waitFor(lastPosition);
    return { version, events };
  }

  private async decideAndAppend(
    caseId: string,
    command: CaseCommand,
    context: RequestContext,
    options: HandleOptions,
  ): Promise<{ version: number; events: readonly CaseEvent[]; lastPosition: GlobalPosition }> {
    const { action, route, category } = options.audit;
    const streamId = caseStreamId(caseId);
    // A state kept from this process's last load or write may be behind the log. It is good enough to
    // decide on, since the append names its version and fails if another process wrote since; anything
    // but a permit decided on it (a refusal, a 412, an error) is decided again on the log first.
    let fromLog = false;
    for (let attempt = 1; ;) {
      const kept = fromLog ? undefined : this.snapshots.kept?.(streamId);
      const { state, version } = kept ?? (await this.load(caseId));
      const recheck = (): boolean => {
        if (kept === undefined) return false;
        fromLog = true;
        return true;
      };
      try {
        options.authorize?.(state);
      } catch (error) {
        if (recheck()) continue;
        // A refusal is recorded before it is answered (an input error is not a refusal).
        if (error instanceof DomainError && (error.kind === 'forbidden' || error.kind === 'not_found')) {
          const outcome = error.kind === 'forbidden' ? 403 : 404;
          await this.trail.record([
            auditEntry(context, {
              action,
              route,
              caseRef: caseId,
              categories: auditedCategories(category, options),
              legalBasis: [],
              decision: 'deny',
              outcome,
            }),
          ]);
        }
        throw error;
      }
      if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
        if (recheck()) continue;
        throw new PreconditionFailedError(options.expectedVersion, version);
      }
      let events: readonly CaseEvent[];
      try {
        events = caseDecider.decide(command, state);
      } catch (error) {
        if (recheck()) continue;
        // The decider refuses some actors outright (a data protection officer opening a case).
        if (error instanceof DomainError && error.kind === 'forbidden') {
          await this.trail.record([
            auditEntry(context, {
              action,
              route,
              caseRef: caseId,
              categories: auditedCategories(category, options),
              legalBasis: [],
              decision: 'deny',
              outcome: 403,
            }),
          ]);
        }
        throw error;
      }
      const basis = state.status === 'none' ? undefined : accessFor(context, factsFromState(state)).basisFor(category);
      const routeBasis = basis ? formatLegalBasis(basis) : options.audit.legalBasis;
      const disclosed = options.audit.disclosure?.().basis;
      const entry = auditEntry(context, {
        action,
        route,
        caseRef: caseId,
        categories: auditedCategories(category, options),
        legalBasis: [...(routeBasis ? [routeBasis] : []), ...Object.values(disclosed ?? {})],
        decision: 'permit',
        outcome: 201,
        leadAgencyId: state.status === 'none' ? context.actor.agencyId : state.leadAgencyId,
        ...(disclosed && { categoryBasis: { ...(routeBasis ? { [category]: routeBasis } : {}), ...disclosed } }),
      });
      try {
        // The events and the audit entry of the write commit together, or neither does.
        const result = await this.persistence.appendAudited(
          streamId,
          events.map((e) => toNewEvent(e, context)),
          version,
          [entry],
        );
        this.keepAppended(streamId, state, result.sealed, result.nextExpectedVersion);
        return { version: result.nextExpectedVersion, events, lastPosition: result.lastPosition };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (recheck()) continue;
        if (options.expectedVersion !== undefined)
          throw new PreconditionFailedError(options.expectedVersion, error.actualVersion ?? version + 1);
        if (attempt >= MAX_ATTEMPTS) throw error;
        attempt += 1;
      }
    }
  }

  /**
   * Tells the snapshots the state after this process's append: `state` with the events as they were
   * stored, through JSON as the log returns them (no objects shared with the command, no values JSON
   * would not keep). Never fails the committed command: without it the kept state is only older, and an
   * append decided on it is refused and decided again on the log.
   */
  private keepAppended(streamId: string, state: Case, sealed: readonly NewEvent[], version: number): void {
    try {
      const stored = sealed.map((e) => ({ type: e.type, data: JSON.parse(JSON.stringify(e.data)) as object }));
      this.snapshots.appended?.(streamId, foldStored(stored, state), version);
    } catch {
      // The kept state stays as it was (see above).
    }
  }
}

/** `state` with events folded on as the log stores them (personal fields sealed), as a load would fold them. */
const foldStored = (events: readonly Pick<NewEvent, 'type' | 'data'>[], state: Case): Case =>
  foldEvents(
    caseDecider,
    events.map((e) => ({ type: e.type, data: e.data }) as CaseEvent),
    state,
  );

/** The route's category, then those a disclosure passes on. */
const auditedCategories = (category: DataCategory, options: HandleOptions): DataCategory[] => [
  ...new Set([category, ...(options.audit.disclosure?.().categories ?? [])]),
];

const toNewEvent = (event: CaseEvent, context: RequestContext): NewEvent => ({
  eventId: randomUUID(),
  type: event.type,
  schemaVersion: CASE_EVENT_SCHEMA_VERSIONS[event.type],
  data: event.data,
  metadata: {
    occurredAt: context.now.toISOString(),
    actor: { userId: context.actor.userId, agencyId: context.actor.agencyId, role: context.actor.role },
    purpose: context.purpose,
    correlationId: context.requestId,
    causationId: null,
  },
});
