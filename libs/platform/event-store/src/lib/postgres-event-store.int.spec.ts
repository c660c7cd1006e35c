import { describeWithPostgres, testSchema } from '@fallverbund/testing';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeWithPostgres('PostgresEventStore', () => {
  let n = 0;
  const schemas: Awaited<ReturnType<typeof testSchema>>[] = [];
  eventStoreContract('PostgreSQL', () => ({
    create: async (options) => {
      const schema = await testSchema(`es_${n++}`, 40);
      schemas.push(schema);
      return PostgresEventStore.create({ pool: schema.pool, schema: schema.schema, ...options });
    },
    dispose: async () => {
      await Promise.all(schemas.map((s) => s.drop()));
    },
  }));
});

describeWithPostgres('PostgresEventStore.appendWith', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let store: PostgresEventStore;
  beforeAll(async () => {
    schema = await testSchema('es_with', 4);
    store = await PostgresEventStore.create({ pool: schema.pool, schema: schema.schema });
    await schema.pool.query(`CREATE TABLE "${schema.schema}".companion (note text NOT NULL CHECK (note <> 'refused'))`);
  });
  afterAll(() => schema.drop());

  const companion = (note: string) => ({
    name: 'test-companion',
    sql: (p: number, guard: string) =>
      `INSERT INTO "${schema.schema}".companion (note) SELECT $${p}::text WHERE ${guard}`,
    values: [note],
  });
  const event = (type: string) => newEvent(type);
  const notes = async () =>
    (await schema.pool.query<{ note: string }>(`SELECT note FROM "${schema.schema}".companion ORDER BY note`)).rows.map(
      (r) => r.note,
    );

  it('writes the events and the companion rows in one statement', async () => {
    const result = await store.appendWith('s-1', [event('A'), event('B')], 0, companion('with A and B'));
    expect(result.nextExpectedVersion).toBe(2);
    expect((await store.readStream('s-1')).map((e) => e.type)).toEqual(['A', 'B']);
    expect(await notes()).toEqual(['with A and B']);
  });

  it('writes no companion row when the expected version is not met', async () => {
    await expect(store.appendWith('s-1', [event('C')], 0, companion('stale'))).rejects.toMatchObject({
      name: 'WrongExpectedVersionError',
    });
    expect(await notes()).toEqual(['with A and B']);
    expect(await store.streamVersion('s-1')).toBe(2);
  });

  it('writes no event when the companion fails', async () => {
    await expect(store.appendWith('s-2', [event('D')], 0, companion('refused'))).rejects.toThrow(/companion/);
    expect(await store.readStream('s-2')).toEqual([]);
    expect(await notes()).toEqual(['with A and B']);
  });
});

describeWithPostgres('PostgresEventStore in a schema with a long name', () => {
  // 60 characters: every statement's name runs past the 63 bytes PostgreSQL keeps of it, and
  // `….append` and `….append+companion` would share their first 63 bytes.
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let store: PostgresEventStore;
  beforeAll(async () => {
    schema = await testSchema('a_schema_name_as_long_as_an_operator_might_give_it', 1);
    store = await PostgresEventStore.create({ pool: schema.pool, schema: schema.schema });
  });
  afterAll(() => schema.drop());

  it('prepares each statement under a name of its own on one connection', async () => {
    expect(schema.schema.length).toBeGreaterThan(55);
    await store.appendToStream('long-1', [newEvent('A')], 0);
    const companion = {
      name: 'noop',
      sql: (p: number, guard: string) => `SELECT $${p}::text WHERE ${guard}`,
      values: ['x'],
    };
    await store.appendWith('long-1', [newEvent('B')], 1, companion);
    await store.appendToStream('long-1', [newEvent('C')], 2);
    expect((await store.readStream('long-1')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });
});
