import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/**
 * Writes many rows in one statement with one parameter: the rows as a JSON array, unpacked by the
 * database (jsonb_to_recordset on PostgreSQL, json_each on SQLite). TypeORM's insert builder binds
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
  const records = rows.map((row) =>
    Object.fromEntries(
      columns.map((c) => {
        const value: unknown = row[c.propertyName as keyof T];
        return [c.databaseName, c.type === 'simple-json' && value != null ? JSON.stringify(value) : (value ?? null)];
      }),
    ),
  );
  const conflict =
    onConflict === 'ignore'
      ? `ON CONFLICT (${keys.join(', ')}) DO NOTHING`
      : `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${names
          .filter((n) => !keys.includes(n))
          .map((n) => `${n} = excluded.${n}`)
          .join(', ')}`;
  if (manager.connection.options.type === 'postgres') {
    // One typed array per column: cheaper for PostgreSQL to unpack than JSON.
    const arrays = columns.map((c) => records.map((r) => r[c.databaseName]));
    const casts = columns.map((c, i) => `$${i + 1}::${c.type === 'simple-json' ? 'text' : String(c.type)}[]`);
    await manager.query(
      `INSERT INTO ${target} (${names.join(', ')}) SELECT * FROM unnest(${casts.join(', ')}) ${conflict}`,
      arrays,
    );
  } else {
    const values = columns.map((c) => `json_extract(value, '$.${c.databaseName}')`);
    // "WHERE true" resolves SQLite's parsing ambiguity between a join's ON and the upsert's ON CONFLICT.
    await manager.query(
      `INSERT INTO ${target} (${names.join(', ')}) SELECT ${values.join(', ')} FROM json_each(?) WHERE true ${conflict}`,
      [JSON.stringify(records)],
    );
  }
};
