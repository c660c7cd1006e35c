import {
  bytesEqual,
  fromHex,
  leafHash,
  MerkleTreeBuilder,
  toHex,
  verifyInclusion,
  type Verification,
} from '@fallverbund/audit-merkle';
import { entryDigest, sha256 } from './audit-entry';
import { type AuditRecord, type Checkpoint } from './audit-log-store';
import { verifyCheckpoint } from './checkpoints';

/** The last line of an export: the writer's head when the export was taken. */
export interface ExportTrailer {
  readonly head: { readonly size: number; readonly root: string };
}

export type LogVerdict =
  | { valid: true; size: number; root: string }
  /** `firstBadIndex` is null when only a root disagrees, which does not say which entry changed. */
  | { valid: false; firstBadIndex: number | null; reason: string };

export interface VerifyLogOptions {
  /** A checkpoint kept apart from the log (by the DPO); needs `publicKeyPem`. */
  readonly checkpoint?: Checkpoint;
  readonly publicKeyPem?: string;
}

const HEX_HASH = /^[0-9a-f]{64}$/;
const HEX_SALT = /^(?:[0-9a-f]{2})+$/;

const isTrailer = (line: unknown): line is ExportTrailer => typeof line === 'object' && line !== null && 'head' in line;

// Shape only: an entry's content is covered by its digest, not by a schema.
function recordProblem(line: unknown): string | undefined {
  if (typeof line !== 'object' || line === null) return 'line is not a record';
  const r = line as Partial<Record<keyof AuditRecord, unknown>>;
  if (!Number.isSafeInteger(r.index)) return 'record has no integer index';
  if (typeof r.digest !== 'string' || !HEX_HASH.test(r.digest)) return 'digest is not 32 bytes of lower-case hex';
  if (typeof r.leafHash !== 'string' || !HEX_HASH.test(r.leafHash))
    return 'leaf hash is not 32 bytes of lower-case hex';
  const erased = r.entry === null && r.salt === null;
  const present = typeof r.entry === 'object' && r.entry !== null && typeof r.salt === 'string';
  if (!erased && !present) return 'entry and salt must both be present or both erased';
  if (present && !HEX_SALT.test(r.salt as string)) return 'salt is not hex';
  return undefined;
}

/**
 * Checks an exported log from its first entry: each index in sequence, each digest against its
 * entry and salt (erased entries by their stored digest alone), each leaf against its digest, and
 * the Merkle root against the export's trailer and a signed checkpoint. Streams: memory stays
 * O(log n) whatever the length. Stops at the first fault and names its index.
 */
export async function verifyLog(
  lines: Iterable<unknown> | AsyncIterable<unknown>,
  options: VerifyLogOptions = {},
): Promise<LogVerdict> {
  const { checkpoint, publicKeyPem } = options;
  if (checkpoint) {
    if (!publicKeyPem) return { valid: false, firstBadIndex: null, reason: 'a checkpoint needs the public key' };
    const signed = verifyCheckpoint(checkpoint, publicKeyPem);
    if (!signed.valid) return { valid: false, firstBadIndex: null, reason: signed.reason };
  }
  const builder = new MerkleTreeBuilder(sha256);
  const checkRoot = (): LogVerdict | undefined =>
    checkpoint && builder.size === checkpoint.treeSize && toHex(builder.root()) !== checkpoint.rootHash.toLowerCase()
      ? {
          valid: false,
          firstBadIndex: null,
          reason: `the first ${checkpoint.treeSize} entries do not have the checkpoint's root`,
        }
      : undefined;
  let trailer: ExportTrailer | undefined;

  for await (const line of lines) {
    const index = builder.size;
    if (trailer) return { valid: false, firstBadIndex: index, reason: 'entries after the trailer' };
    if (isTrailer(line)) {
      trailer = line;
      continue;
    }
    const rootFault = checkRoot();
    if (rootFault) return rootFault;
    const problem = recordProblem(line);
    if (problem) return { valid: false, firstBadIndex: index, reason: problem };
    const record = line as AuditRecord;
    if (record.index > index) {
      return { valid: false, firstBadIndex: index, reason: `entry ${index} is missing (next is ${record.index})` };
    }
    if (record.index < index) {
      return {
        valid: false,
        firstBadIndex: index,
        reason: `index ${record.index} appears again or out of order where ${index} was due`,
      };
    }
    const digest = fromHex(record.digest);
    if (record.entry !== null && record.salt !== null) {
      const recomputed = entryDigest(sha256, index, record.entry, fromHex(record.salt));
      if (!bytesEqual(recomputed, digest)) {
        return { valid: false, firstBadIndex: index, reason: 'digest does not match the entry, its salt and index' };
      }
    }
    const leaf = leafHash(sha256, digest);
    if (toHex(leaf) !== record.leafHash) {
      return { valid: false, firstBadIndex: index, reason: 'leaf hash does not match the digest' };
    }
    builder.append(leaf);
  }

  const rootFault = checkRoot();
  if (rootFault) return rootFault;
  if (checkpoint && builder.size < checkpoint.treeSize) {
    return {
      valid: false,
      firstBadIndex: builder.size,
      reason: `the export ends at ${builder.size} entries, before the checkpoint's ${checkpoint.treeSize}`,
    };
  }
  const root = toHex(builder.root());
  if (trailer) {
    const { size, root: headRoot } = trailer.head;
    if (builder.size > size) {
      return { valid: false, firstBadIndex: size, reason: `entries beyond the log head of size ${size}` };
    }
    if (builder.size < size) {
      return { valid: false, firstBadIndex: builder.size, reason: `the export ends before the head of size ${size}` };
    }
    if (root !== headRoot)
      return { valid: false, firstBadIndex: null, reason: "the entries do not have the head's root" };
  }
  return { valid: true, size: builder.size, root };
}

/**
 * Checks one exported record against a checkpoint the DPO kept, with the store's inclusion proof
 * for (record.index, checkpoint.treeSize).
 */
export function verifyRecordAgainstCheckpoint(
  record: AuditRecord,
  proof: readonly Uint8Array[],
  checkpoint: Checkpoint,
  publicKeyPem: string,
): Verification {
  const signed = verifyCheckpoint(checkpoint, publicKeyPem);
  if (!signed.valid) return signed;
  const problem = recordProblem(record);
  if (problem) return { valid: false, reason: problem };
  const digest = fromHex(record.digest);
  if (record.entry !== null && record.salt !== null) {
    const recomputed = entryDigest(sha256, record.index, record.entry, fromHex(record.salt));
    if (!bytesEqual(recomputed, digest)) return { valid: false, reason: 'digest does not match the entry' };
  }
  return verifyInclusion(
    sha256,
    leafHash(sha256, digest),
    record.index,
    checkpoint.treeSize,
    proof,
    fromHex(checkpoint.rootHash),
  );
}
