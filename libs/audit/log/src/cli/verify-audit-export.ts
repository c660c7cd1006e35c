import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Checkpoint } from '../lib/audit-log-store';
import { type LogVerdict, verifyLog } from '../lib/verify';

const USAGE = 'usage: verify-audit-export <export.ndjson> [--checkpoint <checkpoint.json> --public-key <key.pem>]';

// A line that is not JSON becomes a value the verifier rejects at its index.
async function* parsedLines(file: string): AsyncGenerator<unknown> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as unknown;
    } catch {
      yield `unparseable line`;
    }
  }
}

function parseArgs(args: readonly string[]): { file: string; checkpoint?: string; publicKey?: string } | string {
  const [file, ...rest] = args;
  if (!file || file.startsWith('--')) return USAGE;
  const options: { file: string; checkpoint?: string; publicKey?: string } = { file };
  for (let i = 0; i < rest.length; i += 2) {
    const value = rest[i + 1];
    if (value === undefined) return USAGE;
    if (rest[i] === '--checkpoint') options.checkpoint = value;
    else if (rest[i] === '--public-key') options.publicKey = value;
    else return USAGE;
  }
  if ((options.checkpoint === undefined) !== (options.publicKey === undefined)) {
    return 'a checkpoint is checked with its public key: give both or neither';
  }
  return options;
}

/**
 * Verifies an export apart from the writer: prints the verdict as JSON and returns the exit code,
 * 0 for a valid log, 1 for a faulty one, 2 for a usage error or an unreadable file.
 */
export async function main(args: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    print(JSON.stringify({ valid: false, error: parsed }));
    return 2;
  }
  let verdict: LogVerdict;
  let checkpoint: Checkpoint | undefined;
  try {
    checkpoint = parsed.checkpoint ? (JSON.parse(readFileSync(parsed.checkpoint, 'utf8')) as Checkpoint) : undefined;
    const publicKeyPem = parsed.publicKey ? readFileSync(parsed.publicKey, 'utf8') : undefined;
    verdict = await verifyLog(parsedLines(parsed.file), { checkpoint, publicKeyPem });
  } catch (error) {
    print(JSON.stringify({ valid: false, error: error instanceof Error ? error.message : String(error) }));
    return 2;
  }
  print(JSON.stringify(reported(verdict, checkpoint)));
  return verdict.valid ? 0 : 1;
}

/**
 * The verdict with what was checked, said in words: without a checkpoint kept apart from the server,
 * a consistent export proves only that it agrees with itself (a rewritten history with recomputed
 * digests would pass too), so a valid verdict says so instead of a bare `valid: true`.
 */
function reported(verdict: LogVerdict, checkpoint: Checkpoint | undefined): Record<string, unknown> {
  if (!verdict.valid) return { ...verdict, checkpointChecked: checkpoint !== undefined };
  if (!checkpoint) {
    return {
      ...verdict,
      checkpointChecked: false,
      message:
        `The export is consistent in itself (${verdict.size} entries), but NO CHECKPOINT WAS CHECKED: ` +
        'this does not show that the log is the one the server signed earlier. ' +
        'Give --checkpoint <checkpoint.json> --public-key <key.pem> with a checkpoint you kept.',
    };
  }
  return {
    ...verdict,
    checkpointChecked: true,
    checkpoint: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, issuedAt: checkpoint.issuedAt },
    message:
      `The export is consistent (${verdict.size} entries) and its first ${checkpoint.treeSize} entries ` +
      'have the root of the signed checkpoint given.',
  };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
