/** A FIFO lock for async work in one process: a KeyedMutex of one key. */
export class AsyncMutex {
  readonly #lock = new KeyedMutex();

  run<T>(work: () => Promise<T> | T): Promise<T> {
    return this.#lock.run('', work);
  }
}

const writeLocks = new Map<string, AsyncMutex>();

/**
 * SQLite allows one writer per file. Everything in this process that writes to the embedded database
 * (the event store, the read models through TypeORM) takes this lock, so that no connection waits
 * synchronously on another connection of the same thread.
 */
export const sqliteWriteLock = (file: string): AsyncMutex => {
  let lock = writeLocks.get(file);
  if (!lock) {
    lock = new AsyncMutex();
    writeLocks.set(file, lock);
  }
  return lock;
};

/**
 * A FIFO lock per key, for async work in one process: work under one key runs one at a time, under
 * different keys at once. A key's lock is forgotten once nobody holds or waits for it.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    const previous = this.#tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.#tails.set(key, mine);
    if (previous) await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === mine) this.#tails.delete(key);
    }
  }

  /** How many keys are held or waited for (for tests: none once all work has ended). */
  get size(): number {
    return this.#tails.size;
  }
}
