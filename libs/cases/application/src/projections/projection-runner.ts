import {
  AsyncMutex,
  CatchUpSubscription,
  comparePositions,
  type EventStore,
  formatPosition,
  type GlobalPosition,
  parsePosition,
  type RecordedEvent,
  START,
} from '@fallverbund/event-store';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type DataSource, In } from 'typeorm';
import { type PersistenceConfig } from '../persistence/persistence.config';
import { bulkWrite } from './bulk-write';
import { findIn } from './find-in';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { rebuildProjections } from './projection-rebuild';
import { type Projection } from './projection';

export interface ProjectionRunnerOptions {
  readonly events: EventStore;
  readonly dataSource: DataSource;
  readonly projections: readonly Projection[];
  /** Held around each read-model transaction (the SQLite file's write lock; a free lock on PostgreSQL). */
  readonly writeLock?: AsyncMutex;
  readonly batchSize?: number;
  /**
   * How many transactions a rebuild writes at once, each with the events of its share of the
   * streams. Only for a database with concurrent writers (PostgreSQL); 1 takes the write lock.
   */
  readonly rebuildConcurrency?: number;
  readonly now?: () => Date;
  readonly onError?: (error: unknown) => void;
  /**
   * Pages under load (CatchUpSubscription's `coalesce`): while pages of `fromEvents` or more come at
   * `fromPerSecond` or more, a page is read no sooner than `ms` after the one before. `PAGE_COALESCING` by default; `false` reads every
   * page at once.
   */
  readonly coalesce?: { readonly ms: number; readonly fromEvents: number; readonly fromPerSecond: number } | false;
  /** Told whenever projections have applied further (the worker thread tells its parent this way). */
  readonly onPositions?: (positions: ReadonlyMap<string, GlobalPosition>) => void;
  /**
   * Apply the projections in a worker thread of their own, on its own connections to this database
   * (PostgreSQL only), instead of on the event loop that answers requests. Under load the requests
   * kept the loop busy, and every statement of a page waited its turn behind them: pages of a few
   * events took ~50 ms. The runner here then only follows the worker's positions, for `waitFor`.
   */
  readonly worker?: { readonly config: PersistenceConfig & { readonly kind: 'postgres' } };
}

/** Messages of the projection worker (projection-worker.ts) to its parent. */
export type ProjectionWorkerMessage =
  | { readonly type: 'positions'; readonly positions: readonly (readonly [string, string])[] }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'stopped' };

const WORKER_STOP_TIMEOUT_MS = 10_000;

/**
 * A page's transaction costs ~14 statements whatever it holds. At 16 clients recording contacts (~1,100 a
 * second) a page held ~9 events (~120 pages a second) and the worker spent 60 % of its time on them; with a
 * page at most every 50 ms while pages of 8 events or more come at 500 a second or more, the API answered ~20 % more commands
 * (`npm run bench -- http`, docs/benchmarks.md). One user's command, or a stream of a few hundred a second,
 * still lands in a page at once.
 */
export const PAGE_COALESCING = { ms: 50, fromEvents: 8, fromPerSecond: 500 } as const;
const WORKER_RESTART_MS = 1_000;

/**
 * Runs every projection in one catch-up subscription: each page of the log is read once and applied
 * to all projections in one transaction, together with each projection's checkpoint. A projection
 * that is behind (new, or rebuilt alone) gets only the events after its own checkpoint. On PostgreSQL
 * the page's transaction locks every checkpoint row of the runner (in name order) and re-reads them,
 * so several app instances can run the same projections without applying a page twice.
 */
export class ProjectionRunner {
  private readonly subscription: CatchUpSubscription;
  private readonly lock: AsyncMutex;
  private readonly positions = new Map<string, GlobalPosition>();
  private readonly waiters = new Set<() => void>();
  /** Sorted, so that two instances lock the checkpoint rows in the same order. */
  private readonly names: readonly string[];

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.lock = options.writeLock ?? new AsyncMutex();
    this.names = [...new Set(options.projections.map((p) => p.name))].sort();
    this.subscription = new CatchUpSubscription(options.events, {
      subscriptionId: `projections:${this.names.join(',')}`,
      batchSize: options.batchSize ?? 1000,
      checkpoints: {
        load: () => this.loadCheckpoints(),
        // The checkpoints are written inside applyPage's transaction.
        save: () => Promise.resolve(),
      },
      handle: (events) => this.applyPage(events),
      ...(options.coalesce === false ? {} : { coalesce: options.coalesce ?? PAGE_COALESCING }),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  private worker: Worker | undefined;
  private markStarted: (() => void) | undefined;
  private readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));
  private restart: NodeJS.Timeout | undefined;

  start(): void {
    if (this.options.worker) {
      this.startWorker(this.options.worker.config);
    } else {
      this.subscription.start();
      this.markStarted?.();
    }
  }

  /**
   * Resolves true once the runner knows where the projections stand (a worker has opened the
   * database and read the checkpoints), false after `timeoutMs`: until then `waitFor` cannot tell
   * an applied position from one that is not.
   */
  async whenStarted(timeoutMs = 30_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.started.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
    await this.stopWorker();
    for (const wake of this.waiters) wake();
  }

  private startWorker(config: PersistenceConfig): void {
    if (this.worker) return;
    // Under ts-node-like loaders (npm start, jest) the worker needs the same TypeScript hook as this thread.
    const typescript = __filename.endsWith('.ts');
    const execArgv = typescript && !process.execArgv.includes('@swc-node/register') ? ['-r', '@swc-node/register'] : [];
    const worker = new Worker(join(__dirname, `projection-worker${typescript ? '.ts' : '.js'}`), {
      workerData: { config },
      // V8's tracing flags (e.g. --trace-gc) are the process's, not a thread's: a worker refuses them, and
      // they trace its isolate anyway.
      execArgv: [...process.execArgv.filter((arg) => !arg.startsWith('--trace-')), ...execArgv],
    });
    worker.on('message', (message: ProjectionWorkerMessage) => {
      if (message.type === 'positions') {
        this.markStarted?.();
        for (const [name, text] of message.positions) {
          const position = parsePosition(text);
          const at = this.positions.get(name);
          if (at === undefined || comparePositions(at, position) < 0) this.positions.set(name, position);
        }
        this.wakeWaiters();
      } else if (message.type === 'error') {
        this.options.onError?.(new Error(`projection worker: ${message.message}`));
      }
    });
    worker.on('error', (error) => this.options.onError?.(error));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      // Not asked to stop (the database was away at its start, or it crashed): start another.
      this.worker = undefined;
      this.options.onError?.(new Error(`projection worker exited with code ${code}; starting another in 1 s`));
      this.restart = setTimeout(() => {
        this.restart = undefined;
        this.startWorker(config);
      }, WORKER_RESTART_MS);
    });
    this.worker = worker;
  }

  private async stopWorker(): Promise<void> {
    clearTimeout(this.restart);
    this.restart = undefined;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' });
    const timer = setTimeout(() => void worker.terminate(), WORKER_STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Resolves once every projection (or each one named in `only`) has applied the event at `position`,
   * or after `timeoutMs`.
   */
  async waitFor(position: GlobalPosition, timeoutMs = 5000, only?: readonly string[]): Promise<boolean> {
    const reached = (): boolean =>
      this.options.projections.every((p) => {
        if (only && !only.includes(p.name)) return true;
        const at = this.positions.get(p.name);
        return at !== undefined && comparePositions(at, position) >= 0;
      });
    const deadline = Date.now() + timeoutMs;
    while (!reached()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 100));
        this.waiters.add(wake);
      });
    }
    return true;
  }

  /** The names of the runner's projections, sorted. */
  get projectionNames(): readonly string[] {
    return this.names;
  }

  /** Where each projection stands as far as this process knows (absent: not known yet); for health and metrics. */
  positionsNow(): ReadonlyMap<string, GlobalPosition> {
    return new Map(this.positions);
  }

  /**
   * Empties the projections' tables and checkpoints and replays the whole log into them in one pass
   * (projection-rebuild.ts). Run with the subscription stopped.
   */
  async rebuild(): Promise<{ events: number }> {
    for (const projection of this.options.projections) this.positions.delete(projection.name);
    const { events, position } = await rebuildProjections({
      events: this.options.events,
      dataSource: this.options.dataSource,
      projections: this.options.projections,
      lock: this.lock,
      batchSize: this.options.batchSize ?? 1000,
      concurrency: this.options.rebuildConcurrency ?? 1,
      now: () => this.options.now?.() ?? new Date(),
    });
    if (position) for (const projection of this.options.projections) this.positions.set(projection.name, position);
    return { events };
  }

  /** The runner starts after the checkpoint of the projection furthest behind (the start if one has none). */
  private async loadCheckpoints(): Promise<GlobalPosition | null> {
    const rows = await this.options.dataSource
      .getRepository(ProjectionCheckpoint)
      .findBy({ name: In([...this.names]) });
    let from: GlobalPosition | null = null;
    for (const row of rows) {
      const position = parsePosition(row.position);
      this.positions.set(row.name, position);
      if (from === null || comparePositions(position, from) < 0) from = position;
    }
    this.tellPositions();
    if (rows.length < this.names.length) return null;
    this.wakeWaiters();
    return from;
  }

  private async applyPage(page: readonly RecordedEvent[]): Promise<void> {
    const last = page[page.length - 1];
    if (!last) return;
    const { dataSource } = this.options;
    const postgres = dataSource.options.type === 'postgres';
    await this.lock.run(() =>
      dataSource.transaction(async (manager) => {
        if (postgres) {
          // Read models are derived: a crash may lose the newest page commits, never half a page, and
          // the projections re-apply from the checkpoints that survived. No need to wait for the WAL flush.
          await manager.query('SET LOCAL synchronous_commit = off');
          const missing = this.names.filter((name) => !this.positions.has(name));
          if (missing.length > 0) {
            // A row to lock for a projection that has none yet; START means nothing applied.
            await manager
              .createQueryBuilder()
              .insert()
              .into(ProjectionCheckpoint)
              .values(missing.map((name) => ({ name, position: formatPosition(START), updatedAt: this.nowText() })))
              .orIgnore()
              .execute();
          }
        }
        const applied = new Map(
          (await findIn(manager, ProjectionCheckpoint, 'name', this.names, { forUpdate: true })).map((row) => [
            row.name,
            parsePosition(row.position),
          ]),
        );
        const moved: ProjectionCheckpoint[] = [];
        for (const projection of this.options.projections) {
          const from = applied.get(projection.name);
          // Another instance may have applied part of this page already, or the projection is ahead.
          const fresh = from ? page.filter((e) => comparePositions(e.position, from) > 0) : page;
          if (fresh.length === 0) continue;
          await projection.apply(fresh, manager);
          moved.push({ name: projection.name, position: formatPosition(last.position), updatedAt: this.nowText() });
        }
        await bulkWrite(manager, ProjectionCheckpoint, moved, 'update');
      }),
    );
    for (const name of this.names) {
      const at = this.positions.get(name);
      if (at === undefined || comparePositions(at, last.position) < 0) this.positions.set(name, last.position);
    }
    this.tellPositions();
    this.wakeWaiters();
  }

  private tellPositions(): void {
    this.options.onPositions?.(this.positions);
  }

  private nowText(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
