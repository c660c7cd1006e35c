import { join } from 'node:path';
import { tempDir } from '@fallverbund/testing';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore', () => {
  const dir = tempDir('sqlite-es');
  let n = 0;
  eventStoreContract('SQLite (embedded)', () => ({
    create: (options) =>
      Promise.resolve(new SqliteEventStore({ file: join(dir.path, `events-${n++}.sqlite`), ...options })),
    dispose: () => Promise.resolve(dir.remove()),
  }));
});
