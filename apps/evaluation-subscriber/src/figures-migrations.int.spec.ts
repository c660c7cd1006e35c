import { join } from 'node:path';
import { describeWithPostgres, tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { FIGURES_MIGRATIONS, FIGURES_SCHEMA, FiguresStore } from './figures-store';
import { postgresSql, sqliteSql, type Sql } from './sql';

const versions = FIGURES_MIGRATIONS.map((m) => m.version);

const migrationContract = (open: () => Promise<{ sql: () => Sql; done(): Promise<void> }>) => {
  let db: Awaited<ReturnType<typeof open>>;
  beforeEach(async () => (db = await open()));
  afterEach(() => db.done());

  const recorded = async (sql: Sql) =>
    (await sql.all<{ version: number | string }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) =>
      Number(r.version),
    );

  it('runs each migration once and records it', async () => {
    const sql = db.sql();
    const store = new FiguresStore(sql);
    expect(await store.migrate()).toEqual(versions);
    expect(await store.migrate()).toEqual([]);
    expect(await recorded(sql)).toEqual(versions);
  });

  it('takes over a database made before migrations, keeping its inbox and figures', async () => {
    const sql = db.sql();
    for (const statement of FIGURES_SCHEMA) await sql.run(statement);
    await sql.run(`INSERT INTO inbox (event_id, event_type, received_at) VALUES ('e-1', 'CaseOpened', '2026-12-01')`);
    await sql.run(`INSERT INTO consents_withdrawn (month, total) VALUES ('2026-11', 3)`);
    const store = new FiguresStore(sql);
    expect(await store.migrate()).toEqual(versions);
    expect(await sql.all('SELECT event_id FROM inbox')).toEqual([{ event_id: 'e-1' }]);
    expect((await store.figures()).consentsWithdrawn).toEqual([{ month: '2026-11', count: 3 }]);
  });
};

describe('FiguresStore migrations on SQLite', () => {
  migrationContract(() => {
    const dir = tempDir('figures-migrations');
    const sql = sqliteSql(join(dir.path, 'figures.sqlite'));
    return Promise.resolve({
      sql: () => sql,
      done: async () => {
        await sql.close();
        dir.remove();
      },
    });
  });
});

describeWithPostgres('FiguresStore migrations on PostgreSQL', () => {
  migrationContract(async () => {
    const schema = await testSchema('figures_migrations', 1);
    const opened: Sql[] = [];
    return {
      sql: () => {
        const sql = postgresSql(testDatabaseUrl(), schema.schema);
        opened.push(sql);
        return sql;
      },
      done: async () => {
        for (const sql of opened) await sql.close();
        await schema.drop();
      },
    };
  });

  it('lets two subscribers starting together run each migration once', async () => {
    const schema = await testSchema('figures_migrations_race', 1);
    const a = postgresSql(testDatabaseUrl(), schema.schema);
    const b = postgresSql(testDatabaseUrl(), schema.schema);
    try {
      const ran = await Promise.all([new FiguresStore(a).migrate(), new FiguresStore(b).migrate()]);
      expect(ran.flat()).toEqual(versions);
      expect(await a.all('SELECT version FROM schema_migrations')).toHaveLength(versions.length);
    } finally {
      await a.close();
      await b.close();
      await schema.drop();
    }
  });
});
