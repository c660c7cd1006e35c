import { type EntityManager, type FindOptionsWhere, In, type ObjectLiteral } from 'typeorm';

/** SQLite caps bound parameters per statement; 500 ids stay well below it. */
const CHUNK = 500;

/**
 * The rows of `entity` whose `column` is one of `ids`. On PostgreSQL one statement with the ids as one
 * array parameter (`= ANY($1)`): the chunks of 500 bound parameters that SQLite needs cost a rebuild
 * more than its writes (TypeORM builds a parameter per id and PostgreSQL parses and plans each list).
 */
export const findIn = async <T extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => T,
  column: keyof T & string,
  ids: readonly string[],
): Promise<T[]> => {
  if (ids.length === 0) return [];
  if (manager.connection.options.type === 'postgres') {
    return manager.createQueryBuilder(entity, 'row').where(`row.${column} = ANY(:ids)`, { ids }).getMany();
  }
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    rows.push(...(await manager.findBy(entity, { [column]: In(ids.slice(i, i + CHUNK)) } as FindOptionsWhere<T>)));
  return rows;
};
