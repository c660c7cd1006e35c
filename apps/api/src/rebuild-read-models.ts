import 'reflect-metadata';
import { openPersistence, persistenceConfigFromEnv, ProjectionRunner } from '@fallverbund/cases-application';

/**
 * Empties every read model and replays the whole log into it. Run it with the API stopped (the same
 * DATA_DIR or DATABASE_URL as the API).
 */
const main = async (): Promise<void> => {
  const persistence = await openPersistence(persistenceConfigFromEnv());
  try {
    const runner = new ProjectionRunner({
      events: persistence.rawEvents,
      dataSource: persistence.dataSource,
      projections: persistence.projections,
      writeLock: persistence.readModelLock,
      rebuildConcurrency: persistence.kind === 'postgres' ? 2 : 1,
    });
    const started = Date.now();
    const { events } = await runner.rebuild();
    console.log(`rebuilt read models from ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await persistence.close();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
