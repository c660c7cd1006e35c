import { type EventMetadata } from '@fallverbund/kernel';

/**
 * A position in the global log. `commit` orders by commit (a transaction id in PostgreSQL, the row
 * sequence in SQLite), `prepare` orders within one commit. KurrentDB's $all position has the same
 * two parts, so the port does not depend on how one store counts.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}
export const START: GlobalPosition = Object.freeze({ commit: 0n, prepare: 0n });

export const comparePositions = (a: GlobalPosition, b: GlobalPosition): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;
export const formatPosition = (p: GlobalPosition): string => `${p.commit}/${p.prepare}`;
export const parsePosition = (text: string): GlobalPosition => {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`not a global position: ${text}`);
  return { commit: BigInt(match[1] as string), prepare: BigInt(match[2] as string) };
};

/**
 * The version a writer expects a stream to have: the number of events in it (0: no stream yet), or
 * 'any' to append without a check.
 */
export type ExpectedVersion = number | 'any';

export interface NewEvent<TData extends object = object> {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<TData extends object = object> extends NewEvent<TData> {
  readonly streamId: string;
  /** 1 for the first event of a stream. */
  readonly version: number;
  readonly position: GlobalPosition;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: number;
  readonly lastPosition: GlobalPosition;
}

export interface ReadAllOptions {
  /** Read events after this position (exclusive); from the start when absent. */
  readonly after?: GlobalPosition;
  readonly limit: number;
}

export interface CheckpointStore {
  load(subscriptionId: string): Promise<GlobalPosition | null>;
  save(subscriptionId: string, position: GlobalPosition): Promise<void>;
}

/**
 * The event store port. Implementations guarantee: appends of several events are atomic; the
 * expected version is enforced (a `WrongExpectedVersionError` otherwise); `readAll` returns events in
 * one order that never changes, and never returns an event after one that comes later in that order,
 * so a reader that continues from its last position misses nothing.
 */
export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult>;
  /** The stream's events from `fromVersion` (default 1) in version order; [] for a stream that does not exist. */
  readStream(streamId: string, fromVersion?: number): Promise<RecordedEvent[]>;
  /** The stream's current version, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Resolves when events may have been appended since the call, or after `timeoutMs`. */
  waitForAppends(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  readonly checkpoints: CheckpointStore;
  close(): Promise<void>;
}

/** Turns an event stored under an old schema version into the current one; applied on every read. */
export type Upcaster = (event: RecordedEvent) => RecordedEvent;

export const composeUpcasters =
  (upcasters: Readonly<Record<string, Upcaster>>): Upcaster =>
  (event) => {
    const upcast = upcasters[event.type];
    return upcast ? upcast(event) : event;
  };
