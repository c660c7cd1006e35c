import { Logger } from '@nestjs/common';
import { type Case, initialCaseState } from '@fallverbund/cases-domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type Persistence } from '../persistence/persistence';

/**
 * The format of the state stored in `case_snapshots`. BUMP IT whenever the shape of `Case` changes,
 * or the way the evolve functions build it (a field added, removed, renamed or computed differently,
 * in case.evolve.ts or in any evolve function it calls). A snapshot of another format is ignored (the
 * stream is replayed in full) and replaced; a forgotten bump gives commands a state without the new
 * fields on every case that has a snapshot.
 */
// 2 (issue 12): `firstContactAt` on the case, `plannedAppointmentAt` on each referral.
// 3 (issue 17): `restriction` and `accuracyDispute` on the case (§ 84 SGB X).
// 5: no § 8a justification in the state (sealed in the log; no rule reads it).
export const STATE_FORMAT = 5;

/** A snapshot is taken when a load folded more than this many events past the last one. */
export const DEFAULT_SNAPSHOT_EVERY = 100;

/**
 * The folded state of a case stream at a version, to load long cases without replaying them. Not a
 * read model: a rebuild of the read models leaves it alone, and emptying it is harmless (the next
 * loads replay in full and take new snapshots). The state is what the decisions see: never the
 * personal fields, which stay sealed in the log. Timestamps are ISO strings, as in the read models.
 */
@Entity({ name: 'case_snapshots' })
export class CaseSnapshot {
  @PrimaryColumn({ name: 'stream_id', type: 'varchar', length: 100 })
  streamId!: string;

  /** The stream version the state reflects: the tail is read from `version + 1`. */
  @Column({ type: 'integer' })
  version!: number;

  /** `STATE_FORMAT` when it was taken. */
  @Column({ name: 'state_format', type: 'integer' })
  stateFormat!: number;

  /** `Case` as JSON. */
  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'taken_at', type: 'varchar', length: 30 })
  takenAt!: string;
}

export const SNAPSHOT_ENTITIES = [CaseSnapshot];

/** The state to fold a stream's tail onto, and the version it reflects (0: nothing, fold from the start). */
export interface CaseSnapshotState {
  readonly state: Case;
  readonly version: number;
}

/** What `CaseRepository.load` asks of snapshots. */
export interface CaseSnapshotStore {
  /** The latest usable snapshot of the stream, or the initial state at version 0. */
  latest(streamId: string): Promise<CaseSnapshotState>;
  /** Told after each load: `folded` events were folded onto the snapshot to reach `version`. */
  loaded(streamId: string, state: Case, version: number, folded: number): void;
  /**
   * A state kept in this process that may be behind the log (another process may have appended since):
   * a command may decide on it only because its append names the version, which fails if it is behind.
   */
  kept?(streamId: string): CaseSnapshotState | undefined;
  /** Told after this process appended: `state` is the stream at `version`, its own events folded on. */
  appended?(streamId: string, state: Case, version: number): void;
}

/** Full replay on every load. */
export const NO_SNAPSHOTS: CaseSnapshotStore = {
  latest: () => Promise.resolve({ state: initialCaseState(), version: 0 }),
  loaded: () => undefined,
};

export interface CaseSnapshotOptions {
  /** A load that folded more than this many events past the last snapshot takes a new one; 0: no snapshots. */
  readonly every: number;
  /** A failed read or write never fails the load; it is reported here (default: a warning in the log). */
  readonly onError?: (error: unknown, streamId: string) => void;
}

/**
 * SNAPSHOT_EVERY (default 100): how many events a load may fold past the last snapshot before it
 * takes a new one; 0 turns snapshots off (every load replays the whole stream).
 */
export const snapshotEveryFromEnv = (env: NodeJS.ProcessEnv = process.env): number => {
  const raw = env['SNAPSHOT_EVERY'];
  if (raw === undefined || raw === '') return DEFAULT_SNAPSHOT_EVERY;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`SNAPSHOT_EVERY must be a whole number ≥ 0, not "${raw}"`);
  return value;
};

/**
 * Snapshots of case state in `case_snapshots`, on PostgreSQL or SQLite. Reads are one primary-key
 * lookup; writes are best effort and in the background, outside any command's transaction, one at a
 * time per stream, and never replace a newer snapshot of the same format with an older one.
 */
export class CaseSnapshots implements CaseSnapshotStore {
  private readonly writing = new Map<string, Promise<void>>();
  private readonly logger = new Logger('CaseSnapshots');
  private sql?: { readonly select: string; readonly upsert: string };

  constructor(
    private readonly persistence: Pick<Persistence, 'kind' | 'dataSource' | 'readModelLock'>,
    private readonly options: CaseSnapshotOptions = { every: DEFAULT_SNAPSHOT_EVERY },
  ) {}

  async latest(streamId: string): Promise<CaseSnapshotState> {
    const none = { state: initialCaseState(), version: 0 };
    if (this.options.every <= 0) return none;
    try {
      const rows = await this.persistence.dataSource.query<{ version: number; format: number; state: string }[]>(
        this.statements().select,
        [streamId],
      );
      const row = rows[0];
      // Another format: replay in full; the load then replaces it.
      if (!row || Number(row.format) !== STATE_FORMAT) return none;
      return { state: JSON.parse(row.state) as Case, version: Number(row.version) };
    } catch (error) {
      this.report(error, streamId);
      return none;
    }
  }

  loaded(streamId: string, state: Case, version: number, folded: number): void {
    if (this.options.every <= 0 || folded <= this.options.every || state.status === 'none') return;
    if (this.writing.has(streamId)) return;
    const write = this.save(streamId, state, version)
      .catch((error: unknown) => this.report(error, streamId))
      .finally(() => this.writing.delete(streamId));
    this.writing.set(streamId, write);
  }

  /** Writes a snapshot now (upsert); an older version of the same format never replaces a newer one. */
  async save(streamId: string, state: Case, version: number): Promise<void> {
    const write = async (): Promise<void> => {
      await this.persistence.dataSource.query(this.statements().upsert, [
        streamId,
        version,
        STATE_FORMAT,
        JSON.stringify(state),
        new Date().toISOString(),
      ]);
    };
    // SQLite has one writer: the write waits for appends instead of for the file lock.
    await (this.persistence.kind === 'sqlite' ? this.persistence.readModelLock.run(write) : write());
  }

  /** Resolves when the background writes started so far have finished (tests, benchmarks, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.writing.values()]);
  }

  private report(error: unknown, streamId: string): void {
    if (this.options.onError) this.options.onError(error, streamId);
    else this.logger.warn(`snapshot of ${streamId}: ${error instanceof Error ? error.message : String(error)}`);
  }

  private statements(): { readonly select: string; readonly upsert: string } {
    if (this.sql) return this.sql;
    const { dataSource, kind } = this.persistence;
    const metadata = dataSource.getMetadata(CaseSnapshot);
    const escape = (name: string): string => dataSource.driver.escape(name);
    const table = metadata.schema
      ? `${escape(metadata.schema)}.${escape(metadata.tableName)}`
      : escape(metadata.tableName);
    const p = (n: number): string => (kind === 'postgres' ? `$${n}` : '?');
    this.sql = {
      select: `SELECT version, state_format AS format, state FROM ${table} WHERE stream_id = ${p(1)}`,
      upsert: `
        INSERT INTO ${table} (stream_id, version, state_format, state, taken_at)
        VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})
        ON CONFLICT (stream_id) DO UPDATE SET
          version = excluded.version, state_format = excluded.state_format,
          state = excluded.state, taken_at = excluded.taken_at
        WHERE ${escape(metadata.tableName)}.version < excluded.version
           OR ${escape(metadata.tableName)}.state_format <> excluded.state_format`,
    };
    return this.sql;
  }
}

/** How many case states `RecentCaseStates` keeps by default. */
export const DEFAULT_RECENT_CASE_STATES = 2_000;

/**
 * The states this process last loaded or wrote, in front of the stored snapshots: a load of a case worked
 * on a moment ago reads no snapshot and folds only what was appended since, from the log, so nothing
 * another process appended is missed; a command may decide on the kept state without reading the log at
 * all (`kept`), because its append names the version and fails when another process wrote first — the
 * command then loads from the log and decides again (CaseRepository). A snapshot lookup and a fold of up
 * to SNAPSHOT_EVERY events per command cost more than the append itself (docs/benchmarks.md "http").
 * Kept states are folded from events as stored (personal fields sealed, as in the stored snapshots); the
 * least recently used leave first.
 */
export class RecentCaseStates implements CaseSnapshotStore {
  private readonly states = new Map<string, CaseSnapshotState>();

  constructor(
    private readonly stored: CaseSnapshotStore,
    private readonly max = DEFAULT_RECENT_CASE_STATES,
  ) {}

  latest(streamId: string): Promise<CaseSnapshotState> {
    const kept = this.states.get(streamId);
    if (!kept) return this.stored.latest(streamId);
    this.states.delete(streamId);
    this.states.set(streamId, kept);
    return Promise.resolve(kept);
  }

  loaded(streamId: string, state: Case, version: number, folded: number): void {
    this.stored.loaded(streamId, state, version, folded);
    this.keep(streamId, state, version);
  }

  kept(streamId: string): CaseSnapshotState | undefined {
    return this.states.get(streamId);
  }

  appended(streamId: string, state: Case, version: number): void {
    this.keep(streamId, state, version);
  }

  private keep(streamId: string, state: Case, version: number): void {
    if (this.max <= 0 || state.status === 'none') return;
    const kept = this.states.get(streamId);
    // Concurrent loads of one case may finish out of order: the newer state stays.
    if (kept && kept.version > version) return;
    this.states.delete(streamId);
    this.states.set(streamId, { state, version });
    if (this.states.size > this.max) this.states.delete(this.states.keys().next().value as string);
  }
}
