/** What a sequencer drives: a store that integrates queued entries into its tree. */
export interface Integrator {
  /** Integrates up to `maxBatch` queued entries; returns how many, 0 when none or another sequencer holds the head. */
  integrate(maxBatch?: number): Promise<number>;
}

export interface AuditSequencerOptions {
  /** Pause between polls when the queue was found empty, in ms. */
  readonly idleMs?: number;
  readonly maxBatch?: number;
  /** Pause after a failed integration, in ms. */
  readonly retryMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Integrates queued audit entries in the background: again at once while batches come back full,
 * otherwise after `idleMs`, or at once when `wake` is called. Several
 * processes may each run one; they take turns on the store's head lock.
 */
export class AuditSequencer {
  readonly #idleMs: number;
  readonly #maxBatch: number;
  readonly #retryMs: number;
  #running = false;
  #loop: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  #woken = false;

  constructor(
    private readonly store: Integrator,
    private readonly options: AuditSequencerOptions = {},
  ) {
    this.#idleMs = options.idleMs ?? 25;
    this.#maxBatch = options.maxBatch ?? 1_000;
    this.#retryMs = options.retryMs ?? 1_000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Cuts the current pause short. */
  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  /** Resolves once the batch under way, if any, has committed or rolled back. */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    this.#loop = undefined;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let pause = this.#idleMs;
      this.#woken = false;
      try {
        if ((await this.store.integrate(this.#maxBatch)) >= this.#maxBatch) continue;
      } catch (error) {
        this.options.onError?.(error);
        pause = this.#retryMs;
      }
      if (!this.#running) break;
      if (this.#woken && pause === this.#idleMs) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.#wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeUp = undefined;
    }
  }
}
