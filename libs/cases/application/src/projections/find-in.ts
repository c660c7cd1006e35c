import { type EntityManager, type FindOptionsWhere, In, type ObjectLiteral } from 'typeorm';

/** SQLite caps bound parameters per statement; 500 ids stay well below it. */
const CHUNK = 500;

/** The rows of `entity` whose `column` is one of `ids`, in chunks the database accepts. */
export const findIn = async <T extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => T,
  column: keyof T & string,
  ids: readonly string[],
): Promise<T[]> => {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    rows.push(...(await manager.findBy(entity, { [column]: In(ids.slice(i, i + CHUNK)) } as FindOptionsWhere<T>)));
  return rows;
};
