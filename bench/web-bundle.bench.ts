import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Benchmark, progress } from './support/benchmark';
import { type TargetCheck } from './support/report';
import { buildWeb, initialChunks } from './support/web-build';

/** Issue 13: initial JavaScript of the case list ≤ 250 kB gzipped. */
const TARGET_KB = 250;

/**
 * The JavaScript a browser loads for the case list (`/cases`, the first page after sign-in): the Vite entry
 * chunk and its static imports from the production build's manifest, each gzipped (level 9, as served
 * compressed) and summed. Lazy routes (team signals, evaluation, DPO console, OIDC) are not counted.
 */
export const webBundleBenchmark: Benchmark = {
  name: 'web-bundle',
  description:
    'Initial JavaScript of the case list route: the Vite entry chunk and its static imports (manifest), gzipped, in kB (1000 bytes).',
  // eslint-disable-next-line @typescript-eslint/require-await
  async run() {
    progress('web-bundle', 'building the web workspace into dist/bench/web');
    const outDir = buildWeb();
    const files = initialChunks(outDir);
    const rows = files.map((file) => {
      const bytes = readFileSync(join(outDir, file));
      return { file, raw: statSync(join(outDir, file)).size, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const totalGzip = rows.reduce((sum, row) => sum + row.gzip, 0);
    const totalRaw = rows.reduce((sum, row) => sum + row.raw, 0);
    const kb = Math.round(totalGzip / 100) / 10;
    const target: TargetCheck = {
      name: 'initial JS gzipped (kB)',
      value: kb,
      target: `<= ${TARGET_KB}`,
      pass: kb <= TARGET_KB,
      summary: `web-bundle: initial JavaScript of the case list ${kb} kB gzipped (target <= ${TARGET_KB} kB) ${kb <= TARGET_KB ? 'PASS' : 'FAIL'}`,
    };
    // apps/web/vite.config.mts marks the entry chunk for eager compilation (docs/decisions.md); the
    // case page's first open depends on it (web-case-page).
    const entry = files[0] ?? '';
    const hinted = readFileSync(join(outDir, entry), 'utf8').startsWith('//# allFunctionsCalledOnLoad\n');
    const hint: TargetCheck = {
      name: 'entry chunk marked for eager compilation',
      value: hinted ? 1 : 0,
      target: 'first line //# allFunctionsCalledOnLoad',
      pass: hinted,
      summary: `web-bundle: entry chunk ${entry} ${hinted ? 'starts' : 'does not start'} with the compile hint ${hinted ? 'PASS' : 'FAIL'}`,
    };
    return {
      config: { outDir: 'dist/bench/web', gzipLevel: 9, chunks: files },
      results: { gzipBytes: totalGzip, rawBytes: totalRaw, gzipKB: kb, chunks: rows },
      targets: [target, hint],
      tables: [
        {
          title: 'web-bundle: initial JavaScript of the case list route',
          headers: ['chunk', 'raw bytes', 'gzip bytes'],
          rows: [
            ...rows.map((row) => [row.file, String(row.raw), String(row.gzip)]),
            ['total', String(totalRaw), String(totalGzip)],
          ],
        },
      ],
    };
  },
};
