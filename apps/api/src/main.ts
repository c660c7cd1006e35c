import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app/create-app';
import { configFromEnv } from './app/config';
import { shutdownGraceFromEnv, stopOnSignals } from './app/graceful-shutdown';

const main = async (): Promise<void> => {
  const config = configFromEnv();
  const graceMs = shutdownGraceFromEnv();
  const app = await createApp(config);
  const lifecycle = new Logger('Lifecycle');
  stopOnSignals(app, { graceMs, log: (message) => lifecycle.log(message) });
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
