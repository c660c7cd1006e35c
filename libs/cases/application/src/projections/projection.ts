import { type RecordedEvent } from '@fallverbund/event-store';
import { type DataCategory } from '@fallverbund/kernel';
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
  apply(events: readonly RecordedEvent[], manager: EntityManager, replay?: Replay): Promise<void>;
  /**
   * Drops the sealed personal data of erased participants from the projection's tables. Erasure calls
   * it at once, without waiting for the projection to reach `ParticipantDataErased`.
   */
  purge?(participantIds: readonly string[], manager: EntityManager): Promise<void>;
  /**
   * Drops the sealed copies that hold only texts of these erased data categories (keys per data
   * category, issue 17), at once from `ErasureService.eraseCategories`, and again when `apply` reaches
   * `CategoryDataErased` (so a rebuild ends the same). Copies that mix categories stay sealed: the erased
   * parts no longer open and read as erased.
   */
  purgeCategories?(erasures: readonly CategoryErasure[], manager: EntityManager): Promise<void>;
}

/**
 * How a page is applied. `rebuilding`: the projection's tables were emptied when this rebuild began and
 * each stream's events come in order through one transaction at a time, so a row whose key the rebuild
 * has not written yet is not in the table — it can be inserted without looking for a conflict.
 */
export interface Replay {
  readonly rebuilding: boolean;
}

/** A participant's data categories whose keys were erased. */
export interface CategoryErasure {
  readonly participantId: string;
  readonly categories: readonly DataCategory[];
}

/** The category erasures recorded in a page (`CategoryDataErased`). */
export const categoryErasuresIn = (page: readonly RecordedEvent[]): CategoryErasure[] =>
  page
    .flatMap((e) =>
      e.type === 'CategoryDataErased' && e.streamId.startsWith('case-')
        ? [e.data as { participantId: string; categories: DataCategory[] }]
        : [],
    )
    .map(({ participantId, categories }) => ({ participantId, categories }));
