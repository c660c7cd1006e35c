import { toHex } from '@fallverbund/audit-merkle';
import { type AuditEntry } from './audit-entry';
import { type AuditLogStore, type AuditRecord, type Checkpoint } from './audit-log-store';
import { type CheckpointSigner } from './checkpoints';

/** An entry, or a tree size, beyond the log. */
export class ProofRangeError extends RangeError {}

/** One record and its RFC 6962 inclusion proof in the tree of `treeSize` entries, hashes in hex. */
export interface RecordInclusion {
  readonly index: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly record: AuditRecord;
  readonly proof: string[];
}

/**
 * The record at `index` and its inclusion proof in the tree of `treeSize` entries (default: the whole
 * log). Throws ProofRangeError when the entry or the size lies beyond the log.
 */
export async function proveInclusion(store: AuditLogStore, index: number, treeSize?: number): Promise<RecordInclusion> {
  const head = await store.head();
  const size = treeSize ?? head.size;
  if (size > head.size || index >= size) {
    throw new ProofRangeError(`entry ${index} is not in a log of ${size} entries (the log holds ${head.size})`);
  }
  const [[record], proof, root] = await Promise.all([
    store.read(index, 1),
    store.inclusionProof(index, size),
    store.root(size),
  ]);
  return { index, treeSize: size, rootHash: toHex(root), record: record as AuditRecord, proof: proof.map(toHex) };
}

/**
 * Everything a reader needs to check one entry on their own, with nothing but the signer's public
 * key: the entry as recorded and its salt (the digest is H(salt || canonical({index, entry}))), the
 * inclusion path from its leaf to the root of a checkpoint, and that checkpoint with its Ed25519
 * signature.
 */
export interface EntryProof {
  readonly index: number;
  readonly entry: AuditEntry;
  /** Hex. */
  readonly salt: string;
  /**
   * The digest the log stored for the entry, hex. Not needed for the proof (the leaf is recomputed
   * from entry and salt), it lets a verifier tell an altered entry from a broken path.
   */
  readonly digest: string;
  readonly inclusion: { readonly treeSize: number; readonly path: string[] };
  readonly checkpoint: Checkpoint;
}

/** The entry's details were erased at the end of its retention: there is nothing left to prove to a reader. */
export class ErasedEntryError extends Error {}

/**
 * Builds the proof of the entry at `index` against the newest checkpoint signed with `signer`'s key
 * that covers it. When there is none (the entry is newer than the newest checkpoint, or the key
 * changed since), the signer signs the log's current head now and stores that checkpoint: the same
 * checkpoint the timer (CheckpointIssuer) would sign next, only sooner, so a reader never waits for
 * the timer and never gets a proof against a key they cannot fetch.
 */
export async function buildEntryProof(
  store: AuditLogStore,
  signer: CheckpointSigner,
  index: number,
  now: Date,
): Promise<EntryProof> {
  const latest = await store.latestCheckpoint();
  let checkpoint: Checkpoint;
  if (latest && latest.keyId === signer.keyId && latest.treeSize > index) checkpoint = latest;
  else {
    const { size } = await store.head();
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new ProofRangeError(`entry ${index} is not in the log (it holds ${size})`);
    }
    checkpoint = await signer.issue(store, now);
  }
  const { record, proof } = await proveInclusion(store, index, checkpoint.treeSize);
  if (!record.entry || record.salt === null) throw new ErasedEntryError(`entry ${index} was erased`);
  return {
    index,
    entry: record.entry,
    salt: record.salt,
    digest: record.digest,
    inclusion: { treeSize: checkpoint.treeSize, path: proof },
    checkpoint,
  };
}
