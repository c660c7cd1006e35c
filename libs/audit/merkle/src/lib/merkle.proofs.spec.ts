import { sha256 } from '../testing/sha256';
import { entry, referencePath, referenceProof } from '../testing/reference';
import { toHex } from './hex';
import { TreeRangeError } from './merkle.errors';
import { leafHash } from './merkle.hash';
import {
  consistencyProof,
  consistencyProofFrom,
  inclusionProof,
  inclusionProofFrom,
  rootFrom,
  type SubtreeRoot,
} from './merkle.proofs';
import { rootOf } from './merkle.root';
import { verifyConsistency, verifyInclusion } from './merkle.verify';

const MAX = 64;
const entries = Array.from({ length: MAX }, (_, i) => entry(i));
const leaves = entries.map((data) => leafHash(sha256, data));
const roots = Array.from({ length: MAX + 1 }, (_, size) => rootOf(sha256, leaves.slice(0, size)));
const sizes = Array.from({ length: MAX }, (_, i) => i + 1);
const hex = (proof: Uint8Array[]): string[] => proof.map(toHex);

const subtreeRootOf =
  (asked: [number, number][]): SubtreeRoot =>
  (start, end) => {
    asked.push([start, end]);
    return Promise.resolve(rootOf(sha256, leaves.slice(start, end)));
  };
const isPerfectAndAligned = ([start, end]: [number, number]): boolean => {
  const n = end - start;
  return n > 0 && (n & (n - 1)) === 0 && start % n === 0;
};

describe('inclusion proofs', () => {
  it.each(sizes)('for every leaf of a tree of %i match RFC 6962 PATH, verify, and have ≤ ⌈log2 n⌉ hashes', (size) => {
    for (let index = 0; index < size; index++) {
      const proof = inclusionProof(sha256, leaves, index, size);
      expect([index, hex(proof)]).toEqual([index, hex(referencePath(index, entries.slice(0, size)))]);
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
      expect([index, verifyInclusion(sha256, leaves[index]!, index, size, proof, roots[size]!)]).toEqual([
        index,
        { valid: true },
      ]);
    }
  });

  it.each(sizes)('for a tree of %i come out the same from subtree roots', async (size) => {
    const asked: [number, number][] = [];
    for (let index = 0; index < size; index++) {
      const fromStore = await inclusionProofFrom(sha256, size, index, subtreeRootOf(asked));
      expect([index, hex(fromStore)]).toEqual([index, hex(inclusionProof(sha256, leaves, index, size))]);
    }
    expect(asked.filter((range) => !isPerfectAndAligned(range))).toEqual([]);
  });

  it('refuses a leaf outside the tree', async () => {
    expect(() => inclusionProof(sha256, leaves, 3, 3)).toThrow(TreeRangeError);
    expect(() => inclusionProof(sha256, leaves, -1, 3)).toThrow(TreeRangeError);
    expect(() => inclusionProof(sha256, leaves, 0, 0)).toThrow(TreeRangeError);
    expect(() => inclusionProof(sha256, leaves, 0, MAX + 1)).toThrow(TreeRangeError);
    await expect(inclusionProofFrom(sha256, 3, 3, subtreeRootOf([]))).rejects.toThrow(TreeRangeError);
  });
});

describe('consistency proofs', () => {
  it.each(sizes)('from every older size to %i match RFC 6962 PROOF, verify, and have ≤ ⌈log2 n⌉ + 1 hashes', (size) => {
    for (let old = 1; old <= size; old++) {
      const proof = consistencyProof(sha256, leaves, old, size);
      expect([old, hex(proof)]).toEqual([old, hex(referenceProof(old, entries.slice(0, size)))]);
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)) + 1);
      expect([old, verifyConsistency(sha256, old, size, roots[old]!, roots[size]!, proof)]).toEqual([
        old,
        { valid: true },
      ]);
    }
  });

  it.each(sizes)('to %i come out the same from subtree roots', async (size) => {
    const asked: [number, number][] = [];
    for (let old = 1; old <= size; old++) {
      const fromStore = await consistencyProofFrom(sha256, old, size, subtreeRootOf(asked));
      expect([old, hex(fromStore)]).toEqual([old, hex(consistencyProof(sha256, leaves, old, size))]);
    }
    expect(asked.filter((range) => !isPerfectAndAligned(range))).toEqual([]);
  });

  it('is empty between equal sizes', () => {
    expect(consistencyProof(sha256, leaves, 5, 5)).toEqual([]);
  });

  it('refuses an empty or a larger old tree', async () => {
    expect(() => consistencyProof(sha256, leaves, 0, 5)).toThrow(TreeRangeError);
    expect(() => consistencyProof(sha256, leaves, 6, 5)).toThrow(TreeRangeError);
    expect(() => consistencyProof(sha256, leaves, 1, MAX + 1)).toThrow(TreeRangeError);
    await expect(consistencyProofFrom(sha256, 0, 5, subtreeRootOf([]))).rejects.toThrow(TreeRangeError);
  });
});

describe('rootFrom', () => {
  it('equals rootOf for every size 0..64, asking only for perfect subtrees', async () => {
    const asked: [number, number][] = [];
    for (let size = 0; size <= MAX; size++) {
      expect([size, toHex(await rootFrom(sha256, size, subtreeRootOf(asked)))]).toEqual([size, toHex(roots[size]!)]);
    }
    expect(asked.filter((range) => !isPerfectAndAligned(range))).toEqual([]);
  });
});
