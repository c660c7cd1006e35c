// Probes the services the integration tests need. Without them the tests say so and skip, except
// under CI=true, where a missing service fails the run.
const { Client } = require('pg');

const databaseUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

module.exports = async () => {
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
