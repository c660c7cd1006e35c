/** A FIFO lock for async work in one process. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
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
