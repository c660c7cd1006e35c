import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app/create-app';
import { configFromEnv } from './app/config';

const main = async (): Promise<void> => {
  const config = configFromEnv();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const persistence =
    config.persistence.kind === 'sqlite' ? `embedded SQLite at ${config.persistence.file}` : 'PostgreSQL';
  new Logger('Fallverbund').log(
    `${config.profile} profile on http://${config.host}:${config.port}/api (${persistence}); API docs at /api/docs`,
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
