import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type Request } from 'playwright-core';
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

interface Click {
  /** Milliseconds from the click to the heading and a timeline row in the document and the frame that paints them. */
  readonly elapsed: number;
  /** Milliseconds from the click until the heading and a timeline row were seen in the document. */
  readonly inDocument: number;
  /** The page's API requests: path, then start, first byte and end in ms from the click. */
  readonly timings: unknown[];
  /** The paths the page asked for, to be read again straight from the API. */
  readonly reads: string[];
  /** The page's content once shown: <main>'s HTML and the address, for the floor with the page's DOM. */
  readonly shown: { readonly html: string; readonly url: string };
}

interface Series {
  readonly pageMs: number[];
  readonly apiMs: number[];
  /** The floor: the same reads fetched by the page's own script, one line of their answer written, the next frame. */
  readonly floorMs: number[];
  /** The floor with the page's DOM: the same reads, the address pushed, <main>'s HTML of the shown case page written, the next frame. */
  readonly domFloorMs: number[];
  reads: string[];
}
const newSeries = (): Series => ({ pageMs: [], apiMs: [], floorMs: [], domFloorMs: [], reads: [] });

/** Signs in as anna.coach on the demo sign-in page and waits for her list with the case. */
const signIn = async (page: Page): Promise<void> => {
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.getByRole('link', { name: `${PERSON.familyName}, ${PERSON.givenName}` }).waitFor();
};

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'cc',
  'loading',
  'v8.execute',
  'toplevel',
  'netlog',
  // The JavaScript's own samples (WEB_CASE_TRACE_JS=1): which functions a task spent its time in.
  ...(process.env['WEB_CASE_TRACE_JS'] ? ['disabled-by-default-v8.cpu_profiler'] : []),
];

/**
 * How the end of a click is found. `observer` (the default): a MutationObserver sees the heading with the
 * name and a row of the timeline enter the document, then one animation frame — the frame that paints
 * them, as the floors below end. `poll` (the measure up to the twenty-second session): the same check in
 * every animation frame from the click on. Polling asks the browser for a frame every 16.7 ms while the
 * reads are in flight, which an open page does not: its paint then waits for the next vsync tick instead
 * of the frame the browser starts when the page changes, half a frame (~8 ms) more on average
 * (docs/benchmarks.md "web-bundle and web-case-page", twenty-third session).
 */
const DETECT = process.env['WEB_CASE_DETECT'] ?? 'observer';
if (DETECT !== 'observer' && DETECT !== 'poll')
  throw new Error(`WEB_CASE_DETECT must be observer or poll, not ${DETECT}`);

/**
 * From "Meine Fälle", a click on the case, timed in the page by its own clock: the click on the link, then
 * until the heading with the name and a row of the timeline are there and a frame begins (`DETECT`).
 * (Playwright's locators poll at growing intervals — 20, 50, 100, 500 ms — which would time the poll, not
 * the page.)
 * `trace`: a file for a Chromium trace of this click, for finding where the time goes (WEB_CASE_TRACE=<file>
 * traces the first counted run of the first series into <file>, of the second into <file>.session.json).
 */
const openCase = async (browser: Browser, page: Page, trace: string | undefined): Promise<Click> => {
  // A person reads the list before choosing a case: the click comes a second later, once the API has
  // finished what the sign-in and the list asked of it (the audit entries of those reads).
  await page.waitForTimeout(1000);
  const reads: string[] = [];
  const onRequest = (request: Request): void => {
    if (request.url().includes('/api/')) reads.push(request.url().slice(BASE.length));
  };
  page.on('request', onRequest);
  if (trace) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
  // WEB_CASE_CPUPROFILE=<dir>: the page's JavaScript of every click, sampled every 50 µs, into
  // <dir>/click-<time>.cpuprofile (lighter than a trace; open in Chromium's DevTools).
  const profileDir = process.env['WEB_CASE_CPUPROFILE'];
  const cdp = profileDir ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  // (The script is a string: the benchmarks are compiled without the DOM's types.)
  const { elapsed, inDocument, timings } = await page.evaluate<{
    elapsed: number;
    inDocument: number;
    timings: unknown[];
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
    performance.clearResourceTimings();
    const started = performance.now();
    let seen = 0;
    anchor.click();
    await new Promise((resolve) => {
      if (${JSON.stringify(DETECT === 'observer')}) {
        // Shown: stop watching and end at the frame that paints it.
        const finishIfShown = () => {
          if (!shown()) return;
          seen = performance.now();
          observer.disconnect();
          requestAnimationFrame(resolve);
        };
        const observer = new MutationObserver(finishIfShown);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        finishIfShown();
        return;
      }
      const check = () => (shown() ? ((seen = performance.now()), resolve()) : requestAnimationFrame(check));
      check();
    });
    const finished = performance.now();
    const timings = performance.getEntriesByType('resource')
      .filter((r) => r.name.includes('/api/') && r.startTime >= started)
      .map((r) => [r.name.split('/api/')[1].slice(0, 50), Math.round(r.startTime - started), Math.round(r.responseStart - started), Math.round(r.responseEnd - started)]);
    return { elapsed: finished - started, inDocument: seen - started, timings };
  })()`);
  if (trace) await browser.stopTracing();
  if (cdp && profileDir) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(profileDir, `click-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
  page.off('request', onRequest);
  // What a user sees: the same, through Playwright's locators.
  await page.getByRole('heading', { level: 1, name: `${PERSON.givenName} ${PERSON.familyName}` }).waitFor();
  const shown = await page.evaluate<{ html: string; url: string }>(
    `({ html: document.querySelector('main').innerHTML, url: location.pathname })`,
  );
  return { elapsed, inDocument, timings, reads, shown };
};

/** The same reads, straight to the API with fetch, in parallel as the page issues them: milliseconds. */
const apiReads = async (token: string, reads: readonly string[]): Promise<number> => {
  const before = performance.now();
  await Promise.all(
    reads.map(async (path) => {
      const response = await fetch(`${BASE}${path}`, {
        headers: { authorization: `Bearer ${token}`, 'x-purpose': 'integration' },
      });
      await response.arrayBuffer();
    }),
  );
  return performance.now() - before;
};

/**
 * What no page can beat in this browser on this machine: the same reads with fetch from the page's own
 * script, in parallel, their JSON parsed, then until the next animation frame — the browser's part of the
 * path without the app. `shown` absent: one line written (the reads alone). `shown` given: the address of
 * the case pushed and the case page's own content (<main>'s HTML as the app rendered it) written next to
 * the app's — what any page showing this content must do, without React, the router or the query cache.
 * Milliseconds.
 */
const browserFloor = async (
  page: Page,
  token: string,
  reads: readonly string[],
  shown?: Click['shown'],
): Promise<number> =>
  page.evaluate<number>(`(async () => {
    const shown = ${JSON.stringify(shown ?? null)};
    const back = location.pathname;
    const started = performance.now();
    const answers = await Promise.all(${JSON.stringify(reads)}.map(async (path) =>
      (await fetch(path, { headers: { authorization: ${JSON.stringify(`Bearer ${token}`)}, 'x-purpose': 'integration' } })).json()));
    const written = document.createElement(shown ? 'main' : 'p');
    if (shown) {
      history.pushState(null, '', shown.url);
      written.innerHTML = shown.html;
      written.dataset.answers = String(answers.length);
    } else {
      written.textContent = String(answers.length);
    }
    document.body.append(written);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const elapsed = performance.now() - started;
    written.remove();
    if (shown) history.replaceState(null, '', back);
    return elapsed;
  })()`);

/**
 * Where to write the trace of a run's click, if it is traced: WEB_CASE_TRACE=<file> traces the first counted
 * run of each series (<file>, <file>.session.json); WEB_CASE_TRACE_RUNS=<n> the first n (run k > 1 into
 * <file>.<k>.json, <file>.session.<k>.json), for comparing the tasks of two builds over several clicks.
 */
const traceFile = (series: '' | '.session', run: number): string | undefined => {
  const trace = process.env['WEB_CASE_TRACE'];
  const runs = Number(process.env['WEB_CASE_TRACE_RUNS'] ?? 1);
  if (!trace || run < 1 || run > runs) return undefined;
  const base = series === '' ? trace : `${trace}${series}`;
  return run === 1 ? (series === '' ? base : `${base}.json`) : `${base}.${run}.json`;
};

/** Counts a run (run 0 warms up and is not counted) and prints where its time went. */
const record = (series: Series, run: number, label: string, click: Click, api: number): void => {
  if (run > 0) {
    series.pageMs.push(click.elapsed);
    series.apiMs.push(api);
  }
  series.reads = click.reads;
  progress(
    'web-case-page',
    `${label}, run ${run}: page ${click.elapsed.toFixed(0)} ms (in the document at ${click.inDocument.toFixed(0)}), API ${api.toFixed(0)} ms; the page's requests ${JSON.stringify(click.timings)}`,
  );
};

/**
 * Issue 13: the case page, from navigation (a click on the case in "Meine Fälle", the query cache cold) to
 * its content in the document (the heading with the name and the timeline table with a row), timed in the
 * page by animation frames, against the API's own answer time for the same reads — the requests the page
 * made, issued directly with fetch in parallel as the page does — on a case of EVENTS events. Two series:
 * the first open in a new browser (the page's code cold too), and case after case in one browser session.
 */
export const webCasePageBenchmark: Benchmark = {
  name: 'web-case-page',
  description:
    `Case page of a case of ${EVENTS} events (CaseOpened + contacts): milliseconds from the click in Meine Fälle to ` +
    'the heading and timeline visible (Playwright, Chromium, cold query cache), against the same API reads timed ' +
    `with fetch; p50 over ${RUNS} runs, ratio page / API; first open in a new browser and in a session.`,
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

      const series = { fresh: newSeries(), session: newSeries() };
      // First open: each run in a new browser (context), signed in, the list, then the case — the query
      // cache cold and the page's code run for the first time. Run 0 warms the API up and is not counted.
      for (let run = 0; run <= RUNS; run++) {
        const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
        const page = await context.newPage();
        await page.goto(`${BASE}/`);
        await signIn(page);
        const click = await openCase(browser, page, traceFile('', run));
        await context.close();
        record(series.fresh, run, 'first open', click, await apiReads(token, click.reads));
      }
      // In a session: one browser, signed out and in again between runs (sign-out empties the query
      // cache, so every read is asked again) — the case page as a caseworker opens case after case.
      const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
      const page = await context.newPage();
      await page.goto(`${BASE}/`);
      for (let run = 0; run <= RUNS; run++) {
        await signIn(page);
        const click = await openCase(browser, page, traceFile('.session', run));
        await page.getByRole('link', { name: 'Meine Fälle', exact: true }).click();
        const floor = await browserFloor(page, token, click.reads);
        const domFloor = await browserFloor(page, token, click.reads, click.shown);
        await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
        if (run > 0) {
          series.session.floorMs.push(floor);
          series.session.domFloorMs.push(domFloor);
        }
        record(
          series.session,
          run,
          `in a session (floor ${floor.toFixed(0)} ms, with the page's DOM ${domFloor.toFixed(0)} ms)`,
          click,
          await apiReads(token, click.reads),
        );
      }
      await context.close();

      const ms = (value: number): string => value.toFixed(0);
      const summary = (name: keyof typeof series) => {
        const { pageMs, apiMs } = series[name];
        const pageP50 = median(pageMs);
        const apiP50 = median(apiMs);
        return {
          pageMs: { p50: pageP50, p90: percentile(pageMs, 90), runs: pageMs },
          apiMs: { p50: apiP50, p90: percentile(apiMs, 90), runs: apiMs },
          ...(series[name].floorMs.length > 0
            ? {
                floorMs: {
                  p50: median(series[name].floorMs),
                  p90: percentile(series[name].floorMs, 90),
                  runs: series[name].floorMs,
                },
                domFloorMs: {
                  p50: median(series[name].domFloorMs),
                  p90: percentile(series[name].domFloorMs, 90),
                  runs: series[name].domFloorMs,
                },
                domFloorRatio: Math.round((median(series[name].domFloorMs) / apiP50) * 100) / 100,
              }
            : {}),
          ratio: Math.round((pageP50 / apiP50) * 100) / 100,
        };
      };
      const fresh = summary('fresh');
      const session = summary('session');
      if (session.domFloorMs)
        progress(
          'web-case-page',
          `in a session: floor with the page's DOM ${ms(session.domFloorMs.p50)} ms against API ${ms(session.apiMs.p50)} ms, ratio ${session.domFloorRatio} (no app: what no page showing this content beats here)`,
        );
      return {
        config: { events: EVENTS, runs: RUNS, warmupRuns: 1, detect: DETECT, reads: series.fresh.reads },
        results: { fresh, session },
        targets: [
          atMost(
            'first open in a new browser: case page / API reads (p50)',
            fresh.ratio,
            TARGET,
            `web-case-page, first open: ${EVENTS} events, page ${ms(fresh.pageMs.p50)} ms against API ${ms(fresh.apiMs.p50)} ms (p50)`,
          ),
          atMost(
            'in a session: case page / API reads (p50)',
            session.ratio,
            TARGET,
            `web-case-page, in a session: ${EVENTS} events, page ${ms(session.pageMs.p50)} ms against API ${ms(session.apiMs.p50)} ms (p50)`,
          ),
        ],
        tables: [
          {
            title: `web-case-page: ${EVENTS} events, ${RUNS} runs each (ms)`,
            headers: ['measure', 'p50', 'p90'],
            rows: [
              ['first open: click to content', ms(fresh.pageMs.p50), ms(fresh.pageMs.p90)],
              ['first open: same API reads (fetch)', ms(fresh.apiMs.p50), ms(fresh.apiMs.p90)],
              ['in a session: click to content', ms(session.pageMs.p50), ms(session.pageMs.p90)],
              ['in a session: same API reads (fetch)', ms(session.apiMs.p50), ms(session.apiMs.p90)],
              [
                'in a session: floor (the reads from the page script, no app)',
                ms(session.floorMs?.p50 ?? 0),
                ms(session.floorMs?.p90 ?? 0),
              ],
              [
                "in a session: floor with the page's DOM (the reads, the address, <main>'s HTML, no app)",
                ms(session.domFloorMs?.p50 ?? 0),
                ms(session.domFloorMs?.p90 ?? 0),
              ],
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
