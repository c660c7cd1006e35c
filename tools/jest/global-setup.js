// Probes the services the integration tests need (PostgreSQL, Kafka, Keycloak). Without them the tests say so
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

// The realm the tests use must be served (deploy/keycloak/keycloak.sh imports it), not just the port.
const keycloakUrl = () => (process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8181').replace(/\/+$/, '');
const probeKeycloak = async () => {
  const discovery = `${keycloakUrl()}/realms/fallverbund/.well-known/openid-configuration`;
  try {
    const response = await fetch(discovery, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    process.env.FALLVERBUND_KEYCLOAK = 'available';
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`Keycloak is required under CI=true but ${discovery} failed: ${error.message}`);
    }
    process.env.FALLVERBUND_KEYCLOAK = 'missing';
    console.warn(
      `\n[integration] Keycloak not reachable at ${discovery}: its tests are SKIPPED (${error.message}); ` +
        'start it with `bash deploy/keycloak/keycloak.sh start`\n',
    );
  }
};

// The project runs on the Node major in .nvmrc, which the `node` devDependency puts first on the PATH of
// npm scripts (docs/decisions.md, issue 16). Another major stops the run here with a message, before a
// suite loads better-sqlite3 (13 segfaults on Node 20). node-runtime.spec.ts checks the jest worker too.
const checkRuntime = () => {
  const expected = require('node:fs').readFileSync(require('node:path').join(__dirname, '../../.nvmrc'), 'utf8').trim();
  console.log(`\n[runtime] Node ${process.version} (${process.execPath})`);
  if (process.versions.node.split('.')[0] !== expected) {
    throw new Error(
      `Node ${process.version} runs these tests, the project needs Node ${expected} (.nvmrc): ` +
        'start them through npm (`npm test`, `npx nx …`, `npx jest …`), which puts node_modules/.bin/node first',
    );
  }
};

module.exports = async () => {
  checkRuntime();
  await Promise.all([probePostgres(), probeKafka(), probeKeycloak()]);
};
