import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TEST_AUDIT_CONFIG } from '@fallverbund/cases-application';
import { createOpenApiDocument } from '@fallverbund/http';
import { API_INFO, createApp } from './app/create-app';

/**
 * Writes the API's OpenAPI document (the one served at /api/docs-json) to a file, without a server or
 * a database to keep: the app is built on the embedded profile in a throw-away folder and closed.
 * Usage: write-openapi [file], default dist/openapi.json.
 */
const main = async (): Promise<void> => {
  const file = resolve(process.argv[2] ?? 'dist/openapi.json');
  const dir = mkdtempSync(join(tmpdir(), 'fallverbund-openapi-'));
  try {
    const app = await createApp(
      {
        profile: 'embedded',
        host: '127.0.0.1',
        port: 0,
        persistence: { kind: 'sqlite', file: join(dir, 'fallverbund.sqlite'), masterKey: randomBytes(32) },
        identity: { profile: 'embedded' },
        audit: TEST_AUDIT_CONFIG,
        bodyLimit: '64kb',
      },
      { logger: false },
    );
    await app.init();
    const document = createOpenApiDocument(app, API_INFO);
    await app.close();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
