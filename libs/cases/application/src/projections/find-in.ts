import { type EntityManager, type EntityMetadata, type FindOptionsWhere, In, type ObjectLiteral } from 'typeorm';
import { tableOf } from './bulk-write';

/** SQLite caps bound parameters per statement; 500 ids stay well below it. */
const CHUNK = 500;

/** The SELECT of an entity's columns by one column's value, per entity and column. */
const selects = new WeakMap<EntityMetadata, Map<string, string>>();

const selectOf = (metadata: EntityMetadata, property: string, forUpdate: boolean): string => {
  let byColumn = selects.get(metadata);
  if (!byColumn) selects.set(metadata, (byColumn = new Map<string, string>()));
  const cached = byColumn.get(`${property} ${forUpdate}`);
  if (cached !== undefined) return cached;
  const key = metadata.findColumnWithPropertyPath(property);
  if (!key) throw new Error(`findIn: ${metadata.name} has no column ${property}`);
  const columns = metadata.columns.map((c) => `"${c.databaseName}"`).join(', ');
  const where = `SELECT ${columns} FROM ${tableOf(metadata)} WHERE "${key.databaseName}" = ANY($1)`;
  // Locked in key order, so that two transactions locking the same rows take them in the same order.
  const text = forUpdate ? `${where} ORDER BY "${key.databaseName}" FOR UPDATE` : where;
  byColumn.set(`${property} ${forUpdate}`, text);
  return text;
};

/**
 * The rows of `entity` whose `column` is one of `ids`. On PostgreSQL one statement with the ids as one
 * array parameter (`= ANY($1)`), its rows made into entities the way TypeORM's query builder makes them
 * (each column's value through the driver's hydration), without the builder: the projections run this for
 * every page, and the builder's SQL generation and result transformation were the largest part of what a
 * page allocated (docs/benchmarks.md "http", lag). The chunks of 500 bound parameters that SQLite needs
 * cost a rebuild more than its writes (TypeORM builds a parameter per id and PostgreSQL parses and plans
 * each list); SQLite keeps the repository's `findBy`. `forUpdate` locks the rows found, in key order, on
 * PostgreSQL (SQLite has one writer at a time).
 */
export const findIn = async <T extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => T,
  column: keyof T & string,
  ids: readonly string[],
  { forUpdate = false }: { readonly forUpdate?: boolean } = {},
): Promise<T[]> => {
  if (ids.length === 0) return [];
  if (manager.connection.options.type === 'postgres') {
    const metadata = manager.connection.getMetadata(entity);
    const { driver } = manager.connection;
    const rows = await manager.query<Record<string, unknown>[]>(selectOf(metadata, column, forUpdate), [ids]);
    return rows.map((row) => {
      const made = metadata.create(undefined, { fromDeserializer: true }) as T;
      for (const c of metadata.columns) {
        const value = row[c.databaseName];
        if (value !== undefined) c.setEntityValue(made, driver.prepareHydratedValue(value, c));
      }
      return made;
    });
  }
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    rows.push(...(await manager.findBy(entity, { [column]: In(ids.slice(i, i + CHUNK)) } as FindOptionsWhere<T>)));
  return rows;
};
