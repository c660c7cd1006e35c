/**
 * Work items sent in batches with at most `maxInFlight` batches under way: an item that comes while
 * that many are under way waits, and every item that waited goes in the next batch (with items of
 * the same `kind` only; other kinds wait for a batch of their own). One item alone, at a quiet time,
 * goes at once in a batch of one. This is group commit in the client: under concurrent load one
 * statement carries many items, at low load nothing waits.
 */
export class BatchesInFlight<Item extends { readonly kind: string }, Result> {
  #waiting: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  #inFlight = 0;

  constructor(
    /** Sends one batch; settles each item on its own (a failure of the whole batch rejects every item). */
    private readonly send: (items: readonly Item[]) => Promise<readonly PromiseSettledResult<Result>[]>,
    private readonly maxInFlight: number,
  ) {
    if (!(maxInFlight >= 1)) throw new Error('at least one batch must be allowed in flight');
  }

  /** Resolves with the item's own result, or rejects with its own error. */
  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    while (this.#inFlight < this.maxInFlight && this.#waiting.length > 0) {
      const kind = this.#waiting[0]!.item.kind;
      const batch = this.#waiting.filter((w) => w.item.kind === kind);
      this.#waiting = this.#waiting.filter((w) => w.item.kind !== kind);
      this.#inFlight += 1;
      this.send(batch.map((w) => w.item))
        .then(
          (results) =>
            batch.forEach((w, i) => {
              const result = results[i];
              if (result?.status === 'fulfilled') w.resolve(result.value);
              else w.reject(result ? result.reason : new Error('the batch gave no result for an item'));
            }),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.#inFlight -= 1;
          this.#next();
        });
    }
  }
}
