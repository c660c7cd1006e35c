import { TreeRangeError } from './merkle.errors';
import { emptyRoot, type Hash, nodeHash } from './merkle.hash';
import { rangeRoot } from './merkle.root';
import { consistencyRanges, inclusionRanges, isTreeSize, type LeafRange, perfectSubtrees } from './tree-shape';

/**
 * Supplies MTH(D[start:end]) of a log too large to hold in memory, typically from stored leaf hashes
 * or cached subtree roots. It is only ever asked for perfect subtrees: `end - start` is a power of
 * two and `start` a multiple of it. Such a root never changes once the log has reached `end`
 * leaves, so a store may cache it forever. A function that answers for any range also fits.
 */
export type SubtreeRoot = (start: number, end: number) => Promise<Uint8Array>;

function assertInclusionArgs(index: number, size: number): void {
  if (!isTreeSize(size) || !isTreeSize(index) || index >= size) {
    throw new TreeRangeError(`no leaf ${index} in a tree of size ${size}`);
  }
}

function assertConsistencyArgs(oldSize: number, newSize: number): void {
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || oldSize < 1 || oldSize > newSize) {
    throw new TreeRangeError(`no consistency proof from size ${oldSize} to size ${newSize}; need 0 < old <= new`);
  }
}

function assertLeaves(size: number, leafHashes: readonly Uint8Array[]): void {
  if (size > leafHashes.length) {
    throw new TreeRangeError(`a tree of size ${size} needs that many leaf hashes, got ${leafHashes.length}`);
  }
}

/**
 * The inclusion proof PATH(index, D[size]) (RFC 6962 §2.1.1, RFC 9162 §2.1.3.1) for the leaf at
 * `index` in the tree of the first `size` leaf hashes. Throws TreeRangeError unless 0 <= index < size
 * <= leafHashes.length.
 */
export function inclusionProof(
  hash: Hash,
  leafHashes: readonly Uint8Array[],
  index: number,
  size: number,
): Uint8Array[] {
  assertInclusionArgs(index, size);
  assertLeaves(size, leafHashes);
  return inclusionRanges(index, size).map(([start, end]) => rangeRoot(hash, leafHashes, start, end));
}

/**
 * The consistency proof PROOF(oldSize, D[newSize]) (RFC 6962 §2.1.2, RFC 9162 §2.1.4.1) between the
 * trees of the first `oldSize` and `newSize` leaf hashes; empty when the sizes are equal. Throws
 * TreeRangeError unless 0 < oldSize <= newSize <= leafHashes.length.
 */
export function consistencyProof(
  hash: Hash,
  leafHashes: readonly Uint8Array[],
  oldSize: number,
  newSize: number,
): Uint8Array[] {
  assertConsistencyArgs(oldSize, newSize);
  assertLeaves(newSize, leafHashes);
  return consistencyRanges(oldSize, newSize).map(([start, end]) => rangeRoot(hash, leafHashes, start, end));
}

/** MTH(D[start:end]) from the roots of its perfect subtrees, fetched concurrently. */
async function rootFromPerfectSubtrees(hash: Hash, range: LeafRange, subtreeRoot: SubtreeRoot): Promise<Uint8Array> {
  const roots = await Promise.all(perfectSubtrees(range).map(([start, end]) => subtreeRoot(start, end)));
  return roots.reduceRight((right, left) => nodeHash(hash, left, right));
}

/** MTH of the first `size` leaves of a log, from its perfect subtree roots (at most one per bit of `size`). */
export async function rootFrom(hash: Hash, size: number, subtreeRoot: SubtreeRoot): Promise<Uint8Array> {
  if (!isTreeSize(size)) throw new TreeRangeError(`not a tree size: ${size}`);
  return size === 0 ? emptyRoot(hash) : rootFromPerfectSubtrees(hash, [0, size], subtreeRoot);
}

/**
 * `inclusionProof` for a log that is not in memory: asks `subtreeRoot` for O(log size) perfect
 * subtree roots. Throws TreeRangeError unless 0 <= index < size.
 */
export async function inclusionProofFrom(
  hash: Hash,
  size: number,
  index: number,
  subtreeRoot: SubtreeRoot,
): Promise<Uint8Array[]> {
  assertInclusionArgs(index, size);
  return Promise.all(inclusionRanges(index, size).map((range) => rootFromPerfectSubtrees(hash, range, subtreeRoot)));
}

/**
 * `consistencyProof` for a log that is not in memory: asks `subtreeRoot` for O(log newSize) perfect
 * subtree roots. Throws TreeRangeError unless 0 < oldSize <= newSize.
 */
export async function consistencyProofFrom(
  hash: Hash,
  oldSize: number,
  newSize: number,
  subtreeRoot: SubtreeRoot,
): Promise<Uint8Array[]> {
  assertConsistencyArgs(oldSize, newSize);
  return Promise.all(
    consistencyRanges(oldSize, newSize).map((range) => rootFromPerfectSubtrees(hash, range, subtreeRoot)),
  );
}
