import { type EventStore, formatPosition, type GlobalPosition, START } from '@fallverbund/event-store';

/** Where each reader of the log (a projection, the relay) stands; absent: not known yet. */
export interface LogReaders {
  readonly names: readonly string[];
  positions(): ReadonlyMap<string, GlobalPosition>;
}

/**
 * How far a reader of the log is behind, in ms: the age of the oldest event it has not applied (the
 * first after its position), 0 when there is none. A reader whose position is not known yet counts
 * from the start of the log. One read of one event per distinct position: the projections of one
 * runner move together, so that is one or two reads.
 */
export async function logLagMs(
  events: EventStore,
  readers: LogReaders,
  now: Date = new Date(),
): Promise<Map<string, number>> {
  const positions = readers.positions();
  const byPosition = new Map<string, Promise<number>>();
  const lagAfter = (position: GlobalPosition): Promise<number> => {
    const key = formatPosition(position);
    let lag = byPosition.get(key);
    if (!lag) {
      lag = events.readAll({ after: position, limit: 1 }).then(([next]) => {
        if (!next) return 0;
        const occurred = Date.parse(next.metadata.occurredAt);
        return Number.isNaN(occurred) ? 0 : Math.max(0, now.getTime() - occurred);
      });
      byPosition.set(key, lag);
    }
    return lag;
  };
  const lags = new Map<string, number>();
  for (const name of readers.names) lags.set(name, await lagAfter(positions.get(name) ?? START));
  return lags;
}
