import { fromHex, toHex, verifyConsistency } from '@fallverbund/audit-merkle';
import { type AuditEntry, sha256 } from './audit-entry';
import { type AuditLogStore, type AuditRecord, type Checkpoint } from './audit-log-store';
import { type CheckpointSigner, verifyCheckpoint } from './checkpoints';

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

/**
 * The log as stored does not extend the newest checkpoint this key signed (or that checkpoint's
 * signature does not verify): rows were changed behind the log's back. Nothing is signed then.
 */
export class InconsistentLogError extends Error {}

/**
 * Signs the log's head, but only when it extends the newest checkpoint signed with the same key: a
 * server that signs whatever its database holds would certify a history rewritten there (entries,
 * digests, leaves, stored nodes and head recomputed together). Checkpoints of another key, which this
 * server cannot check, are not a baseline. What was appended since the last checkpoint is covered by
 * none and cannot be checked this way; the timer keeps that stretch short.
 */
export async function issueExtendingCheckpoint(
  store: AuditLogStore,
  signer: CheckpointSigner,
  latest: Checkpoint | null,
  now: Date,
): Promise<Checkpoint> {
  const head = await store.head();
  if (latest && latest.keyId === signer.keyId) {
    const signed = verifyCheckpoint(latest, signer.publicKeyPem);
    if (!signed.valid) throw new InconsistentLogError(`the newest checkpoint does not verify: ${signed.reason}`);
    if (latest.treeSize > head.size) {
      throw new InconsistentLogError(`the log holds ${head.size} entries, its checkpoint ${latest.treeSize}`);
    }
    if (latest.treeSize > 0) {
      const proof = await store.consistencyProof(latest.treeSize, head.size);
      const verdict = verifyConsistency(sha256, latest.treeSize, head.size, fromHex(latest.rootHash), head.root, proof);
      if (!verdict.valid) throw new InconsistentLogError(`the log does not extend its checkpoint: ${verdict.reason}`);
    }
  }
  const checkpoint = signer.sign(head.size, head.root, now);
  await store.saveCheckpoint(checkpoint);
  return checkpoint;
}

/** The entry's details were erased at the end of its retention: there is nothing left to prove to a reader. */
export class ErasedEntryError extends Error {}

/**
 * Builds the proof of the entry at `index` against the newest checkpoint signed with `signer`'s key
 * that covers it. When there is none (the entry is newer than the newest checkpoint, or the key
 * changed since), the signer signs the log's current head now and stores that checkpoint: the same
 * checkpoint the timer (CheckpointIssuer) would sign next, only sooner, so a reader never waits for
 * the timer and never gets a proof against a key they cannot fetch — but only if the head extends the
 * newest checkpoint of that key (issueExtendingCheckpoint; InconsistentLogError otherwise).
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
    checkpoint = await issueExtendingCheckpoint(store, signer, latest, now);
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
