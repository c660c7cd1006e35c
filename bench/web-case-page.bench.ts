import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { type Benchmark, progress } from './support/benchmark';
import { median, percentile } from './support/measure';
import { atMost } from './support/report';
import { buildWeb } from './support/web-build';

/** A case of EVENTS events: CaseOpened and EVENTS - 1 contacts. */
const EVENTS = Number(process.env['WEB_CASE_EVENTS'] ?? 500);
const RUNS = Number(process.env['WEB_CASE_RUNS'] ?? 9);
const PORT = Number(process.env['WEB_BENCH_PORT'] ?? 3117);
const TARGET = 2;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = join(__dirname, '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PERSON = { givenName: 'Lena', familyName: 'Messung', birthDate: '1991-02-03' };

const startApi = async (webDir: string, dataDir: string): Promise<ChildProcess> => {
  const api = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIR: webDir },
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/api/session/config`)).ok) return api;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  api.kill();
  throw new Error(`the API did not start on ${BASE}`);
};

const tokenFor = async (userId: string): Promise<string> =>
  (
    (await (
      await fetch(`${BASE}/api/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      })
    ).json()) as { accessToken: string }
  ).accessToken;

const post = async (token: string, path: string, body: object): Promise<{ id: string }> => {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-purpose': 'integration', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
};

/**
 * Issue 13: the case page, from navigation (a click on the case in "Meine Fälle", the query cache cold: a
 * fresh browser context signed in each run) to its content in the document (the heading with the name and
 * the timeline table with a row), timed in the page by animation frames, against the API's own answer time for the same reads — the requests the page
 * made, issued directly with fetch in parallel as the page does — on a case of EVENTS events.
 */
export const webCasePageBenchmark: Benchmark = {
  name: 'web-case-page',
  description:
    `Case page of a case of ${EVENTS} events (CaseOpened + contacts): milliseconds from the click in Meine Fälle to ` +
    'the heading and timeline visible (Playwright, Chromium, cold query cache), against the same API reads timed ' +
    `with fetch; p50 over ${RUNS} runs, ratio page / API.`,
  async run() {
    progress('web-case-page', 'building the web workspace into dist/bench/web');
    const webDir = buildWeb();
    const dataDir = mkdtempSync(join(tmpdir(), 'fallverbund-bench-web-'));
    const api = await startApi(webDir, dataDir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    try {
      const token = await tokenFor('anna.coach');
      const firstContactAt = new Date(Date.now() - 80 * 86_400_000);
      const { id: caseId } = await post(token, '/api/cases', {
        participant: PERSON,
        firstContactAt: firstContactAt.toISOString(),
      });
      progress('web-case-page', `recording ${EVENTS - 1} contacts on one case`);
      for (let i = 1; i < EVENTS; i++) {
        await post(token, `/api/cases/${caseId}/contacts`, {
          kind: i % 2 === 0 ? 'office' : 'phone',
          occurredAt: new Date(firstContactAt.getTime() + i * 600_000).toISOString(),
          durationMinutes: 30,
          summary: `Gespräch ${i}`,
        });
      }

      const pageMs: number[] = [];
      const apiMs: number[] = [];
      let reads: string[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
        const page = await context.newPage();
        await page.goto(`${BASE}/`);
        await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
        await page.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` }).waitFor();
        const requested: string[] = [];
        page.on('request', (request) => {
          if (request.url().includes('/api/')) requested.push(request.url().slice(BASE.length));
        });
        // Timed in the page, by its own clock: the click on the link, then every animation frame until the
        // heading with the name and a row of the timeline are there. (Playwright's locators poll at growing
        // intervals — 20, 50, 100, 500 ms — which would time the poll, not the page.)
        // (The script is a string: the benchmarks are compiled without the DOM's types.)
        const { elapsed, requests: timings } = await page.evaluate<{
          elapsed: number;
          requests: unknown[];
        }>(`(async () => {
          const name = ${JSON.stringify(`${PERSON.familyName}, ${PERSON.givenName}`)};
          const heading = ${JSON.stringify(`${PERSON.givenName} ${PERSON.familyName}`)};
          const caption = 'Verlauf des Falls, neueste zuletzt';
          const anchor = [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === name);
          if (!anchor) throw new Error('no link ' + name);
          const shown = () =>
            [...document.querySelectorAll('h1')].some((h) => h.textContent.includes(heading)) &&
            [...document.querySelectorAll('table')].some(
              (table) => table.caption?.textContent === caption && table.querySelector('tbody tr') !== null,
            );
          const started = performance.now();
          anchor.click();
          await new Promise((resolve) => {
            const check = () => (shown() ? resolve() : requestAnimationFrame(check));
            check();
          });
          const finished = performance.now();
          // Where the time went: each API request of the page, from the click (ms): start, first byte, end.
          const requests = performance.getEntriesByType('resource')
            .filter((r) => r.name.includes('/api/') && r.startTime >= started)
            .map((r) => [r.name.split('/api/')[1].slice(0, 50), Math.round(r.startTime - started), Math.round(r.responseStart - started), Math.round(r.responseEnd - started)]);
          return { elapsed: finished - started, requests };
        })()`);
        // What a user sees: the same, through Playwright's locators.
        await page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` }).waitFor();
        await context.close();

        // The same reads, straight to the API, in parallel as the page issues them.
        const before = performance.now();
        await Promise.all(
          requested.map(async (path) => {
            const response = await fetch(`${BASE}${path}`, {
              headers: { authorization: `Bearer ${token}`, 'x-purpose': 'integration' },
            });
            await response.arrayBuffer();
          }),
        );
        const direct = performance.now() - before;
        // Run 0 warms both sides up and is not counted.
        if (run > 0) {
          pageMs.push(elapsed);
          apiMs.push(direct);
        }
        reads = requested;
        progress(
          'web-case-page',
          `run ${run}: page ${elapsed.toFixed(0)} ms, API ${direct.toFixed(0)} ms; the page's requests ${JSON.stringify(timings)}`,
        );
      }
      const pageP50 = median(pageMs);
      const apiP50 = median(apiMs);
      const ratio = Math.round((pageP50 / apiP50) * 100) / 100;
      const ms = (value: number): string => value.toFixed(0);
      return {
        config: { events: EVENTS, runs: RUNS, warmupRuns: 1, reads },
        results: {
          pageMs: { p50: pageP50, p90: percentile(pageMs, 90), runs: pageMs },
          apiMs: { p50: apiP50, p90: percentile(apiMs, 90), runs: apiMs },
          ratio,
        },
        targets: [
          atMost(
            'case page / API reads (p50)',
            ratio,
            TARGET,
            `web-case-page: ${EVENTS} events, page ${ms(pageP50)} ms against API ${ms(apiP50)} ms (p50)`,
          ),
        ],
        tables: [
          {
            title: `web-case-page: ${EVENTS} events, ${RUNS} runs (ms)`,
            headers: ['measure', 'p50', 'p90'],
            rows: [
              ['click to content (Playwright)', ms(pageP50), ms(percentile(pageMs, 90))],
              [`same ${reads.length} API reads (fetch)`, ms(apiP50), ms(percentile(apiMs, 90))],
            ],
          },
        ],
      };
    } finally {
      await browser.close();
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
