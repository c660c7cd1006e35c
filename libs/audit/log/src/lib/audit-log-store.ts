import {
  consistencyProofFrom,
  type Hash,
  inclusionProofFrom,
  MerkleTreeBuilder,
  rootFrom,
  type SubtreeRoot,
  TreeRangeError,
} from '@fallverbund/audit-merkle';
import { type AuditEntry, entryDigest, leafOfDigest } from './audit-entry';

/** One row of the log as stored and exported. Hashes and salt are lower-case hex. */
export interface AuditRecord {
  readonly index: number;
  /** null once erased at the end of its retention. */
  readonly entry: AuditEntry | null;
  readonly salt: string | null;
  readonly digest: string;
  readonly leafHash: string;
}

/** The tree over the whole log as the writer keeps it. */
export interface AuditLogHead {
  readonly size: number;
  readonly root: Uint8Array;
}

/** A signed statement of the log's size and root at one time (RFC 9162 §4.10, simplified). */
export interface Checkpoint {
  readonly treeSize: number;
  /** Hex. */
  readonly rootHash: string;
  /** ISO 8601 instant. */
  readonly issuedAt: string;
  /** Base64 Ed25519 signature over `checkpointMessage`. */
  readonly signature: string;
  readonly keyId: string;
}

/**
 * The append-only audit log. Appends take consecutive indexes under a lock and update the stored
 * Merkle frontier in the same transaction, so the head always describes exactly the rows below it.
 */
export interface AuditLogStore {
  /** Appends in one transaction; returns the indexes given, consecutive and in input order. */
  append(entries: readonly AuditEntry[]): Promise<number[]>;
  read(fromIndex: number, limit: number): Promise<AuditRecord[]>;
  size(): Promise<number>;
  head(): Promise<AuditLogHead>;
  /** MTH of the first `size` leaves (default: the whole log). */
  root(size?: number): Promise<Uint8Array>;
  inclusionProof(index: number, size: number): Promise<Uint8Array[]>;
  consistencyProof(oldSize: number, newSize: number): Promise<Uint8Array[]>;
  /** Removes entry and salt; digest and leaf stay, so the log still verifies. */
  eraseDetails(index: number): Promise<void>;
  saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
  latestCheckpoint(): Promise<Checkpoint | null>;
  close(): Promise<void>;
}

/** Digest and leaf for each new entry, and the builder advanced past them. */
export function prepareAppend(
  hash: Hash,
  builder: MerkleTreeBuilder,
  entries: readonly AuditEntry[],
  salt: () => Uint8Array,
): { index: number; entry: AuditEntry; salt: Uint8Array; digest: Uint8Array; leaf: Uint8Array }[] {
  return entries.map((entry) => {
    const index = builder.size;
    const s = salt();
    const digest = entryDigest(hash, index, entry, s);
    const leaf = leafOfDigest(hash, digest);
    builder.append(leaf);
    return { index, entry, salt: s, digest, leaf };
  });
}

const HASH_BYTES = 32;

/** The frontier is stored as one byte string: its hashes concatenated, largest subtree first. */
export const packFrontier = (frontier: readonly Uint8Array[]): Buffer => Buffer.concat(frontier);

export function unpackFrontier(packed: Uint8Array): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < packed.length; i += HASH_BYTES) hashes.push(new Uint8Array(packed.subarray(i, i + HASH_BYTES)));
  return hashes;
}

/**
 * Roots and proofs for a store: the current root comes from its head, older roots and proofs from a
 * function that reads leaf hashes [start, end) in index order. Sizes beyond the head are refused.
 */
export class StoredTreeProofs {
  readonly #subtreeRoot: SubtreeRoot;

  constructor(
    private readonly hash: Hash,
    readLeaves: (start: number, end: number) => Promise<Uint8Array[]>,
    private readonly head: () => Promise<AuditLogHead>,
  ) {
    // Perfect subtrees never change once complete, so a later cache can key on (start, end).
    this.#subtreeRoot = async (start, end) => {
      const builder = new MerkleTreeBuilder(hash);
      const leaves = await readLeaves(start, end);
      if (leaves.length !== end - start) {
        throw new TreeRangeError(`leaves ${start}..${end} are not all stored (got ${leaves.length})`);
      }
      for (const leaf of leaves) builder.append(leaf);
      return builder.root();
    };
  }

  async root(size?: number): Promise<Uint8Array> {
    const head = await this.head();
    if (size === undefined || size === head.size) return head.root;
    assertWithin(size, head.size);
    return rootFrom(this.hash, size, this.#subtreeRoot);
  }

  async inclusion(index: number, size: number): Promise<Uint8Array[]> {
    assertWithin(size, (await this.head()).size);
    return inclusionProofFrom(this.hash, size, index, this.#subtreeRoot);
  }

  async consistency(oldSize: number, newSize: number): Promise<Uint8Array[]> {
    assertWithin(newSize, (await this.head()).size);
    return consistencyProofFrom(this.hash, oldSize, newSize, this.#subtreeRoot);
  }
}

export function assertWithin(size: number, current: number): void {
  if (size > current) throw new TreeRangeError(`the log has ${current} entries, not ${size}`);
}
