import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CheckpointSigner,
  exportLog,
  PostgresAuditLogStore,
  sha256,
  verifyCheckpointConsistency,
  verifyRecordAgainstCheckpoint,
} from '@fallverbund/audit-log';
import { fromHex, toHex, verifyConsistency, verifyInclusion } from '@fallverbund/audit-merkle';
import type { AuditVerifyReply, AuditVerifyRequest } from './audit-verify.child';
import { realisticAuditEntry } from './support/audit-entries';
import { type Benchmark, progress } from './support/benchmark';
import { createBenchSchema, openBenchPool } from './support/bench-database';
import { Child } from './support/child';
import {
  alternate,
  median,
  medianRatio,
  percentile,
  ratio,
  roundRatios,
  type Throughput,
  throughput,
} from './support/measure';
import { atMost, formatMiB, formatNumber, type TargetCheck } from './support/report';

const ENTRIES = 1_000_000;
const SMALL = 100_000;
const FILL_BATCH = 10_000;
/** One entry in this many has its details erased (entry and salt removed), as retention does. */
const ERASE_EVERY = 1_000;
const ROUNDS = 3;
const PROOFS = 50;
const CONSISTENCY_FROM = 500_000;
const CONSISTENCY_REPEATS = 5;
const POOL_SIZE = 4;
/** Not from the issue: how much a ten times longer log may raise the verifier's peak RSS. */
const MEMORY_GROWTH_LIMIT = 1.25;
const ceilLog2 = (n: number): number => Math.ceil(Math.log2(n));

const label = 'audit-verify';

const verifyInChild = async (request: AuditVerifyRequest): Promise<AuditVerifyReply> => {
  const child = new Child<AuditVerifyRequest, AuditVerifyReply>(join(__dirname, 'audit-verify.child.ts'), {
    nodeOptions: ['--expose-gc'],
  });
  try {
    return await child.request(request);
  } finally {
    await child.close();
  }
};

const ms = (value: number): string => `${value.toFixed(2)} ms`;

/**
 * A PostgreSQL audit log of 1,000,000 realistic entries: the export verified by streaming it line
 * by line (rate, and peak memory at 100,000 and 1,000,000 entries), and inclusion and consistency
 * proofs at 1,000,000 (time, length, and that they verify).
 */
export const auditVerifyBenchmark: Benchmark = {
  name: label,
  description:
    'A PostgresAuditLogStore filled with 1,000,000 realistic audit entries (appends of 10,000; one in 1,000 ' +
    'erased), exported with exportLog to an NDJSON file. Entries/s of verifyLog streaming the file line by ' +
    'line (with a signed checkpoint) against a bare loop that reads, parses and hashes the same lines; peak ' +
    'RSS of the verifier in its own process over the first 100,000 and over all 1,000,000 entries; time and ' +
    'length of inclusionProof(i, 1,000,000) for 50 random i and of consistencyProof(500,000, 1,000,000), each ' +
    'checked with verifyInclusion / verifyConsistency.',
  async run({ url, adminPool }) {
    const schema = await createBenchSchema(adminPool, 'audit_verify');
    const pool = openBenchPool(url, POOL_SIZE);
    const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
    const file = join(dir, 'audit-export.ndjson');
    try {
      const store = await PostgresAuditLogStore.create({ pool, schema: schema.name });

      progress(label, `filling ${formatNumber(ENTRIES)} entries in appends of ${formatNumber(FILL_BATCH)}`);
      const fillStarted = performance.now();
      for (let from = 0; from < ENTRIES; from += FILL_BATCH) {
        const batch = Array.from({ length: Math.min(FILL_BATCH, ENTRIES - from) }, (_, i) =>
          realisticAuditEntry(from + i),
        );
        const indexes = await store.append(batch);
        if (indexes[0] !== from) throw new Error(`${label}: append gave index ${indexes[0]}, expected ${from}`);
        if ((from + FILL_BATCH) % 100_000 === 0) {
          const sofar = throughput(from + FILL_BATCH, performance.now() - fillStarted);
          progress(label, `${formatNumber(sofar.operations)} entries, ${formatNumber(sofar.perSecond)}/s`);
        }
      }
      const fill = throughput(ENTRIES, performance.now() - fillStarted);
      for (let index = ERASE_EVERY - 1; index < ENTRIES; index += ERASE_EVERY) await store.eraseDetails(index);
      const erased = Math.floor(ENTRIES / ERASE_EVERY);
      const size = await store.size();
      if (size !== ENTRIES) throw new Error(`${label}: the log holds ${size} entries, expected ${ENTRIES}`);

      const signer = CheckpointSigner.generate();
      const checkpoint = await signer.issue(store, new Date());

      progress(label, `filled at ${formatNumber(fill.perSecond)} entries/s; exporting`);
      const exportStarted = performance.now();
      const out = createWriteStream(file);
      const exported = await exportLog(store, out);
      out.end();
      await once(out, 'finish');
      const exportRun = throughput(exported, performance.now() - exportStarted);
      const exportBytes = statSync(file).size;
      if (exported !== ENTRIES) throw new Error(`${label}: exported ${exported} entries, expected ${ENTRIES}`);
      progress(
        label,
        `exported ${formatMiB(exportBytes)} at ${formatNumber(exportRun.perSecond)} entries/s; ` +
          'verifying in child processes',
      );

      // Peak memory: each size in a fresh process. The first child of a run starts 15-20 MiB larger
      // than the ones after it (with a 10-line file too), so a throwaway run over 1,000 goes first.
      const warmup = await verifyInChild({ kind: 'verify', file, limit: 1_000 });
      if (warmup.verdict?.valid !== true) throw new Error(`${label}: warm-up: ${JSON.stringify(warmup.verdict)}`);
      const small = await verifyInChild({ kind: 'verify', file, limit: SMALL });
      const smallRoot = toHex(await store.root(SMALL));
      if (small.verdict?.valid !== true || small.verdict.size !== SMALL || small.verdict.root !== smallRoot) {
        throw new Error(`${label}: the first ${SMALL} entries: ${JSON.stringify(small.verdict)}, stored ${smallRoot}`);
      }
      progress(
        label,
        `verified ${formatNumber(SMALL)} in ${formatNumber(small.ms)} ms, peak ${formatMiB(small.peakRss)}`,
      );
      const full = await verifyInChild({ kind: 'verify', file, checkpoint, publicKeyPem: signer.publicKeyPem });
      const expectFull = (reply: AuditVerifyReply): void => {
        const v = reply.verdict;
        if (v?.valid !== true || v.size !== ENTRIES || v.root !== checkpoint.rootHash) {
          throw new Error(`${label}: the export: ${JSON.stringify(v)}, checkpoint ${checkpoint.rootHash}`);
        }
      };
      expectFull(full);
      progress(
        label,
        `verified ${formatNumber(ENTRIES)} in ${formatNumber(full.ms)} ms, peak ${formatMiB(full.peakRss)}`,
      );

      // Rate: the verifier and the bare loop take turns in one warm process.
      const rateChild = new Child<AuditVerifyRequest, AuditVerifyReply>(join(__dirname, 'audit-verify.child.ts'), {
        nodeOptions: ['--expose-gc'],
      });
      let rounds: Record<'bare' | 'verify', Throughput[]>;
      try {
        const expectLines = (reply: AuditVerifyReply): Throughput => {
          // Every line, the trailer included.
          if (reply.lines !== ENTRIES + 1) throw new Error(`${label}: ${reply.kind} read ${reply.lines} lines`);
          return throughput(ENTRIES, reply.ms);
        };
        rounds = await alternate(
          ROUNDS,
          {
            bare: async () => expectLines(await rateChild.request({ kind: 'bare', file })),
            verify: async () => {
              const reply = await rateChild.request({
                kind: 'verify',
                file,
                checkpoint,
                publicKeyPem: signer.publicKeyPem,
              });
              expectFull(reply);
              return expectLines(reply);
            },
          },
          (round, name, result) =>
            progress(label, `round ${round} ${name}: ${formatNumber(result.perSecond)} entries/s`),
        );
      } finally {
        await rateChild.close();
      }

      // Proofs against the log of 1,000,000.
      const root = await store.root(ENTRIES);
      if (toHex(root) !== checkpoint.rootHash) throw new Error(`${label}: the root moved since the checkpoint`);
      const indexes = Array.from({ length: PROOFS }, () => Math.floor(Math.random() * ENTRIES));
      progress(label, `${PROOFS} inclusion proofs at ${formatNumber(ENTRIES)}`);
      const inclusion: { index: number; ms: number; length: number }[] = [];
      for (const index of indexes) {
        const started = performance.now();
        const proof = await store.inclusionProof(index, ENTRIES);
        const took = performance.now() - started;
        const [record] = await store.read(index, 1);
        if (!record) throw new Error(`${label}: no record ${index}`);
        const verdict = verifyInclusion(sha256, fromHex(record.leafHash), index, ENTRIES, proof, root);
        if (!verdict.valid) throw new Error(`${label}: the inclusion proof of ${index} fails: ${verdict.reason}`);
        const signed = verifyRecordAgainstCheckpoint(record, proof, checkpoint, signer.publicKeyPem);
        if (!signed.valid) throw new Error(`${label}: entry ${index} against the checkpoint: ${signed.reason}`);
        inclusion.push({ index, ms: took, length: proof.length });
      }
      const inclusionMs = inclusion.map((p) => p.ms);
      const warmInclusionMs = inclusionMs.slice(1);
      const inclusionLength = Math.max(...inclusion.map((p) => p.length));

      progress(label, `consistency proofs ${formatNumber(CONSISTENCY_FROM)} → ${formatNumber(ENTRIES)}`);
      const oldRoot = await store.root(CONSISTENCY_FROM);
      const older = signer.sign(CONSISTENCY_FROM, oldRoot, new Date());
      const consistency: { ms: number; length: number }[] = [];
      for (let i = 0; i < CONSISTENCY_REPEATS; i += 1) {
        const started = performance.now();
        const proof = await store.consistencyProof(CONSISTENCY_FROM, ENTRIES);
        const took = performance.now() - started;
        const verdict = verifyConsistency(sha256, CONSISTENCY_FROM, ENTRIES, oldRoot, root, proof);
        if (!verdict.valid) throw new Error(`${label}: the consistency proof fails: ${verdict.reason}`);
        const signed = verifyCheckpointConsistency(older, checkpoint, proof);
        if (!signed.valid) throw new Error(`${label}: the checkpoints are not consistent: ${signed.reason}`);
        consistency.push({ ms: took, length: proof.length });
      }
      const consistencyMs = consistency.map((p) => p.ms);
      const consistencyLength = Math.max(...consistency.map((p) => p.length));

      const medians = {
        bare: median(rounds.bare.map((r) => r.perSecond)),
        verify: median(rounds.verify.map((r) => r.perSecond)),
      };
      const verifyToBare = medianRatio(rounds.verify, rounds.bare);
      const memoryGrowth = ratio(full.peakRss, small.peakRss);
      const inclusionBound = ceilLog2(ENTRIES);
      const consistencyBound = ceilLog2(ENTRIES) + 1;
      const lengthCheck = (name: string, length: number, bound: number, what: string): TargetCheck => ({
        name,
        value: length,
        target: `<= ${bound}`,
        pass: length <= bound,
        summary: `${what}: ${length} hashes (target <= ${bound}) ${length <= bound ? 'PASS' : 'FAIL'}`,
      });
      const inclusionStats = {
        coldMs: inclusionMs[0] ?? NaN,
        medianMs: median(warmInclusionMs),
        p99Ms: percentile(warmInclusionMs, 99),
        maxMs: Math.max(...warmInclusionMs),
      };
      const consistencyStats = {
        coldMs: consistencyMs[0] ?? NaN,
        medianMs: median(consistencyMs.slice(1)),
      };
      const perRound = (name: keyof typeof rounds) => rounds[name].map((r) => formatNumber(r.perSecond));
      const memoryRow = (entries: number, reply: AuditVerifyReply) => [
        formatNumber(entries),
        formatNumber(reply.ms),
        formatNumber((entries / reply.ms) * 1000),
        formatMiB(reply.rssBefore),
        formatMiB(reply.peakRss),
        formatMiB(reply.maxRss),
        formatMiB(reply.heapUsedAfterGc),
      ];
      return {
        config: {
          entries: ENTRIES,
          smallEntries: SMALL,
          fillBatch: FILL_BATCH,
          eraseEvery: ERASE_EVERY,
          poolSize: POOL_SIZE,
          rounds: ROUNDS,
          proofs: PROOFS,
          consistencyFrom: CONSISTENCY_FROM,
          consistencyRepeats: CONSISTENCY_REPEATS,
          memorySampleMs: 50,
          memoryGrowthLimit: MEMORY_GROWTH_LIMIT,
          entryShape: 'bench/support/audit-entries.ts (realisticAuditEntry)',
          candidate:
            'verifyLog(parsed lines of the export, { checkpoint, publicKeyPem }) in a child process, lines ' +
            'read with readline from a file stream as in verify-audit-export',
          baseline: 'the same readline loop, JSON.parse and one sha256 of each line, nothing else',
        },
        results: {
          fill,
          erased,
          export: { ...exportRun, bytes: exportBytes },
          checkpoint: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, keyId: checkpoint.keyId },
          medianEntriesPerSecond: medians,
          ratios: { verifyToBare, peakRss1MTo100k: memoryGrowth },
          roundRatios: { verifyToBare: roundRatios(rounds.verify, rounds.bare) },
          rounds,
          memory: { warmup, small, full },
          inclusion: { ...inclusionStats, bound: inclusionBound, maxLength: inclusionLength, proofs: inclusion },
          consistency: {
            ...consistencyStats,
            bound: consistencyBound,
            maxLength: consistencyLength,
            proofs: consistency,
          },
        },
        targets: [
          atMost(
            'audit-verify peak RSS 1M/100k',
            memoryGrowth,
            MEMORY_GROWTH_LIMIT,
            `audit-verify memory: peak RSS ${formatMiB(small.peakRss)} at ${formatNumber(SMALL)} entries, ` +
              `${formatMiB(full.peakRss)} at ${formatNumber(ENTRIES)}`,
          ),
          lengthCheck(
            'audit-verify inclusion proof length',
            inclusionLength,
            inclusionBound,
            `audit-verify inclusion proof at ${formatNumber(ENTRIES)}: longest of ${PROOFS}`,
          ),
          lengthCheck(
            'audit-verify consistency proof length',
            consistencyLength,
            consistencyBound,
            `audit-verify consistency proof ${formatNumber(CONSISTENCY_FROM)} → ${formatNumber(ENTRIES)}`,
          ),
        ],
        notes: [
          `audit-verify memory: the verifier's RSS rose by ${formatMiB(small.peakRss - small.rssBefore)} over ` +
            `${formatNumber(SMALL)} entries and by ${formatMiB(full.peakRss - full.rssBefore)} over ` +
            `${formatNumber(ENTRIES)}; heap in use after a full GC ${formatMiB(small.heapUsedAfterGc)} and ` +
            `${formatMiB(full.heapUsedAfterGc)}`,
          `audit-verify: verifyLog ${formatNumber(medians.verify)} entries/s, bare parse + sha256 loop ` +
            `${formatNumber(medians.bare)} lines/s, ratio ${verifyToBare.toFixed(2)} (no target)`,
          `audit-verify: inclusion proof at ${formatNumber(ENTRIES)}: cold ${ms(inclusionStats.coldMs)}, ` +
            `median ${ms(inclusionStats.medianMs)}, p99 ${ms(inclusionStats.p99Ms)}; consistency ` +
            `${formatNumber(CONSISTENCY_FROM)} → ${formatNumber(ENTRIES)}: cold ${ms(consistencyStats.coldMs)}, ` +
            `median ${ms(consistencyStats.medianMs)}; all verify`,
        ],
        tables: [
          {
            title: `audit-verify: entries/s over the export of ${formatNumber(ENTRIES)} entries (${formatMiB(exportBytes)})`,
            headers: ['entries/s', ...rounds.bare.map((_, i) => `round ${i + 1}`), 'median'],
            rows: [
              ['bare loop: readline, JSON.parse, sha256', ...perRound('bare'), formatNumber(medians.bare)],
              ['verifyLog, with checkpoint', ...perRound('verify'), formatNumber(medians.verify)],
              [
                'verifyLog / bare',
                ...roundRatios(rounds.verify, rounds.bare).map((r) => r.toFixed(2)),
                verifyToBare.toFixed(2),
              ],
            ],
          },
          {
            title: 'audit-verify: verifyLog in a fresh process',
            headers: ['entries', 'ms', 'entries/s', 'RSS before', 'peak RSS', 'max RSS', 'heap after GC'],
            rows: [memoryRow(SMALL, small), memoryRow(ENTRIES, full)],
          },
          {
            title: `audit-verify: proofs at ${formatNumber(ENTRIES)} entries`,
            headers: ['proof', 'calls', 'cold', 'median (warm)', 'p99 (warm)', 'hashes', 'bound'],
            rows: [
              [
                'inclusionProof(i, 1,000,000)',
                String(PROOFS),
                ms(inclusionStats.coldMs),
                ms(inclusionStats.medianMs),
                ms(inclusionStats.p99Ms),
                String(inclusionLength),
                `${inclusionBound}`,
              ],
              [
                `consistencyProof(${formatNumber(CONSISTENCY_FROM)}, 1,000,000)`,
                String(CONSISTENCY_REPEATS),
                ms(consistencyStats.coldMs),
                ms(consistencyStats.medianMs),
                '–',
                String(consistencyLength),
                `${consistencyBound}`,
              ],
            ],
          },
          {
            title: 'audit-verify: preparing the log (not a target)',
            headers: ['step', 'entries', 'ms', 'entries/s'],
            rows: [
              [
                'append, batches of 10,000',
                formatNumber(fill.operations),
                formatNumber(fill.ms),
                formatNumber(fill.perSecond),
              ],
              [
                'exportLog to a file',
                formatNumber(exportRun.operations),
                formatNumber(exportRun.ms),
                formatNumber(exportRun.perSecond),
              ],
            ],
          },
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await pool.end();
      await schema.drop();
    }
  },
};
