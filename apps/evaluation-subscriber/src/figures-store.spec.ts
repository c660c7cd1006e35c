import { describeWithPostgres, tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { join } from 'node:path';
import { FiguresStore } from './figures-store';
import { postgresSql, sqliteSql, type Sql } from './sql';
import { evaluationBatch, expectedFigures } from './testing/evaluation-batch';

/** A Sql whose n-th `run` inside a transaction fails once: a crash between inbox and figures. */
const failingOnce = (sql: Sql, failAt: number): Sql => {
  let runs = 0;
  let failed = false;
  return {
    ...sql,
    transaction: (work) =>
      sql.transaction((tx) =>
        work({
          ...tx,
          run: (statement, params) => {
            runs += 1;
            if (!failed && runs === failAt) {
              failed = true;
              return Promise.reject(new Error('connection lost'));
            }
            return tx.run(statement, params);
          },
        }),
      ),
  };
};

const storeContract = (open: () => Promise<{ sql: Sql; done(): Promise<void> }>) => {
  let sql: Sql;
  let done: () => Promise<void>;
  let store: FiguresStore;
  beforeEach(async () => {
    ({ sql, done } = await open());
    store = new FiguresStore(sql);
    await store.migrate();
  });
  afterEach(() => done());

  it('counts a batch', async () => {
    for (const event of evaluationBatch('a')) expect(await store.apply(event)).toBe('applied');
    expect(await store.figures()).toEqual(expectedFigures);
  });

  it('changes nothing when an event is delivered again (same id)', async () => {
    const batch = evaluationBatch('b');
    for (const event of batch) await store.apply(event);
    for (const event of [...batch].reverse()) expect(await store.apply(event)).toBe('duplicate');
    expect(await store.figures()).toEqual(expectedFigures);
  });

  it('keeps inbox and figures together: a failure between them leaves neither, and the retry counts once', async () => {
    const flaky = new FiguresStore(failingOnce(sql, 2));
    const [event] = evaluationBatch('c');
    await expect(flaky.apply(event!)).rejects.toThrow('connection lost');
    expect((await store.figures()).casesOpened).toEqual([]);
    expect(await flaky.apply(event!)).toBe('applied');
    expect(await flaky.apply(event!)).toBe('duplicate');
    expect((await store.figures()).casesOpened).toEqual([{ agencyType: 'jobcenter', month: '2026-10', count: 1 }]);
  });

  it('keeps types it does not count in the inbox, without a figure', async () => {
    const other = { ...evaluationBatch('d')[0]!, type: 'cases.evaluation.something_new.v1' };
    expect(await store.apply(other)).toBe('ignored');
    expect(await store.apply(other)).toBe('duplicate');
    expect(await store.figures()).toEqual({
      casesOpened: [],
      consentsGranted: [],
      consentsWithdrawn: [],
      teamMembersAdded: [],
      referralWaits: [],
      progressRatings: [],
    });
  });
};

describe('FiguresStore on SQLite', () => {
  storeContract(() => {
    const dir = tempDir('figures');
    const sql = sqliteSql(join(dir.path, 'figures.sqlite'));
    return Promise.resolve({
      sql,
      done: async () => {
        await sql.close();
        dir.remove();
      },
    });
  });
});

describeWithPostgres('FiguresStore on PostgreSQL', () => {
  storeContract(async () => {
    const schema = await testSchema('figures', 1);
    const sql = postgresSql(testDatabaseUrl(), schema.schema);
    return {
      sql,
      done: async () => {
        await sql.close();
        await schema.drop();
      },
    };
  });
});
