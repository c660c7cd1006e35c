import { existsSync } from 'node:fs';

/** Debian's Chromium; `.ci/run` installs it (apt-get install -y chromium) when it is missing. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The flags of ../shared/notes/stack-facts.md for Chromium in a container without a desktop. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export const E2E_PORT = Number(process.env['E2E_PORT'] ?? 3115);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

/** Under CI=true a missing browser fails the run; it never skips. */
if (!existsSync(CHROMIUM_PATH)) {
  throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
}
