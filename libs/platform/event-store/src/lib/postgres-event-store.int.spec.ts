import { describeWithPostgres, testSchema } from '@fallverbund/testing';
import { eventStoreContract } from '../testing/event-store.contract';
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
