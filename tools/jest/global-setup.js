// Probes the services the integration tests need (PostgreSQL, Kafka). Without them the tests say so
// and skip, except under CI=true, where a missing service fails the run.
const { Client } = require('pg');
const { Kafka, logLevel } = require('kafkajs');

const databaseUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const kafkaBrokers = () =>
  (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);

const probePostgres = async () => {
  const client = new Client({ connectionString: databaseUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    process.env.FALLVERBUND_POSTGRES = 'available';
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required under CI=true but ${databaseUrl()} answered: ${error.message}`);
    }
    process.env.FALLVERBUND_POSTGRES = 'missing';
    console.warn(
      `\n[integration] PostgreSQL not reachable at ${databaseUrl()}: its tests are SKIPPED (${error.message})\n`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
};

// A real Kafka handshake (ApiVersions + Metadata through describeCluster), not just an open port.
const probeKafka = async () => {
  const admin = new Kafka({
    clientId: 'jest-global-setup',
    brokers: kafkaBrokers(),
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  let timer;
  try {
    await Promise.race([
      admin.connect().then(() => admin.describeCluster()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 6 s')), 6000);
      }),
    ]);
    process.env.FALLVERBUND_KAFKA = 'available';
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`Kafka is required under CI=true but ${kafkaBrokers().join(',')} answered: ${error.message}`);
    }
    process.env.FALLVERBUND_KAFKA = 'missing';
    console.warn(
      `\n[integration] Kafka not reachable at ${kafkaBrokers().join(',')}: its tests are SKIPPED (${error.message}); ` +
        'start it with `bash deploy/kafka/kafka.sh start`\n',
    );
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
};

module.exports = async () => {
  // The runtime of this jest run (the `node` devDependency under npm scripts; see docs/decisions.md).
  console.log(`\n[runtime] Node ${process.version} (${process.execPath})`);
  await Promise.all([probePostgres(), probeKafka()]);
};
