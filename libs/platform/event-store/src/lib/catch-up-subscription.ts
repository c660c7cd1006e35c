import { pause } from './pause';
import { type CheckpointStore, type EventStore, type GlobalPosition, type RecordedEvent } from './event-store';

export interface CatchUpSubscriptionOptions {
  readonly subscriptionId: string;
  /** Handles one page of events; the checkpoint after the page is saved once it resolves. */
  readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Where the checkpoint lives; the store's own table by default. */
  readonly checkpoints?: CheckpointStore;
  readonly batchSize?: number;
  /** How long to wait for an append signal before looking again (another process may have written). */
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
  /**
   * Under load, fewer and larger pages: when a page held `fromEvents` or more that came at `fromPerSecond`
   * or more (its events over the time since the read before it began), the next page is read no sooner than
   * `ms` after this one was. A handler's cost is mostly per page (its transaction and statements), so at a steady stream of
   * appends this trades up to `ms` of delay for fewer pages; an append after a quiet spell, or a stream
   * slower than `fromPerSecond`, is read at once.
   */
  readonly coalesce?: { readonly ms: number; readonly fromEvents: number; readonly fromPerSecond: number };
}

/**
 * Reads the global log from a durable checkpoint, page by page, and keeps following it. A page is
 * handled before its checkpoint is saved, so a crash repeats at most the last page: handlers must be
 * idempotent (at-least-once).
 */
export class CatchUpSubscription {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private position: GlobalPosition | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: CatchUpSubscriptionOptions,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** The last position handled, undefined before the first page. */
  get lastPosition(): GlobalPosition | undefined {
    return this.position;
  }

  private async loop(): Promise<void> {
    const checkpoints = this.options.checkpoints ?? this.store.checkpoints;
    const batchSize = this.options.batchSize ?? 500;
    // The wait for appends starts before the read, not after the page: an append announced while a page
    // is read (and missing from it) or handled then ends the wait at once, where a wait begun afterwards
    // would not hear it and the append would sit until the idle poll (`idleMs`). One wait at a time: it
    // carries over full pages until the loop is idle.
    let appended: Promise<void> | undefined;
    let previousReadAt = Number.NEGATIVE_INFINITY;
    while (!this.abort.signal.aborted) {
      try {
        appended ??= this.store.waitForAppends(this.options.idleMs ?? 250, this.abort.signal);
        this.position ??= (await checkpoints.load(this.options.subscriptionId)) ?? undefined;
        const readAt = performance.now();
        const page = await this.store.readAll({ ...(this.position ? { after: this.position } : {}), limit: batchSize });
        const last = page[page.length - 1];
        if (last) {
          await this.options.handle(page);
          await checkpoints.save(this.options.subscriptionId, last.position);
          this.position = last.position;
        }
        if (page.length < batchSize) {
          await appended;
          appended = undefined;
          // A size alone would keep holding pages back at any rate above fromEvents / ms (the held pages grow);
          // a rate alone would hold back two events read a millisecond apart.
          const coalesce = this.options.coalesce;
          if (
            coalesce &&
            page.length >= coalesce.fromEvents &&
            (page.length * 1000) / (readAt - previousReadAt) >= coalesce.fromPerSecond
          ) {
            await pause(readAt + coalesce.ms - performance.now(), this.abort.signal);
          }
        }
        previousReadAt = readAt;
      } catch (error) {
        this.options.onError?.(error);
        await this.store.waitForAppends(1000, this.abort.signal);
      }
    }
  }
}
