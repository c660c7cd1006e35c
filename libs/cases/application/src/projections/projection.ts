import { type RecordedEvent } from '@fallverbund/event-store';
import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/**
 * A read model filled from the global log. `apply` gets a page of events and writes their effect
 * through the transaction's manager; the runner commits it together with the checkpoint, so a page
 * is applied once or not at all.
 */
export interface Projection {
  readonly name: string;
  /** The tables this projection owns; emptied on rebuild. */
  readonly tables: readonly EntityTarget<ObjectLiteral>[];
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
  /**
   * Drops the sealed personal data of erased participants from the projection's tables. Erasure calls
   * it at once, without waiting for the projection to reach `ParticipantDataErased`.
   */
  purge?(participantIds: readonly string[], manager: EntityManager): Promise<void>;
}
