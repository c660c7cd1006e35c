import { type AgencyProfile, type CaseFacts, type PartnerSubscriber } from '@fallverbund/access-policy';
import {
  comparePositions,
  type EventStore,
  formatPosition,
  type GlobalPosition,
  type RecordedEvent,
  pause,
} from '@fallverbund/event-store';
import { type MessagePublisher, type OutgoingMessage } from '@fallverbund/messaging';
import { CaseFactsCache, caseIdOf } from './case-facts-cache';
import { coverKey, type CoverState, routeExpiries, routePage, type RoutedMessages } from './partner-routing';
import { type RelayStateStore } from './relay-state';

export interface IntegrationRelayOptions {
  /** The raw event store: personal fields stay sealed, nothing is opened. */
  readonly events: EventStore;
  readonly state: RelayStateStore;
  readonly publisher: MessagePublisher;
  readonly subscribers?: readonly PartnerSubscriber[];
  /** The agencies as the disclosure rules see them (AgencyProfiles.of): what a copy naming one reveals. */
  readonly agencies: (agencyId: string) => AgencyProfile;
  readonly now?: () => Date;
  /** Events per page; one page is one publish and one checkpoint (default 500). */
  readonly batchSize?: number;
  /** How long to wait for an append signal before looking at the log again (default 250 ms). */
  readonly idleMs?: number;
  /** How often covered streams are checked for consents that ran out (default 60 s). */
  readonly expiryCheckMs?: number;
  /** Back-off after a failed page: doubles from `initial` up to `max` (default 250 ms to 5 s). */
  readonly retryMs?: { readonly initial: number; readonly max: number };
  /** Cases whose facts are kept in memory (default 10,000). */
  readonly factsCapacity?: number;
  /**
   * Put before every topic name (`<prefix>cases.case.v1`): several environments (or test runs) on one
   * Kafka cluster. Consumers subscribe to the prefixed names.
   */
  readonly topicPrefix?: string;
  readonly onError?: (error: unknown) => void;
  /** Called when this instance became the active relay, with the checkpoint it resumes from. */
  readonly onLeading?: (position: GlobalPosition | null) => void;
}

export interface RelayStats {
  /** This instance is the active relay of the database. */
  readonly leading: boolean;
  /** The last position whose messages were acknowledged and checkpointed. */
  readonly position: string | null;
  readonly pages: number;
  readonly events: number;
  /** Messages acknowledged by the broker (all topics). */
  readonly messages: number;
  readonly partnerMessages: number;
  readonly coverEnded: number;
  /** Pages that failed (broker unreachable, database error) and were tried again. */
  readonly failures: number;
  readonly lastError: string | null;
}

/**
 * The outbox relay. The event store's global log is the outbox: the relay follows it from its own
 * durable checkpoint, maps each page of domain events to integration events (case topic, evaluation
 * records, consent-filtered partner streams), publishes the page, and only after the broker
 * acknowledged every message stores the checkpoint and the partner cover states in one transaction.
 * A crash or a broker outage repeats at most the unacknowledged page: delivery is at-least-once,
 * and every message has an id derived from the domain event, so consumers de-duplicate. One relay
 * is active per database (see RelayStateStore.acquire).
 */
export class IntegrationRelay {
  private readonly abort = new AbortController();
  private readonly facts: CaseFactsCache;
  private readonly subscribers: readonly PartnerSubscriber[];
  private running: Promise<void> | undefined;
  private position: GlobalPosition | null = null;
  private nextExpiryCheck = 0;
  private consecutiveFailures = 0;
  private readonly waiters = new Set<() => void>();
  private readonly pendingCovers = new Map<string, CoverState>();
  private generation = 0;
  private counters = { pages: 0, events: 0, messages: 0, partnerMessages: 0, coverEnded: 0, failures: 0 };
  private lastError: string | null = null;

  constructor(private readonly options: IntegrationRelayOptions) {
    this.subscribers = options.subscribers ?? [];
    this.facts = new CaseFactsCache((streamId) => options.events.readStream(streamId), options.factsCapacity);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops after the page in flight (its publish is not interrupted) and gives up the lock. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    for (const wake of this.waiters) wake();
  }

  get stats(): RelayStats {
    return {
      leading: this.options.state.leading,
      position: this.position ? formatPosition(this.position) : null,
      ...this.counters,
      lastError: this.lastError,
    };
  }

  /** Events in the log that the relay has not delivered yet (its lag); a standby reads the stored checkpoint. */
  async lag(): Promise<number> {
    const position = this.options.state.leading ? this.position : await this.options.state.checkpoint();
    return this.options.state.eventsAfter(position);
  }

  /** Resolves true once everything up to `position` is acknowledged and checkpointed, false after `timeoutMs`. */
  async waitFor(position: GlobalPosition, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const reached = (): boolean => this.position !== null && comparePositions(this.position, position) >= 0;
    while (!reached()) {
      const left = deadline - Date.now();
      if (left <= 0 || this.abort.signal.aborted) return false;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 200));
        this.waiters.add(wake);
      });
    }
    return true;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async loop(): Promise<void> {
    const { events, state, publisher } = this.options;
    const signal = this.abort.signal;
    const batchSize = this.options.batchSize ?? 500;
    // The next page is read and routed while the current one is on its way to the broker.
    let next: Promise<Prepared> | undefined;
    const prepare = (after: GlobalPosition | null): Promise<Prepared> => {
      const prepared = (async () => {
        const page = await events.readAll({ ...(after ? { after } : {}), limit: batchSize });
        const routed = page.length > 0 ? await this.route(page) : undefined;
        return { page, routed };
      })();
      prepared.catch(() => undefined);
      return prepared;
    };
    // The wait for appends starts before a page is read (as in CatchUpSubscription): an append announced
    // while the page is read or sent then ends the idle wait at once instead of waiting for the idle poll.
    let appended: Promise<void> | undefined;
    while (!signal.aborted) {
      try {
        if (!state.leading) {
          next = undefined;
          this.forgetPending();
          this.facts.clear();
          if (!(await state.acquire(signal))) break;
          this.position = await state.checkpoint();
          this.nextExpiryCheck = 0;
          this.options.onLeading?.(this.position);
        }
        // Only between pages: cover-ended from the timer must not overtake a page routed before it.
        if (!next && this.subscribers.length > 0 && Date.now() >= this.nextExpiryCheck) {
          await this.expireCovers();
          this.nextExpiryCheck = Date.now() + (this.options.expiryCheckMs ?? 60_000);
        }
        appended ??= events.waitForAppends(this.options.idleMs ?? 250, signal);
        const { page, routed } = await (next ?? prepare(this.position));
        next = undefined;
        const last = page[page.length - 1];
        if (last && routed) {
          if (page.length === batchSize) next = prepare(last.position);
          await publisher.publish(this.prefixed(routed.messages));
          await state.commit(last.position, routed.covers);
          this.settle(routed.covers);
          this.delivered(page.length, routed, last.position);
        }
        this.consecutiveFailures = 0;
        if (page.length < batchSize) {
          await appended;
          appended = undefined;
        }
      } catch (error) {
        next = undefined;
        this.forgetPending();
        this.counters.failures += 1;
        this.consecutiveFailures += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        if (!state.leading) await state.release();
        const { initial, max } = this.options.retryMs ?? { initial: 250, max: 5000 };
        await pause(Math.min(max, initial * 2 ** Math.min(this.consecutiveFailures - 1, 16)), signal);
      }
    }
    await state.release();
  }

  /** After a failure: pages routed but not sent are dropped, and so is what they changed. */
  private forgetPending(): void {
    this.generation += 1;
    this.pendingCovers.clear();
  }

  /** Cover states routed but not stored yet: the next page is routed on top of them. */
  private settle(covers: readonly CoverState[]): void {
    for (const cover of covers) {
      const key = coverKey(cover.subscriberId, cover.caseId);
      if (this.pendingCovers.get(key) === cover) this.pendingCovers.delete(key);
    }
  }

  private prefixed(messages: readonly OutgoingMessage[]): readonly OutgoingMessage[] {
    const prefix = this.options.topicPrefix;
    return prefix ? messages.map((m) => ({ ...m, topic: `${prefix}${m.topic}` })) : messages;
  }

  private delivered(events: number, routed: RoutedMessages, position: GlobalPosition | null): void {
    if (events > 0) this.counters.pages += 1;
    this.counters.events += events;
    this.counters.messages += routed.messages.length;
    this.counters.partnerMessages += routed.counts.partner + routed.counts.coverEnded + routed.counts.notified;
    this.counters.coverEnded += routed.counts.coverEnded;
    if (position) this.position = position;
    for (const wake of [...this.waiters]) wake();
  }

  private async route(page: readonly RecordedEvent[]): Promise<RoutedMessages> {
    const now = this.now();
    const generation = this.generation;
    if (this.subscribers.length === 0) {
      return routePage({
        page,
        subscribers: [],
        factsOf: () => undefined,
        covers: new Map(),
        now,
        agencies: this.options.agencies,
      });
    }
    await this.facts.advance(page);
    const caseIds = [...new Set(page.map(caseIdOf).filter((id): id is string => id !== undefined))];
    const facts = await this.factsFor(caseIds);
    const covers = new Map<string, CoverState>();
    for (const cover of await this.options.state.covers(caseIds)) {
      const key = coverKey(cover.subscriberId, cover.caseId);
      covers.set(key, this.pendingCovers.get(key) ?? cover);
    }
    for (const [key, cover] of this.pendingCovers) if (!covers.has(key)) covers.set(key, cover);
    const routed = routePage({
      page,
      subscribers: this.subscribers,
      factsOf: (id) => facts.get(id),
      covers,
      now,
      agencies: this.options.agencies,
    });
    // A page routed before a failure is dropped; what it changed must not outlive it.
    if (generation === this.generation) {
      for (const cover of routed.covers) this.pendingCovers.set(coverKey(cover.subscriberId, cover.caseId), cover);
    }
    return routed;
  }

  private async factsFor(caseIds: readonly string[]): Promise<Map<string, CaseFacts | undefined>> {
    const facts = new Map<string, CaseFacts | undefined>();
    for (const caseId of caseIds) facts.set(caseId, this.facts.cached(caseId) ?? (await this.facts.factsOf(caseId)));
    return facts;
  }

  /** Covered streams whose consent may have run out, decided again now; cover-ended for those it did. */
  private async expireCovers(): Promise<void> {
    const now = this.now();
    for (;;) {
      const due = await this.options.state.dueCovers(
        now,
        this.subscribers.map((s) => s.id),
        500,
      );
      if (due.length === 0) return;
      const facts = await this.factsFor([...new Set(due.map((c) => c.caseId))]);
      const routed = routeExpiries({ due, subscribers: this.subscribers, factsOf: (id) => facts.get(id), now });
      await this.options.publisher.publish(this.prefixed(routed.messages));
      await this.options.state.commit(null, routed.covers);
      this.delivered(0, routed, null);
      if (due.length < 500) return;
    }
  }
}

interface Prepared {
  readonly page: RecordedEvent[];
  readonly routed: RoutedMessages | undefined;
}
