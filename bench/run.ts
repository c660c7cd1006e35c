// npm run bench [-- <name>...]: runs the benchmarks (all by default), prints their tables and
// verdicts, and writes bench/results/<name>.json.
import { appendBenchmark } from './append.bench';
import { auditReadBenchmark } from './audit-read.bench';
import { auditVerifyBenchmark } from './audit-verify.bench';
import { caseLoadBenchmark } from './case-load.bench';
import { caseSearchBenchmark } from './case-search.bench';
import { httpBenchmark } from './http.bench';
import { kafkaRelayBenchmark } from './kafka-relay.bench';
import { policyListBenchmark } from './policy-list.bench';
import { policyReadBenchmark } from './policy-read.bench';
import { readModelLagBenchmark } from './read-model-lag.bench';
import { rebuildBenchmark } from './rebuild.bench';
import { replicasBenchmark } from './replicas.bench';
import { retentionBenchmark } from './retention.bench';
import { type Benchmark } from './support/benchmark';
import { webBundleBenchmark } from './web-bundle.bench';
import { webCasePageBenchmark } from './web-case-page.bench';
import { benchDatabaseUrl, openBenchPool } from './support/bench-database';
import { machineFacts } from './support/machine';
import { printTable, writeReport } from './support/report';
import { sourceFacts } from './support/source';

const BENCHMARKS: readonly Benchmark[] = [
  appendBenchmark,
  rebuildBenchmark,
  policyReadBenchmark,
  policyListBenchmark,
  caseSearchBenchmark,
  auditReadBenchmark,
  auditVerifyBenchmark,
  kafkaRelayBenchmark,
  caseLoadBenchmark,
  readModelLagBenchmark,
  webBundleBenchmark,
  webCasePageBenchmark,
  httpBenchmark,
  replicasBenchmark,
  retentionBenchmark,
];

const main = async (): Promise<void> => {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  }
  const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;

  const url = benchDatabaseUrl();
  const adminPool = openBenchPool(url, 2);
  const verdicts: string[] = [];
  let failed = false;
  try {
    const machine = await machineFacts(adminPool);
    console.log(
      `${machine.os}, ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ` +
        `Node ${machine.node}, PostgreSQL ${machine.postgres.version}`,
    );
    const source = sourceFacts();
    console.log(
      `source ${source.commit.slice(0, 10)}` +
        (source.uncommitted.length > 0
          ? ` + ${source.uncommitted.length} uncommitted files in libs/, apps/ (listed in the JSON)`
          : ''),
    );
    for (const benchmark of selected) {
      const startedAt = new Date();
      const outcome = await benchmark.run({ url, adminPool });
      for (const table of outcome.tables) printTable(table.title, table.headers, table.rows);
      const file = writeReport({
        benchmark: benchmark.name,
        description: benchmark.description,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        machine,
        source,
        config: outcome.config,
        results: outcome.results,
        targets: outcome.targets,
        notes: outcome.notes ?? [],
      });
      process.stderr.write(`[${benchmark.name}] wrote ${file}\n`);
      for (const target of outcome.targets) {
        verdicts.push(target.summary);
        failed ||= !target.pass;
      }
      verdicts.push(...(outcome.notes ?? []));
    }
  } finally {
    await adminPool.end();
  }
  console.log('');
  for (const verdict of verdicts) console.log(verdict);
  // A missed target is a finding, not a crash: the exit code tells CI without hiding the figures.
  if (failed) process.exitCode = 1;
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
