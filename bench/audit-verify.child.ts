// Verifies an audit log export in a fresh process, streaming it line by line as the
// verify-audit-export CLI does, with its resident memory sampled throughout. The bare loop reads,
// parses and hashes the same lines without verifying: the baseline for the verifier's rate.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Checkpoint, type LogVerdict, verifyLog } from '@fallverbund/audit-log';
import { serveRequests } from './support/child';
import { sampleRss } from './support/measure';

export interface AuditVerifyRequest {
  readonly kind: 'verify' | 'bare';
  readonly file: string;
  /** Stop after this many records (the trailer, on the last line, is then not read). */
  readonly limit?: number;
  readonly checkpoint?: Checkpoint;
  readonly publicKeyPem?: string;
}

export interface AuditVerifyReply {
  readonly kind: AuditVerifyRequest['kind'];
  /** Lines read, the trailer included when it was reached. */
  readonly lines: number;
  readonly ms: number;
  readonly rssBefore: number;
  /** Sampled every 50 ms while the loop ran. */
  readonly peakRss: number;
  /** The process's high-water mark since it started (getrusage), in bytes. */
  readonly maxRss: number;
  readonly heapUsedAfterGc: number;
  /** For 'verify'. */
  readonly verdict?: LogVerdict;
  /** For 'bare': the last line's hash, so that the loop cannot be optimised away. */
  readonly lastHash?: string;
}

/** The file's non-empty lines, at most `limit` of them. */
async function* rawLines(file: string, limit = Infinity): AsyncGenerator<string> {
  const input = createReadStream(file, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  try {
    for await (const line of lines) {
      if (count >= limit) return;
      if (line.trim() === '') continue;
      count += 1;
      yield line;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

// As the CLI parses: a line that is not JSON becomes a value the verifier rejects at its index.
async function* parsedLines(file: string, limit: number | undefined, counter: { lines: number }) {
  for await (const line of rawLines(file, limit)) {
    counter.lines += 1;
    try {
      yield JSON.parse(line) as unknown;
    } catch {
      yield 'unparseable line';
    }
  }
}

const bareLoop = async (file: string, limit: number | undefined, counter: { lines: number }): Promise<string> => {
  let last = '';
  for await (const line of rawLines(file, limit)) {
    counter.lines += 1;
    const parsed = JSON.parse(line) as { index?: number };
    last = createHash('sha256').update(line).digest('hex');
    if (parsed.index === -1) last = '';
  }
  return last;
};

serveRequests<AuditVerifyRequest, AuditVerifyReply>(async (request) => {
  const counter = { lines: 0 };
  const started = performance.now();
  const { result, rssBefore, peakRss } = await sampleRss(async () =>
    request.kind === 'verify'
      ? {
          verdict: await verifyLog(parsedLines(request.file, request.limit, counter), {
            ...(request.checkpoint ? { checkpoint: request.checkpoint } : {}),
            ...(request.publicKeyPem ? { publicKeyPem: request.publicKeyPem } : {}),
          }),
        }
      : { lastHash: await bareLoop(request.file, request.limit, counter) },
  );
  const ms = performance.now() - started;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  if (!global.gc) throw new Error('start this child with --expose-gc');
  global.gc();
  return {
    kind: request.kind,
    lines: counter.lines,
    ms,
    rssBefore,
    peakRss,
    maxRss,
    heapUsedAfterGc: process.memoryUsage().heapUsed,
    ...result,
  };
});
