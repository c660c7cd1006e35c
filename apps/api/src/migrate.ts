import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { openPersistence } from '@fallverbund/cases-application';
import { configFromEnv } from './app/config';

/**
 * Runs the pending migrations on the configured database (DATABASE_URL [+ DATABASE_SCHEMA], or the
 * embedded file under DATA_DIR) and exits: the migration job of a deployment, before replicas that
 * start with MIGRATIONS=off. Safe to run while replicas start: the migrations run under a lock.
 */
const main = async (): Promise<void> => {
  const config = configFromEnv();
  const persistence = await openPersistence(config.persistence, { auditSequencer: false, migrations: 'run' });
  await persistence.close();
  new Logger('Migrations').log('the database is at the newest migration');
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
