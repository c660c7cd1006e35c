import { type EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral } from 'typeorm';

/**
 * Writes many rows in one statement with one parameter: the rows as a JSON array, unpacked by the
 * database (json_populate_recordset on PostgreSQL, json_each on SQLite). TypeORM's insert builder binds
 * every value as its own parameter, which made a rebuild spend most of its time building SQL.
 * `onConflict: 'ignore'` keeps the first row (idempotent inserts); `'update'` overwrites all but the key.
 */
export const bulkWrite = async <T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
  onConflict: 'ignore' | 'update',
): Promise<void> => {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns;
  const names = columns.map((c) => `"${c.databaseName}"`);
  const keys = metadata.primaryColumns.map((c) => `"${c.databaseName}"`);
  const target = metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  const conflict =
    onConflict === 'ignore'
      ? `ON CONFLICT (${keys.join(', ')}) DO NOTHING`
      : `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${names
          .filter((n) => !keys.includes(n))
          .map((n) => `${n} = excluded.${n}`)
          .join(', ')}`;
  if (manager.connection.options.type === 'postgres') {
    // The rows as one JSON text, unpacked into the table's row type. JSON.stringify is native and about
    // ten times cheaper than pg's array literals (a regex pass over every element), and a `json` (not
    // `jsonb`) value keeps the text of a nested object verbatim: a simple-json column gets exactly the
    // JSON.stringify TypeORM would write.
    await manager.query(
      `INSERT INTO ${target} (${names.join(', ')}) SELECT ${names.join(', ')} FROM json_populate_recordset(NULL::${target}, $1::json) ${conflict}`,
      [JSON.stringify(rows.map((row) => jsonRecord(columns, row)))],
    );
  } else {
    const records = rows.map((row) => textRecord(columns, row));
    const values = columns.map((c) => `json_extract(value, '$.${c.databaseName}')`);
    // "WHERE true" resolves SQLite's parsing ambiguity between a join's ON and the upsert's ON CONFLICT.
    await manager.query(
      `INSERT INTO ${target} (${names.join(', ')}) SELECT ${values.join(', ')} FROM json_each(?) WHERE true ${conflict}`,
      [JSON.stringify(records)],
    );
  }
};

type Columns = EntityMetadata['columns'];

/**
 * A row keyed by column name for json_populate_recordset. An object or array in a simple-json column
 * goes in as JSON and is stored as its text; a scalar there (a bare string, number or boolean) is
 * stringified first, or the database would store the string without its quotes.
 */
const jsonRecord = (columns: Columns, row: ObjectLiteral): Record<string, unknown> => {
  const record: Record<string, unknown> = {};
  for (const c of columns) {
    const value: unknown = row[c.propertyName];
    record[c.databaseName] =
      value == null ? null : c.type === 'simple-json' && typeof value !== 'object' ? JSON.stringify(value) : value;
  }
  return record;
};

/** A row keyed by column name, simple-json columns as their text (SQLite's json_extract reads them). */
const textRecord = (columns: Columns, row: ObjectLiteral): Record<string, unknown> => {
  const record: Record<string, unknown> = {};
  for (const c of columns) {
    const value: unknown = row[c.propertyName];
    record[c.databaseName] = c.type === 'simple-json' && value != null ? JSON.stringify(value) : (value ?? null);
  }
  return record;
};
