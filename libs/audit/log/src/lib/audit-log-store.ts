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
 * What a data protection officer searches the log by. Every field narrows; absent fields do not.
 * Erased entries (past their retention) are never found.
 */
export interface AuditSearch {
  readonly caseRef?: string;
  readonly userId?: string;
  readonly agencyId?: string;
  readonly purpose?: string;
  /** An entry matches when one of its legal bases starts with this text ('consent:', 'team', '§8a'). */
  readonly legalBasis?: string;
  readonly decision?: 'permit' | 'deny';
  readonly breakGlass?: boolean;
  readonly action?: string;
  /** ISO 8601 instants on `occurredAt`: from inclusive, to exclusive. */
  readonly from?: string;
  readonly to?: string;
}

export interface AuditSearchPage {
  readonly limit: number;
  /** 'desc' (default) gives the newest entries first. */
  readonly order?: 'asc' | 'desc';
  /** Continue after this index, in the page's order (the last index of the previous page). */
  readonly after?: number;
}

/**
 * The append-only audit log, as a sequenced log: entries are first made durable in a queue, then
 * integrated, given consecutive indexes and added to the Merkle tree whose frontier the head
 * stores, so the head always describes exactly the integrated rows below it. A store whose writes
 * are serialised anyway (SQLite) may integrate on enqueue.
 */
export interface AuditLogStore {
  /** Makes the entries durable (fail closed: rejects if not); they are integrated later, in commit order. */
  enqueue(entries: readonly AuditEntry[]): Promise<void>;
  /** Integrates up to `maxBatch` queued entries now; returns how many (0 when another sequencer is at it). */
  integrate(maxBatch?: number): Promise<number>;
  /** Resolves once every entry enqueued before the call is integrated; rejects after `timeoutMs`. */
  sync(timeoutMs?: number): Promise<void>;
  /** Enqueues and waits for integration; returns the indexes given, consecutive and in input order. */
  append(entries: readonly AuditEntry[]): Promise<number[]>;
  read(fromIndex: number, limit: number): Promise<AuditRecord[]>;
  /** Entries matching every field of `filter`, in index order, one page at a time. */
  search(filter: AuditSearch, page: AuditSearchPage): Promise<AuditRecord[]>;
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

/**
 * Heights of the perfect subtrees whose roots the stores keep next to the leaves, in the same
 * transaction: every aligned run of 256 leaves and of 65,536 leaves. A proof then reads at most
 * 255 leaves, 255 level-8 and a few level-16 nodes per subtree it needs, not the whole range.
 */
export const STORED_NODE_LEVELS: readonly number[] = [8, 16];

/** The root of leaves [index * 2^level, (index + 1) * 2^level). */
export interface StoredNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Uint8Array;
}

/** The tree as the head row stores it. */
export interface StoredHead {
  readonly size: number;
  readonly frontier: readonly Uint8Array[];
}

/** What one append writes: its rows, the subtree nodes it completes and the head after it. */
export interface AppendPlan {
  readonly rows: ReturnType<typeof prepareAppend>;
  readonly nodes: readonly StoredNode[];
  readonly head: StoredHead;
}

/** Plans appending `entries` to the tree `head`; pure apart from `salt`. */
export function planAppend(
  hash: Hash,
  head: StoredHead,
  entries: readonly AuditEntry[],
  salt: () => Uint8Array,
): AppendPlan {
  const nodes: StoredNode[] = [];
  const builder = MerkleTreeBuilder.restore(hash, head.size, head.frontier, {
    levels: STORED_NODE_LEVELS,
    onSubtree: (level, index, root) => nodes.push({ level, index, hash: root }),
  });
  const rows = prepareAppend(hash, builder, entries, salt);
  return { rows, nodes, head: { size: builder.size, frontier: builder.frontier } };
}

const HASH_BYTES = 32;

/** The frontier is stored as one byte string: its hashes concatenated, largest subtree first. */
export const packFrontier = (frontier: readonly Uint8Array[]): Buffer => Buffer.concat(frontier);

export function unpackFrontier(packed: Uint8Array): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < packed.length; i += HASH_BYTES) hashes.push(new Uint8Array(packed.subarray(i, i + HASH_BYTES)));
  return hashes;
}

/** A search with its defaults applied and its instants in the stored form, checked before any SQL. */
export interface NormalizedSearch {
  readonly filter: AuditSearch;
  readonly limit: number;
  readonly order: 'asc' | 'desc';
  readonly after: number | undefined;
}

/**
 * `occurredAt` is stored as `Date#toISOString` writes it (UTC, milliseconds, 'Z'), and the stores
 * compare it as text; so `from` and `to` are brought into that form first, or refused.
 */
export function normalizeSearch(filter: AuditSearch, page: AuditSearchPage): NormalizedSearch {
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) {
    throw new RangeError(`a search page needs a limit of 0 or more, not ${page.limit}`);
  }
  if (page.after !== undefined && !Number.isSafeInteger(page.after)) {
    throw new RangeError(`'after' must be an index, not ${page.after}`);
  }
  const instant = (field: 'from' | 'to'): string | undefined => {
    const value = filter[field];
    if (value === undefined) return undefined;
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) throw new RangeError(`'${field}' is not an ISO 8601 instant: ${value}`);
    return time.toISOString();
  };
  return {
    filter: { ...filter, from: instant('from'), to: instant('to') },
    limit: page.limit,
    order: page.order ?? 'desc',
    after: page.after,
  };
}

/** How a store reads what its proofs are made of. */
export interface StoredTreeReader {
  /** Leaf hashes [start, end) in index order. */
  leaves(start: number, end: number): Promise<Uint8Array[]>;
  /** The stored nodes of one level with fromIndex <= index < toIndex, in any order; some may be missing. */
  nodes(level: number, fromIndex: number, toIndex: number): Promise<{ index: number; hash: Uint8Array }[]>;
}

const isAlignedPerfect = (start: number, end: number): boolean => {
  let width = end - start;
  if (width < 1 || start % width !== 0) return false;
  while (width % 2 === 0) width /= 2;
  return width === 1;
};

/**
 * Roots and proofs for a store: the current root comes from its head, older roots and proofs from
 * the roots of perfect subtrees, which are assembled from the largest stored nodes that cover them
 * and from leaf hashes for the rest. A node that is not stored (a log written before nodes were
 * kept) is computed from the level below, in the end from leaves. Sizes beyond the head are refused.
 */
export class StoredTreeProofs {
  readonly #subtreeRoot: SubtreeRoot;

  constructor(
    private readonly hash: Hash,
    private readonly reader: StoredTreeReader,
    private readonly head: () => Promise<AuditLogHead>,
  ) {
    this.#subtreeRoot = async (start, end) => {
      if (!isAlignedPerfect(start, end)) return this.#perfectRoot(await this.#leaves(start, end));
      const width = end - start;
      const levelIndex = STORED_NODE_LEVELS.filter((level) => 2 ** level <= width).length - 1;
      return this.#perfectRoot(await this.#rootsAt(levelIndex, start, end));
    };
  }

  async #leaves(start: number, end: number): Promise<Uint8Array[]> {
    const leaves = await this.reader.leaves(start, end);
    if (leaves.length !== end - start) {
      throw new TreeRangeError(`leaves ${start}..${end} are not all stored (got ${leaves.length})`);
    }
    return leaves;
  }

  /** MTH of consecutive roots, each of the same height; for a power-of-two count, the perfect root. */
  #perfectRoot(roots: readonly Uint8Array[]): Uint8Array {
    if (roots.length === 1) return roots[0]!;
    const builder = new MerkleTreeBuilder(this.hash);
    for (const root of roots) builder.append(root);
    return builder.root();
  }

  /**
   * The roots of the consecutive subtrees of height STORED_NODE_LEVELS[levelIndex] (leaves for -1)
   * that make up [start, end), both multiples of that width: stored ones as stored, runs of missing
   * ones from one read of the level below.
   */
  async #rootsAt(levelIndex: number, start: number, end: number): Promise<Uint8Array[]> {
    if (levelIndex < 0) return this.#leaves(start, end);
    const level = STORED_NODE_LEVELS[levelIndex]!;
    const width = 2 ** level;
    const from = start / width;
    const roots: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(end / width - from);
    for (const node of await this.reader.nodes(level, from, end / width)) roots[node.index - from] = node.hash;
    const missing: [number, number][] = [];
    for (let i = 0; i < roots.length; i++) {
      if (roots[i]) continue;
      let j = i;
      while (j < roots.length && !roots[j]) j++;
      missing.push([i, j]);
      i = j;
    }
    const perNode = width / (levelIndex === 0 ? 1 : 2 ** STORED_NODE_LEVELS[levelIndex - 1]!);
    await Promise.all(
      missing.map(async ([i, j]) => {
        const lower = await this.#rootsAt(levelIndex - 1, start + i * width, start + j * width);
        for (let k = i; k < j; k++) {
          roots[k] = this.#perfectRoot(lower.slice((k - i) * perNode, (k - i + 1) * perNode));
        }
      }),
    );
    return roots as Uint8Array[];
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
