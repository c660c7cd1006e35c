import { performance } from 'node:perf_hooks';

export interface Throughput {
  readonly operations: number;
  readonly ms: number;
  readonly perSecond: number;
}

export const throughput = (operations: number, ms: number): Throughput => ({
  operations,
  ms: Math.round(ms),
  perSecond: Math.round((operations / ms) * 1000),
});

/**
 * Runs `operation` in `writers` concurrent loops until `durationMs` has passed, and counts the
 * operations that completed. The clock stops when the last loop finishes its last operation.
 */
export const runConcurrently = async (
  writers: number,
  durationMs: number,
  operation: () => Promise<unknown>,
): Promise<Throughput> => {
  const started = performance.now();
  const deadline = started + durationMs;
  let operations = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        await operation();
        operations += 1;
      }
    }),
  );
  return throughput(operations, performance.now() - started);
};

/** Times one run of `work`, which returns how many items it handled. */
export const timed = async (work: () => Promise<number>): Promise<Throughput> => {
  const started = performance.now();
  const items = await work();
  return throughput(items, performance.now() - started);
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) throw new Error('median of nothing');
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Nearest-rank percentile, `p` in (0, 100]. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('percentile of nothing');
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number;
};

export const ratio = (candidate: number, baseline: number): number => Math.round((candidate / baseline) * 100) / 100;

/**
 * Runs each contender once per round, in turn, so that slow phases of a shared machine hit every
 * contender alike; returns each contender's results in round order.
 */
export const alternate = async <K extends string>(
  rounds: number,
  contenders: Readonly<Record<K, () => Promise<Throughput>>>,
  onResult?: (round: number, name: K, result: Throughput) => void,
): Promise<Record<K, Throughput[]>> => {
  const names = Object.keys(contenders) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as Throughput[]])) as Record<K, Throughput[]>;
  for (let round = 1; round <= rounds; round += 1) {
    for (const name of names) {
      const result = await contenders[name]();
      results[name].push(result);
      onResult?.(round, name, result);
    }
  }
  return results;
};

/** Samples the resident set size while `work` runs; a page of events that stays in memory shows here. */
export const sampleRss = async <T>(
  work: () => Promise<T>,
  everyMs = 50,
): Promise<{ result: T; rssBefore: number; peakRss: number }> => {
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, everyMs);
  try {
    const result = await work();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { result, rssBefore, peakRss };
  } finally {
    clearInterval(timer);
  }
};

/**
 * The candidate's rate over the baseline's, round by round. Contenders of one round ran seconds
 * apart, so load from elsewhere on the machine hits both sides of each ratio alike.
 */
export const roundRatios = (candidate: readonly Throughput[], baseline: readonly Throughput[]): number[] =>
  candidate.map((c, i) => ratio(c.perSecond, baseline[i]?.perSecond ?? NaN));

export const medianRatio = (candidate: readonly Throughput[], baseline: readonly Throughput[]): number =>
  Math.round(median(roundRatios(candidate, baseline)) * 100) / 100;
