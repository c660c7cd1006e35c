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
    `${config.profile} profile on http://${config.host}:${config.port}/api (${persistence}); API docs at /api/docs; Node ${process.version}`,
  );
  const relay = config.relay;
  new Logger('Relay').log(
    relay?.mode === 'external'
      ? 'case events are relayed by apps/relay (RELAY=external)'
      : relay?.kafka
        ? `case events are relayed to Kafka at ${relay.kafka.brokers.join(', ')}`
        : 'no KAFKA_BROKERS: case events are delivered in-process only',
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
