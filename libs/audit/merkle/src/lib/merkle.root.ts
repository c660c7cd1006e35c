import { emptyRoot, type Hash, nodeHash } from './merkle.hash';
import { TreeRangeError } from './merkle.errors';
import { half, isOdd, isTreeSize, splitPoint } from './tree-shape';

/** MTH(D[start:end]) for 0 <= start < end <= leafHashes.length. Recursion depth is log2(end - start). */
export function rangeRoot(hash: Hash, leafHashes: readonly Uint8Array[], start: number, end: number): Uint8Array {
  if (end - start === 1) return leafHashes[start]!;
  const mid = start + splitPoint(end - start);
  return nodeHash(hash, rangeRoot(hash, leafHashes, start, mid), rangeRoot(hash, leafHashes, mid, end));
}

/** The Merkle Tree Hash MTH (RFC 6962 §2.1, RFC 9162 §2.1.1) of a list of leaf hashes. */
export function rootOf(hash: Hash, leafHashes: readonly Uint8Array[]): Uint8Array {
  return leafHashes.length === 0 ? emptyRoot(hash) : rangeRoot(hash, leafHashes, 0, leafHashes.length);
}

function onesIn(n: number): number {
  let ones = 0;
  for (; n > 0; n = half(n)) if (isOdd(n)) ones++;
  return ones;
}

/**
 * Told about the perfect subtrees a builder completes at chosen heights, so that a store can keep
 * their roots (like the tiles of a tile-based log) and later answer for a range without its leaves.
 */
export interface SubtreeObserver {
  /** Heights to report: 0 is a leaf, 8 a subtree of 256 leaves. */
  readonly levels: readonly number[];
  /**
   * Called once per completed subtree at one of `levels`, the `index`-th of its height: it covers
   * leaves [index * 2^level, (index + 1) * 2^level). Lower heights are reported first.
   */
  readonly onSubtree: (level: number, index: number, root: Uint8Array) => void;
}

/**
 * Builds the root of an append-only log one leaf hash at a time. It keeps only the compact range
 * of the tree: the roots of the perfect subtrees that the binary digits of `size` describe, largest
 * first, at most 53 hashes whatever the size.
 */
export class MerkleTreeBuilder {
  readonly #hash: Hash;
  readonly #frontier: Uint8Array[];
  readonly #observed: ReadonlySet<number>;
  readonly #onSubtree: SubtreeObserver['onSubtree'] | undefined;
  #size: number;

  /** `observer`, when given, hears of every perfect subtree completed at one of its levels. */
  constructor(hash: Hash, observer?: SubtreeObserver) {
    this.#hash = hash;
    this.#frontier = [];
    this.#size = 0;
    this.#observed = new Set(observer?.levels ?? []);
    this.#onSubtree = observer?.onSubtree;
  }

  /**
   * Resumes from a stored `size` and `frontier` (as read from those properties). Throws
   * TreeRangeError when the frontier does not have one hash per set bit of `size`.
   */
  static restore(
    hash: Hash,
    size: number,
    frontier: readonly Uint8Array[],
    observer?: SubtreeObserver,
  ): MerkleTreeBuilder {
    if (!isTreeSize(size) || frontier.length !== onesIn(size)) {
      throw new TreeRangeError(`a tree of size ${size} has ${onesIn(size)} frontier hashes, got ${frontier.length}`);
    }
    const builder = new MerkleTreeBuilder(hash, observer);
    builder.#frontier.push(...frontier);
    builder.#size = size;
    return builder;
  }

  /** The number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /** Roots of the perfect subtrees covering the leaves so far, leftmost (largest) first. */
  get frontier(): readonly Uint8Array[] {
    return [...this.#frontier];
  }

  append(leafHash: Uint8Array): void {
    if (this.#size === Number.MAX_SAFE_INTEGER) throw new TreeRangeError('the tree is full');
    // Each trailing one bit of the old size is a perfect subtree of the same height as the carry.
    let carry = leafHash;
    let level = 0;
    this.#observe(level, carry);
    for (let n = this.#size; isOdd(n); n = half(n)) {
      carry = nodeHash(this.#hash, this.#frontier.pop()!, carry);
      this.#observe(++level, carry);
    }
    this.#frontier.push(carry);
    this.#size++;
  }

  // The subtree of height `level` just completed ends with the leaf being appended, at #size.
  #observe(level: number, root: Uint8Array): void {
    if (this.#onSubtree && this.#observed.has(level)) {
      this.#onSubtree(level, (this.#size + 1) / 2 ** level - 1, root);
    }
  }

  /** MTH of the leaves appended so far; H("") while there are none. */
  root(): Uint8Array {
    const last = this.#frontier.length - 1;
    if (last < 0) return emptyRoot(this.#hash);
    let root = this.#frontier[last]!;
    for (let i = last - 1; i >= 0; i--) root = nodeHash(this.#hash, this.#frontier[i]!, root);
    return root;
  }
}
