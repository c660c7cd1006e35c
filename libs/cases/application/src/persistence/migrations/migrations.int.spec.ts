import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import {
  postgresEventStoreSchema,
  PostgresSubjectKeyStore,
  SqliteEventStore,
  SqliteSubjectKeyStore,
} from '@fallverbund/event-store';
import { postgresAuditLogSchema, SqliteAuditLogStore } from '@fallverbund/audit-log';
import { describeWithPostgres, tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { postgresRelaySchema, SQLITE_RELAY_SCHEMA } from '../../integration/relay-state';
import { openPersistence, PendingMigrationsError, PERSISTED_ENTITIES } from '../persistence';
import { type PersistenceConfig } from '../persistence.config';
import { MIGRATIONS_TABLE, migrationOptions, POSTGRES_MIGRATIONS, runMigrations } from './migrations';

/** The tables the stores write with SQL of their own (not TypeORM entities). */
const STORE_TABLES = [
  'events',
  'subscription_checkpoints',
  'audit_log',
  'audit_log_head',
  'audit_log_nodes',
  'audit_checkpoints',
  'audit_log_queue',
  'subject_keys',
  'erased_subjects',
  'relay_checkpoints',
  'relay_partner_covers',
];

describeWithPostgres('migrations (postgres)', () => {
  const schemas: Awaited<ReturnType<typeof testSchema>>[] = [];
  const freshSchema = async (label: string) => {
    const schema = await testSchema(`migrations_${label}`, 4);
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    for (const schema of schemas) await schema.drop();
  });

  const config = (schema: string, extra: { migrations?: 'on-start' | 'off' } = {}): PersistenceConfig => ({
    kind: 'postgres',
    url: testDatabaseUrl(),
    schema,
    poolSize: 4,
    masterKey: randomBytes(32),
    searchIndexKey: randomBytes(32),
    ...extra,
  });

  const migratedDataSource = async (schema: string): Promise<DataSource> => {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: testDatabaseUrl(),
      schema,
      entities: PERSISTED_ENTITIES,
      ...migrationOptions('postgres'),
      poolSize: 2,
    }).initialize();
    await runMigrations(dataSource);
    return dataSource;
  };

  /**
   * A schema's store tables as the catalogue describes them: columns (type, nullability, default),
   * constraints and indexes, with the schema's name taken out.
   */
  const describeStoreTables = async (pool: import('pg').Pool, schema: string): Promise<string[]> => {
    const { rows } = await pool.query<{ line: string }>(
      `SELECT format('%s column %s %s %s default %s', c.table_name, c.column_name, c.data_type,
                     c.is_nullable, coalesce(c.column_default, '-')) AS line
         FROM information_schema.columns c
        WHERE c.table_schema = $1 AND c.table_name = ANY($2)
       UNION ALL
       SELECT format('%s constraint %s %s', t.relname, k.conname, pg_get_constraintdef(k.oid))
         FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname = ANY($2)
       UNION ALL
       SELECT format('%s index %s', i.tablename, replace(i.indexdef, quote_ident($1) || '.', ''))
         FROM pg_indexes i
        WHERE i.schemaname = $1 AND i.tablename = ANY($2)
       ORDER BY 1`,
      [schema, STORE_TABLES],
    );
    return rows.map((r) => r.line);
  };

  it('gives the entities exactly their schema: the schema builder finds nothing to do', async () => {
    const { schema } = await freshSchema('entities');
    const dataSource = await migratedDataSource(schema);
    try {
      const log = await dataSource.driver.createSchemaBuilder().log();
      expect(log.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it("gives the stores' tables exactly what the stores' own DDL creates", async () => {
    const migrated = await freshSchema('stores_migrated');
    const dataSource = await migratedDataSource(migrated.schema);
    await dataSource.destroy();
    const created = await freshSchema('stores_created');
    await created.pool.query(postgresEventStoreSchema(created.schema));
    await created.pool.query(postgresAuditLogSchema(created.schema));
    await PostgresSubjectKeyStore.create({ pool: created.pool, schema: created.schema, masterKey: randomBytes(32) });
    await created.pool.query(postgresRelaySchema(created.schema));

    const fromMigrations = await describeStoreTables(migrated.pool, migrated.schema);
    expect(fromMigrations.filter((line) => line.includes(' column '))).toHaveLength(52);
    expect(fromMigrations).toEqual(await describeStoreTables(created.pool, created.schema));
  });

  it('runs each migration once when two processes open a fresh schema at the same time', async () => {
    const { pool, schema } = await freshSchema('race');
    await pool.query(`DROP SCHEMA "${schema}"`);
    const opened = await Promise.all([openPersistence(config(schema)), openPersistence(config(schema))]);
    try {
      const { rows } = await pool.query<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM "${schema}".${MIGRATIONS_TABLE} GROUP BY name ORDER BY name`,
      );
      // (Ordered by name like the query, not by the list's order of timestamps.)
      const expected = POSTGRES_MIGRATIONS.map((m) => ({ name: m.name, n: 1 }));
      expect(rows).toEqual(expected.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
    } finally {
      for (const persistence of opened) await persistence.close();
    }
  });

  it('with MIGRATIONS=off refuses a database with pending migrations, and opens a migrated one', async () => {
    const { pool, schema } = await freshSchema('off');
    const off = config(schema, { migrations: 'off' });
    const refused = await openPersistence(off).then(
      async (persistence) => {
        await persistence.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PendingMigrationsError);
    expect((refused as PendingMigrationsError).pending).toEqual(POSTGRES_MIGRATIONS.map((m) => m.name));
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`,
      [schema],
    );
    expect(rows[0]?.n).toBe(0);

    await (await openPersistence(config(schema))).close();
    const persistence = await openPersistence(off);
    await persistence.close();
  });

  it('lets a store refuse a schema the migrations have not made', async () => {
    const { pool, schema } = await freshSchema('refuse');
    await expect(
      PostgresSubjectKeyStore.create({ pool, schema, masterKey: randomBytes(32), createTables: false }),
    ).rejects.toThrow(/lacks the tables subject_keys, erased_subjects: run the migrations/);
  });
});

describe('migrations (sqlite)', () => {
  const dir = tempDir('migrations');
  afterAll(() => dir.remove());
  let n = 0;
  const file = () => join(dir.path, `db-${n++}.sqlite`);

  const migratedDataSource = async (database: string): Promise<DataSource> => {
    const dataSource = await new DataSource({
      type: 'better-sqlite3',
      database,
      entities: PERSISTED_ENTITIES,
      ...migrationOptions('sqlite'),
    }).initialize();
    await runMigrations(dataSource);
    return dataSource;
  };

  /** The store tables' and their indexes' SQL as SQLite keeps it, with whitespace normalised. */
  const describeStoreTables = (database: string): string[] => {
    const db = new Database(database, { readonly: true });
    try {
      return db
        .prepare<unknown[], { sql: string }>(
          `SELECT sql FROM sqlite_master WHERE tbl_name IN (${STORE_TABLES.map(() => '?').join(', ')})
             AND sql IS NOT NULL ORDER BY type, name`,
        )
        .all(...STORE_TABLES)
        .map((row) =>
          row.sql
            .replace(/\s+/g, ' ')
            .replace(/\( /g, '(')
            .replace(/ \)/g, ')')
            .replace(/ IF NOT EXISTS/i, ''),
        );
    } finally {
      db.close();
    }
  };

  it('gives the entities exactly their schema: the schema builder finds nothing to do', async () => {
    const dataSource = await migratedDataSource(file());
    try {
      const log = await dataSource.driver.createSchemaBuilder().log();
      expect(log.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it("gives the stores' tables exactly what the stores' own DDL creates", async () => {
    const migrated = file();
    await (await migratedDataSource(migrated)).destroy();
    const created = file();
    const events = new SqliteEventStore({ file: created });
    new SqliteSubjectKeyStore(events.database, events.writeLock, randomBytes(32));
    const audit = new SqliteAuditLogStore({ file: created, writer: events.database });
    events.database.exec(SQLITE_RELAY_SCHEMA);
    await audit.close();
    await events.close();

    const fromMigrations = describeStoreTables(migrated);
    expect(fromMigrations.filter((sql) => sql.startsWith('CREATE TABLE'))).toHaveLength(STORE_TABLES.length - 1);
    expect(fromMigrations).toEqual(describeStoreTables(created));
  });

  it('with MIGRATIONS=off refuses a file with pending migrations', async () => {
    const database = file();
    const config: PersistenceConfig = { kind: 'sqlite', file: database, masterKey: randomBytes(32) };
    await expect(openPersistence({ ...config, migrations: 'off' })).rejects.toThrow(PendingMigrationsError);
    await (await openPersistence(config)).close();
    await (await openPersistence({ ...config, migrations: 'off' })).close();
  });
});
