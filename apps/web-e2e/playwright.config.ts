import { defineConfig } from '@playwright/test';
import { BASE_URL, CHROMIUM_ARGS, CHROMIUM_PATH, E2E_PORT } from './src/support/environment';

/**
 * The browser tests of the web workspace (`npm run test:e2e`): Debian's Chromium (Playwright's own browser
 * download is not reachable here), headless, one worker, against a fresh embedded instance that
 * `src/support/serve.mjs` builds and starts on E2E_PORT with a new temporary DATA_DIR and removes at the end.
 * `SCREENSHOTS=1` (npm run screenshots) makes the story walk write a PNG of every screen to docs/screenshots/.
 */
export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../dist/web-e2e/test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: process.env['CI'] === 'true',
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 900 },
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
  },
  webServer: {
    command: `node apps/web-e2e/src/support/serve.mjs`,
    cwd: '../..',
    url: `${BASE_URL}/api/session/config`,
    env: { E2E_PORT: String(E2E_PORT) },
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
