// Which subtrees a proof is made of, independent of how their roots are obtained. Sizes may exceed
// 2^32, so this uses arithmetic instead of 32-bit bitwise operators.

/** Leaves [start, end) of the log. */
export type LeafRange = readonly [start: number, end: number];

export const isTreeSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

export const half = (n: number): number => Math.floor(n / 2);

export const isOdd = (n: number): boolean => n % 2 === 1;

/** The largest power of two smaller than n, for n >= 2: the split point k of RFC 6962 §2.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * The subtrees whose roots make up PATH(index, D[size]) (RFC 6962 §2.1.1), leaf-most first: the
 * recursion `PATH(m, D[0:k]) : MTH(D[k:n])` or `PATH(m - k, D[k:n]) : MTH(D[0:k])`, unrolled.
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  const siblings: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const mid = start + splitPoint(end - start);
    if (index < mid) {
      siblings.push([mid, end]);
      end = mid;
    } else {
      siblings.push([start, mid]);
      start = mid;
    }
  }
  return siblings.reverse();
}

/**
 * The subtrees whose roots make up PROOF(oldSize, D[newSize]) = SUBPROOF(oldSize, D[newSize], true)
 * (RFC 6962 §2.1.2), for 0 < oldSize <= newSize; leaf-most first.
 */
export function consistencyRanges(oldSize: number, newSize: number): LeafRange[] {
  const nodes: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  // b: whether the current subtree's root is the old root itself, which the verifier already has.
  let b = true;
  while (oldSize !== end) {
    const mid = start + splitPoint(end - start);
    if (oldSize <= mid) {
      nodes.push([mid, end]);
      end = mid;
    } else {
      nodes.push([start, mid]);
      start = mid;
      b = false;
    }
  }
  if (!b) nodes.push([start, end]);
  return nodes.reverse();
}

/**
 * Splits [start, end) into the perfect subtrees whose roots, folded from the right, give
 * MTH(D[start:end]); each piece has a power-of-two size and starts at a multiple of it, provided
 * [start, end) is itself a node of some tree (as every range above is).
 */
export function perfectSubtrees([start, end]: LeafRange): LeafRange[] {
  const pieces: LeafRange[] = [];
  let from = start;
  while (from < end) {
    const remaining = end - from;
    const size = isPowerOfTwo(remaining) ? remaining : splitPoint(remaining);
    pieces.push([from, from + size]);
    from += size;
  }
  return pieces;
}
