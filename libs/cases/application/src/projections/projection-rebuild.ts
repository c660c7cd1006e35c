import {
  type AsyncMutex,
  type EventStore,
  formatPosition,
  type GlobalPosition,
  type RecordedEvent,
} from '@fallverbund/event-store';
import { type DataSource, type EntityManager, type EntityMetadata, In, TableIndex } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { type Projection } from './projection';

/**
 * A rebuild writes several pages in one transaction: fewer commits and fewer, larger statements per
 * event. Memory holds two such groups (one written, the next read meanwhile), however long the log.
 */
const PAGES_PER_TRANSACTION = 5;

export interface RebuildOptions {
  readonly events: EventStore;
  readonly dataSource: DataSource;
  /** Rebuilt together in one pass over the log; one projection alone is rebuilt the same way. */
  readonly projections: readonly Projection[];
  /** Held around each read-model transaction (the SQLite file's write lock). */
  readonly lock: AsyncMutex;
  readonly batchSize: number;
  /**
   * How many transactions write a page at once, each with the events of its share of the streams.
   * Only for a database with concurrent writers (PostgreSQL); 1 takes the write lock.
   */
  readonly concurrency: number;
  readonly now: () => Date;
}

/**
 * Empties the projections' tables and checkpoints and replays the whole log into them in one pass:
 * each page is read once and applied to every projection. Run it with the subscriptions stopped. Returns how many events it replayed and the position
 * every projection's checkpoint now holds.
 */
export const rebuildProjections = async (
  options: RebuildOptions,
): Promise<{ events: number; position: GlobalPosition | undefined }> => {
  const { dataSource, projections, lock } = options;
  const postgres = dataSource.options.type === 'postgres';
  const tables = projections.flatMap((p) => p.tables).map((table) => dataSource.getMetadata(table));
  const names = projections.map((p) => p.name);
  // Secondary indexes are dropped for the replay and built once at the end: maintaining them row by
  // row costs more than building them from the finished tables. The tables stay logged: new rows go in
  // by COPY (a WAL record per page of rows, not per row), which cost less than filling them unlogged and
  // rewriting each into the WAL at the end (`SET LOGGED`), and standbys see them as they are written.
  const indices = tables.flatMap((t) => t.indices);
  let definitions: IndexDefinition[] = [];
  await lock.run(() =>
    dataSource.transaction(async (manager) => {
      for (const table of tables) await manager.clear(table.target);
      await manager.delete(ProjectionCheckpoint, { name: In(names) });
      definitions = await indexDefinitions(manager, postgres, indices);
      for (const index of indices) {
        await manager.query(`DROP INDEX IF EXISTS ${qualified(index.entityMetadata.schema, index.name ?? '')}`);
      }
    }),
  );
  let count = 0;
  let last: RecordedEvent | undefined;
  try {
    // Up to PAGES_PER_TRANSACTION pages in order; fewer at the end of the log.
    const readGroup = async (after: GlobalPosition | undefined): Promise<RecordedEvent[]> => {
      const group: RecordedEvent[] = [];
      let from = after;
      for (let i = 0; i < PAGES_PER_TRANSACTION; i++) {
        const page = await options.events.readAll({ ...(from ? { after: from } : {}), limit: options.batchSize });
        const end = page[page.length - 1];
        if (!end) break;
        group.push(...page);
        from = end.position;
      }
      return group;
    };
    let next = readGroup(undefined);
    for (;;) {
      const group = await next;
      const end = group[group.length - 1];
      if (!end) break;
      // Read the next pages while these are written (a failed write must not leave its rejection unhandled).
      next = readGroup(end.position);
      next.catch(() => undefined);
      await replayPage(options, postgres, group);
      count += group.length;
      last = end;
    }
  } finally {
    await lock.run(async () => {
      if (postgres) {
        // Each table gets its indexes back as they were, on a connection of its own: the tables do not
        // wait for each other, so the database's cores share the work. All of them finish before the
        // lock is released, also when one fails.
        const finished = await Promise.allSettled(
          tables.map(async (table) => {
            for (const definition of definitions.filter((d) => d.table === table.tableName)) {
              await dataSource.query(definition.sql);
            }
          }),
        );
        const failed = finished.find((f) => f.status === 'rejected');
        if (failed) throw failed.reason;
      } else {
        for (const definition of definitions) await dataSource.query(definition.sql);
      }
      // An index that was missing before the rebuild (e.g. after a rebuild killed before this point)
      // comes from its entity's metadata, the DDL the migrations gave it.
      if (definitions.length < indices.length) await createMissingIndices(dataSource, indices);
    });
  }
  if (last) {
    const position = formatPosition(last.position);
    const updatedAt = options.now().toISOString();
    // A commit that waits for the WAL flush: the pages' commits before it are durable with it.
    await lock.run(() =>
      dataSource.getRepository(ProjectionCheckpoint).upsert(
        names.map((name) => ({ name, position, updatedAt })),
        ['name'],
      ),
    );
  }
  return { events: count, position: last?.position };
};

/**
 * A rebuild runs offline and all or nothing, so pages carry no checkpoint and need not wait for the
 * WAL flush (the checkpoints' commit at the end does); with a concurrency above one, each stream's
 * events stay in one share, in order.
 */
const replayPage = async (options: RebuildOptions, postgres: boolean, page: readonly RecordedEvent[]) => {
  const { dataSource, projections } = options;
  const apply = (events: readonly RecordedEvent[]) => async (manager: EntityManager) => {
    if (postgres) await manager.query('SET LOCAL synchronous_commit = off');
    for (const projection of projections) await projection.apply(events, manager, { rebuilding: true });
  };
  if (options.concurrency <= 1) {
    await options.lock.run(() => dataSource.transaction(apply(page)));
    return;
  }
  const shares = Array.from({ length: options.concurrency }, () => [] as RecordedEvent[]);
  for (const event of page) shares[shareOf(event.streamId, options.concurrency)]?.push(event);
  await Promise.all(shares.filter((share) => share.length > 0).map((share) => dataSource.transaction(apply(share))));
};

interface IndexDefinition {
  readonly table: string;
  readonly sql: string;
}

/** The statements that create `indices` as they stand, read from the catalogue before they are dropped. */
const indexDefinitions = async (
  manager: EntityManager,
  postgres: boolean,
  indices: readonly EntityMetadata['indices'][number][],
): Promise<IndexDefinition[]> => {
  const named = indices.flatMap((index) =>
    index.name ? [{ schema: index.entityMetadata.schema, name: index.name }] : [],
  );
  if (named.length === 0) return [];
  if (postgres) {
    const rows = await manager.query<{ tablename: string; indexdef: string }[]>(
      `SELECT i.tablename, i.indexdef FROM pg_indexes i
        JOIN unnest($1::text[], $2::text[]) AS wanted(schema, name)
          ON i.schemaname = coalesce(wanted.schema, current_schema()) AND i.indexname = wanted.name`,
      [named.map((n) => n.schema ?? null), named.map((n) => n.name)],
    );
    return rows.map((r) => ({ table: r.tablename, sql: r.indexdef }));
  }
  const rows = await manager.query<{ tbl_name: string; sql: string | null }[]>(
    `SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${named.map(() => '?').join(', ')})`,
    named.map((n) => n.name),
  );
  return rows.flatMap((r) => (r.sql ? [{ table: r.tbl_name, sql: r.sql }] : []));
};

const createMissingIndices = async (
  dataSource: DataSource,
  indices: readonly EntityMetadata['indices'][number][],
): Promise<void> => {
  const runner = dataSource.createQueryRunner();
  try {
    for (const index of indices) {
      const table = await runner.getTable(index.entityMetadata.tablePath);
      if (table && !table.indices.some((existing) => existing.name === index.name)) {
        await runner.createIndex(table, TableIndex.create(index));
      }
    }
  } finally {
    await runner.release();
  }
};

const qualified = (schema: string | undefined, name: string): string =>
  schema ? `"${schema}"."${name}"` : `"${name}"`;

const shareOf = (streamId: string, shares: number): number => {
  let hash = 0;
  for (let i = 0; i < streamId.length; i++) hash = (hash * 31 + streamId.charCodeAt(i)) | 0;
  return Math.abs(hash) % shares;
};
