// The outbox relay as its own process: `node -r @swc-node/register apps/relay/src/main.ts`.
// Reads the global log of the database the API writes (DATABASE_URL [+ DATABASE_SCHEMA], or the
// embedded SQLite file under DATA_DIR) and publishes to Kafka (KAFKA_BROKERS). Run the API with
// RELAY=external. Several instances may run against one PostgreSQL database: one relays, the
// others wait and take over. No master key: the relay reads the log as stored and opens nothing.
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  agencyProfilesFromEnv,
  createRelayPublisher,
  IntegrationRelay,
  openRelayState,
  PostgresRelayState,
  relayConfigFromEnv,
  type RelayDatabase,
} from '@fallverbund/cases-application';
import { type EventStore, formatPosition, PostgresEventStore, SqliteEventStore } from '@fallverbund/event-store';
import { createLogger } from '@fallverbund/http';
import { createMetricsRegistry, relayMetrics, startMetricsListener } from '@fallverbund/observability';
import { Pool } from 'pg';

export const relayDatabaseFromEnv = (env: NodeJS.ProcessEnv = process.env): RelayDatabase => {
  const url = env['DATABASE_URL'];
  if (url) return { kind: 'postgres', url, schema: env['DATABASE_SCHEMA'] ?? 'public' };
  const dataDir = resolve(env['DATA_DIR'] ?? './data');
  mkdirSync(dataDir, { recursive: true });
  return { kind: 'sqlite', file: join(dataDir, 'fallverbund.sqlite') };
};

/** METRICS_PORT: a port for the relay's metrics listener (0: any free one); absent: no listener. */
export const metricsPortFromEnv = (env: NodeJS.ProcessEnv = process.env): number | undefined => {
  const raw = env['METRICS_PORT'];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`METRICS_PORT must be a port number, not ${raw}`);
  return port;
};

// The API's logger: JSON lines with an ISO `time` and `msg` (coloured text on a terminal).
const logger = createLogger({ service: 'relay' });
const log = (message: string, fields: Record<string, unknown> = {}): void => {
  logger.info(fields, message);
};

const main = async (): Promise<void> => {
  const env = process.env;
  const profile = env['PROFILE'] === 'production' ? 'production' : 'embedded';
  const config = relayConfigFromEnv(
    { ...env, RELAY: 'embedded' },
    profile,
    env['KAFKA_CLIENT_ID'] ?? 'fallverbund-relay',
  );
  if (!config.kafka) throw new Error('apps/relay needs KAFKA_BROKERS (host:port, comma-separated)');
  const database = relayDatabaseFromEnv(env);

  let pool: Pool | undefined;
  let events: EventStore;
  if (database.kind === 'postgres') {
    pool = new Pool({ connectionString: database.url, max: 4 });
    // A dropped idle connection is an 'error' on the pool; unheard it would end the process.
    pool.on('error', (error) => log('idle database connection lost', { error: error.message }));
    // The API's migrations (or `npm run migrate`) made the tables; the relay only checks for them.
    events = await PostgresEventStore.create({ pool, schema: database.schema, createTables: false });
  } else {
    events = new SqliteEventStore({ file: database.file, createTables: false });
  }
  // RELAY_STANDBY_POLL_MS: how often a standby tries the lock when no relay hands it over (default 1 s).
  const standbyPollMs = Number(env['RELAY_STANDBY_POLL_MS'] ?? 1000);
  if (!Number.isInteger(standbyPollMs) || standbyPollMs <= 0)
    throw new Error(`RELAY_STANDBY_POLL_MS must be a positive number of ms, not ${env['RELAY_STANDBY_POLL_MS']}`);
  const state =
    database.kind === 'postgres'
      ? await PostgresRelayState.create({ url: database.url, schema: database.schema, standbyPollMs })
      : await openRelayState(database);
  const publisher = createRelayPublisher(config);
  const profiles = agencyProfilesFromEnv(env);
  const relay = new IntegrationRelay({
    events,
    state,
    publisher,
    subscribers: config.subscribers,
    agencies: (id) => profiles.of(id),
    ...(config.topicPrefix ? { topicPrefix: config.topicPrefix } : {}),
    // Another process appends: no in-process signal wakes this one, so it looks again soon.
    idleMs: config.idleMs ?? 100,
    ...(config.batchSize ? { batchSize: config.batchSize } : {}),
    ...(config.expiryCheckMs ? { expiryCheckMs: config.expiryCheckMs } : {}),
    onError: (error) => log('page failed, retrying', { error: String(error) }),
    onLeading: (position) =>
      log('active relay of the database', { from: position ? formatPosition(position) : 'start' }),
  });
  log('starting', {
    database: database.kind === 'postgres' ? `postgres schema ${database.schema}` : database.file,
    brokers: config.kafka.brokers,
    subscribers: config.subscribers.map((s) => s.id),
  });
  relay.start();

  // METRICS_PORT: Prometheus metrics of this relay at http://METRICS_HOST:METRICS_PORT/metrics.
  const metricsPort = metricsPortFromEnv(env);
  let metrics: Server | undefined;
  if (metricsPort !== undefined) {
    const registry = createMetricsRegistry({ labels: { service: 'relay' } });
    relayMetrics(registry, relay, events, {
      onCollectError: (source, error) => log('metrics', { source, error: String(error) }),
    });
    metrics = await startMetricsListener({ registry, port: metricsPort, host: env['METRICS_HOST'] ?? '127.0.0.1' });
    log('metrics listening', { port: (metrics.address() as AddressInfo).port });
  }

  const statusEvery = Number(env['RELAY_STATUS_MS'] ?? 10_000);
  const status = setInterval(() => {
    relay.lag().then(
      (lag) => log('status', { ...relay.stats, lag }),
      (error: unknown) => log('status failed', { error: String(error) }),
    );
  }, statusEvery);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log('stopping', { signal });
    clearInterval(status);
    void (async () => {
      await new Promise((resolve) => (metrics ? metrics.close(resolve) : resolve(undefined)));
      await relay.stop();
      await state.close();
      await publisher.close();
      await events.close();
      await pool?.end();
      log('stopped', { ...relay.stats });
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
