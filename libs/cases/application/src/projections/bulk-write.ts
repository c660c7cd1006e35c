import { pipeline } from 'node:stream/promises';
import { type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral } from 'typeorm';

/**
 * Writes many rows in one statement with one parameter: the rows as a JSON array, unpacked by the
 * database (json_populate_recordset on PostgreSQL, json_each on SQLite). TypeORM's insert builder binds
 * every value as its own parameter, which made a rebuild spend most of its time building SQL.
 * `onConflict: 'ignore'` keeps the first row (idempotent inserts); `'update'` overwrites all but the key;
 * `'fail'` lets a stored key fail the statement.
 */
export const bulkWrite = async <T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
  onConflict: 'ignore' | 'update' | 'fail',
): Promise<void> => {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns;
  const names = columns.map((c) => `"${c.databaseName}"`);
  const keys = metadata.primaryColumns.map((c) => `"${c.databaseName}"`);
  const target = tableOf(metadata);
  const conflict =
    onConflict === 'fail'
      ? ''
      : onConflict === 'ignore'
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

export const tableOf = (metadata: EntityMetadata): string =>
  metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;

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

/**
 * Inserts rows the caller knows are not stored yet (a rebuild writing a key for the first time), with no
 * conflict clause. On PostgreSQL through COPY, which parses text rows without the JSON layer and without
 * looking for a conflicting key: about a quarter of `bulkWrite`'s server time per row. A key that is stored
 * after all fails the statement (a unique violation), so a row is never silently doubled or dropped.
 */
export const bulkInsert = async <T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> => {
  if (rows.length === 0) return;
  if (manager.connection.options.type !== 'postgres') {
    await bulkWrite(manager, entity, rows, 'fail');
    return;
  }
  const metadata = manager.connection.getMetadata(entity);
  const columns = copyColumns(metadata);
  const target = tableOf(metadata);
  // The transaction's connection; outside a transaction one of the pool's for this statement.
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const stream = client.query(
      copyFrom(`COPY ${target} (${columns.map((c) => `"${c.name}"`).join(', ')}) FROM STDIN`),
    );
    // In chunks, as the socket takes them: the rows' text is never held whole.
    await pipeline(function* () {
      let chunk = '';
      for (const row of rows) {
        chunk += copyLine(columns, row);
        if (chunk.length >= COPY_CHUNK) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }, stream);
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
};

const COPY_CHUNK = 64 * 1024;

/** How a column's value becomes COPY text, decided once per entity rather than per value. */
interface CopyColumn {
  readonly property: string;
  readonly name: string;
  readonly json: boolean;
}

const copyColumnsOf = new WeakMap<EntityMetadata, readonly CopyColumn[]>();
const copyColumns = (metadata: EntityMetadata): readonly CopyColumn[] => {
  let columns = copyColumnsOf.get(metadata);
  if (!columns) {
    columns = metadata.columns.map((c) => ({
      property: c.propertyName,
      name: c.databaseName,
      json: c.type === 'simple-json',
    }));
    copyColumnsOf.set(metadata, columns);
  }
  return columns;
};

/**
 * One row in COPY's text format: tab-separated, `\N` for null, backslash, tab, newline and return
 * escaped; a simple-json column as the text JSON.stringify gives (as `bulkWrite` and TypeORM store it).
 */
const copyLine = (columns: readonly CopyColumn[], row: ObjectLiteral): string => {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as CopyColumn;
    const value: unknown = row[c.property];
    if (i > 0) line += '\t';
    if (value == null) line += '\\N';
    else if (c.json) line += copyText(JSON.stringify(value));
    else if (typeof value === 'string') line += copyText(value);
    else if (typeof value === 'boolean') line += value ? 't' : 'f';
    else if (typeof value === 'number') line += String(value);
    else if (value instanceof Date) line += value.toISOString();
    else throw new TypeError(`bulkInsert: column ${c.name} holds a ${typeof value}, not a column value`);
  }
  return line + '\n';
};

const SPECIAL = /[\\\t\n\r]/;
const copyText = (text: string): string =>
  SPECIAL.test(text)
    ? text.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'))
    : text;
