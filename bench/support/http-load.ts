import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { percentile, throughput, type Throughput } from './measure';

export interface HttpRequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface HttpLoadRun extends Throughput {
  /** Latency of the 2xx answers, from autocannon's per-response timer. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers other than 2xx, plus connection errors and timeouts. */
  readonly failed: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * `connections` keep-alive clients (autocannon) for `seconds`; client `i` sends the requests that
 * `requestsOf(i)` yields, one after the other, so each client can keep to its own share of the cases.
 * The rate counts 2xx answers only, over the wall time of the run.
 */
export const httpLoad = async (options: {
  readonly base: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requestsOf: (client: number) => () => HttpRequestSpec;
}): Promise<HttpLoadRun> => {
  let clients = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const instance = autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    setupClient: (client) => {
      const next = options.requestsOf(clients);
      clients += 1;
      // autocannon writes content-length into the headers object it is given: each request gets its own.
      client.setRequests([
        {
          setupRequest: (request) => {
            const spec = next();
            return { ...request, ...spec, headers: { ...spec.headers } };
          },
        },
      ]);
    },
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const ms = performance.now() - started;
  const failed = result.non2xx + result.errors + result.timeouts;
  return {
    ...throughput(latencies.length, ms),
    p50Ms: latencies.length > 0 ? round2(percentile(latencies, 50)) : NaN,
    p99Ms: latencies.length > 0 ? round2(percentile(latencies, 99)) : NaN,
    failed,
    statuses,
  };
};

const round2 = (n: number): number => Math.round(n * 100) / 100;
