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

describeWithPostgres('PostgresEventStore.appendWith in batches (group commit)', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let store: PostgresEventStore;
  let alone: PostgresEventStore;
  beforeAll(async () => {
    schema = await testSchema('es_batch', 8);
    // One batch in flight: appends made while it is under way wait, and all of them go in the next.
    store = await PostgresEventStore.create({
      pool: schema.pool,
      schema: schema.schema,
      appendBatching: { maxInFlight: 1 },
    });
    alone = await PostgresEventStore.create({ pool: schema.pool, schema: schema.schema, appendBatching: false });
    await schema.pool.query(
      `CREATE TABLE "${schema.schema}".companion (
         note text NOT NULL CHECK (note NOT LIKE 'refused%'),
         transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id())`,
    );
  });
  afterAll(() => schema.drop());
  beforeEach(async () => {
    await store.truncate();
    await schema.pool.query(`TRUNCATE "${schema.schema}".companion`);
  });

  const companion = (note: string) => ({
    name: 'test-companion',
    sql: (p: number, guard: string) =>
      `INSERT INTO "${schema.schema}".companion (note) SELECT $${p}::text WHERE ${guard}`,
    values: [note],
    batched: {
      name: 'test-companion-batched',
      sql: (source: string) =>
        `INSERT INTO "${schema.schema}".companion (note) SELECT written.companion->>'note' FROM ${source} ORDER BY written.ord`,
      value: JSON.stringify({ note }),
    },
  });
  /** Each companion row with the event written in its transaction (by stream and version in the note). */
  const written = async () =>
    (
      await schema.pool.query<{ note: string; with_event: boolean; tx: string }>(
        `SELECT c.note, c.transaction_id::text AS tx, EXISTS (
           SELECT 1 FROM "${schema.schema}".events e
           WHERE e.transaction_id = c.transaction_id AND e.stream_id || '@' || e.version = split_part(c.note, ' ', 1)
         ) AS with_event
         FROM "${schema.schema}".companion c ORDER BY c.note`,
      )
    ).rows;
  const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

  it('writes appends made at the same time in fewer transactions, each with its own companion rows', async () => {
    const streams = Array.from({ length: 16 }, (_, i) => `b-${String(i).padStart(2, '0')}`);
    const results = await Promise.all(
      streams.map((s) => store.appendWith(s, [newEvent('A')], 0, companion(`${s}@1 first`))),
    );
    expect(results.map((r) => r.nextExpectedVersion)).toEqual(streams.map(() => 1));
    const rows = await written();
    expect(rows.map((r) => r.note)).toEqual(streams.map((s) => `${s}@1 first`));
    expect(rows.every((r) => r.with_event)).toBe(true);
    // The first went alone; the fifteen that came while it was under way went together.
    expect(new Set(rows.map((r) => r.tx)).size).toBe(2);
    // A later append on each stream, batched the same way, at the next version.
    await Promise.all(streams.map((s) => store.appendWith(s, [newEvent('B')], 1, companion(`${s}@2 second`))));
    expect((await store.readStream('b-07')).map((e) => [e.type, e.version])).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
  });

  it('refuses only the append whose expected version is not met, and writes no companion row for it', async () => {
    await alone.appendWith('c-stale', [newEvent('A')], 0, companion('c-stale@1 opened'));
    const results = await settle([
      store.appendWith('c-0', [newEvent('A')], 0, companion('c-0@1 filler')),
      store.appendWith('c-1', [newEvent('A')], 0, companion('c-1@1 batched')),
      store.appendWith('c-stale', [newEvent('B')], 0, companion('c-stale@1 stale')),
      store.appendWith('c-2', [newEvent('A')], 0, companion('c-2@1 batched')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      name: 'WrongExpectedVersionError',
      expectedVersion: 0,
      actualVersion: 1,
    });
    expect((await written()).map((r) => [r.note, r.with_event])).toEqual([
      ['c-0@1 filler', true],
      ['c-1@1 batched', true],
      ['c-2@1 batched', true],
      ['c-stale@1 opened', true],
    ]);
    expect((await store.readStream('c-stale')).map((e) => e.type)).toEqual(['A']);
  });

  it('writes one of two appends to one stream at one version in a batch, and its companion rows only', async () => {
    const results = await settle([
      store.appendWith('d-0', [newEvent('A')], 0, companion('d-0@1 filler')),
      store.appendWith('d-race', [newEvent('Won')], 0, companion('d-race@1 won')),
      store.appendWith('d-race', [newEvent('Lost')], 0, companion('d-race@1 lost')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ name: 'WrongExpectedVersionError' });
    expect((await store.readStream('d-race')).map((e) => e.type)).toEqual(['Won']);
    expect((await written()).map((r) => r.note)).toEqual(['d-0@1 filler', 'd-race@1 won']);
  });

  it('fails only the append whose companion fails, and writes its event not', async () => {
    const results = await settle([
      store.appendWith('e-0', [newEvent('A')], 0, companion('e-0@1 filler')),
      store.appendWith('e-1', [newEvent('A')], 0, companion('e-1@1 batched')),
      store.appendWith('e-refused', [newEvent('A')], 0, companion('refused e-refused@1')),
      store.appendWith('e-2', [newEvent('A')], 0, companion('e-2@1 batched')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/companion/);
    expect(await store.readStream('e-refused')).toEqual([]);
    expect((await written()).map((r) => r.note)).toEqual(['e-0@1 filler', 'e-1@1 batched', 'e-2@1 batched']);
  });

  it('sends each append alone without batching', async () => {
    await Promise.all(
      ['f-0', 'f-1', 'f-2', 'f-3'].map((s) => alone.appendWith(s, [newEvent('A')], 0, companion(`${s}@1 alone`))),
    );
    expect(new Set((await written()).map((r) => r.tx)).size).toBe(4);
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
