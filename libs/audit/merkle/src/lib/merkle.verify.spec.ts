import { sha256 } from '../testing/sha256';
import { entry } from '../testing/reference';
import { leafHash } from './merkle.hash';
import { consistencyProof, inclusionProof } from './merkle.proofs';
import { rootOf } from './merkle.root';
import { type Verification, verifyConsistency, verifyInclusion } from './merkle.verify';

const MAX = 32;
const leaves = Array.from({ length: 2 * MAX }, (_, i) => leafHash(sha256, entry(i)));
const roots = Array.from({ length: 2 * MAX + 1 }, (_, size) => rootOf(sha256, leaves.slice(0, size)));
const sizes = Array.from({ length: MAX }, (_, i) => i + 1);
const someHash = sha256(Uint8Array.of(42));

const LENGTH = /^wrong proof length/;
const MISMATCH = /^root mismatch/;
const WRONG_SIZE = /^(wrong proof length|root mismatch|leaf index \d+ is not below|old tree size \d+ is larger)/;

const flipBit = (bytes: Uint8Array, bit = 3): Uint8Array => {
  const copy = bytes.slice();
  copy[0] = copy[0]! ^ (1 << bit);
  return copy;
};
const replaced = (proof: Uint8Array[], i: number, element: Uint8Array): Uint8Array[] =>
  proof.map((e, j) => (j === i ? element : e));
const swapped = (proof: Uint8Array[], i: number): Uint8Array[] =>
  proof.map((e, j) => (j === i ? proof[i + 1]! : j === i + 1 ? proof[i]! : e));

type Probe = [description: string, run: () => Verification, reason: RegExp];

/** The probes that were accepted, or refused with an unexpected reason; [] when all is well. */
function misjudged(probes: Probe[]): string[] {
  return probes.flatMap(([description, run, reason]) => {
    const result = run();
    return result.valid || !reason.test(result.reason) ? [`${description}: ${JSON.stringify(result)}`] : [];
  });
}

function inclusionProbes(index: number, size: number): Probe[] {
  const proof = inclusionProof(sha256, leaves, index, size);
  const leaf = leaves[index]!;
  const root = roots[size]!;
  const verify =
    (i: number, n: number, p: readonly Uint8Array[] = proof, l = leaf, r = root) =>
    () =>
      verifyInclusion(sha256, l, i, n, p, r);
  const probes: Probe[] = [
    ['index = size', verify(size, size), /^leaf index \d+ is not below tree size/],
    ['index > size', verify(size + 5, size), /^leaf index \d+ is not below tree size/],
    ['size * 2', verify(index, size * 2), WRONG_SIZE],
    ['size 0', verify(0, 0), /^tree size must be a positive integer/],
    ['negative index', verify(-1, size), /^leaf index must be a non-negative integer/],
    ['fractional index', verify(index + 0.5, size), /^leaf index must be a non-negative integer/],
    ['NaN size', verify(index, NaN), /^tree size must be a positive integer/],
    ['flipped leaf bit', verify(index, size, proof, flipBit(leaf)), MISMATCH],
    ['flipped root bit', verify(index, size, proof, leaf, flipBit(root)), MISMATCH],
    ['another leaf', verify(index, size, proof, leaves[size + 1]), MISMATCH],
    ['empty root', verify(index, size, proof, leaf, sha256(new Uint8Array(0))), MISMATCH],
    ['extra element', verify(index, size, [...proof, someHash]), LENGTH],
    ['extra root at the front', verify(index, size, [root, ...proof]), LENGTH],
    ['short leaf hash', verify(index, size, proof, leaf.subarray(1)), /^leaf hash has 31 bytes/],
    ['long root', verify(index, size, proof, leaf, new Uint8Array(33)), /^root has 33 bytes/],
    ['empty leaf hash', verify(index, size, proof, new Uint8Array(0)), /^leaf hash has 0 bytes/],
    ['proof is not an array', verify(index, size, null as unknown as Uint8Array[]), /^proof is not an array/],
    ['leaf is a string', verify(index, size, proof, 'leaf' as unknown as Uint8Array), /^leaf hash is not a byte/],
  ];
  if (index + 1 < size) probes.push(['index + 1', verify(index + 1, size), WRONG_SIZE]);
  if (index > 0) probes.push(['index - 1', verify(index - 1, size), WRONG_SIZE]);
  if ((index ^ 2) < size) probes.push(['index ^ 2', verify(index ^ 2, size), WRONG_SIZE]);
  if (size > 1) probes.push(['size / 2', verify(index, Math.floor(size / 2)), WRONG_SIZE]);
  if (proof.length > 0) {
    probes.push(['truncated', verify(index, size, proof.slice(0, -1)), LENGTH]);
    probes.push(['first element dropped', verify(index, size, proof.slice(1)), LENGTH]);
    probes.push(['element not bytes', verify(index, size, [...proof.slice(1), 7 as never]), /is not a byte array/]);
  }
  for (let i = 0; i < proof.length; i++) {
    probes.push([`flipped bit in proof[${i}]`, verify(index, size, replaced(proof, i, flipBit(proof[i]!))), MISMATCH]);
    probes.push([`short proof[${i}]`, verify(index, size, replaced(proof, i, proof[i]!.subarray(1))), /has 31 bytes/]);
  }
  for (let i = 0; i + 1 < proof.length; i++) {
    probes.push([`swapped proof[${i}] and proof[${i + 1}]`, verify(index, size, swapped(proof, i)), MISMATCH]);
  }
  return probes;
}

function consistencyProbes(oldSize: number, newSize: number): Probe[] {
  const proof = consistencyProof(sha256, leaves, oldSize, newSize);
  const [oldRoot, newRoot] = [roots[oldSize]!, roots[newSize]!];
  const verify =
    (m: number, n: number, p: readonly Uint8Array[] = proof, r1 = oldRoot, r2 = newRoot) =>
    () =>
      verifyConsistency(sha256, m, n, r1, r2, p);
  const probes: Probe[] = [
    ['old size 0', verify(0, newSize), /^old tree size must be a positive integer/],
    ['old size > new size', verify(newSize, oldSize), /^old tree size \d+ is larger than new tree size/],
    ['old size + 1', verify(oldSize + 1, newSize), WRONG_SIZE],
    ['new size * 2', verify(oldSize, newSize * 2), WRONG_SIZE],
    ['new size / 2', verify(oldSize, Math.floor(newSize / 2)), WRONG_SIZE],
    ['fractional new size', verify(oldSize, newSize - 0.5), /^new tree size must be a non-negative integer/],
    ['swapped roots', verify(oldSize, newSize, proof, newRoot, oldRoot), MISMATCH],
    ['flipped old root bit', verify(oldSize, newSize, proof, flipBit(oldRoot)), MISMATCH],
    ['flipped new root bit', verify(oldSize, newSize, proof, oldRoot, flipBit(newRoot)), MISMATCH],
    ['empty proof', verify(oldSize, newSize, []), LENGTH],
    ['truncated', verify(oldSize, newSize, proof.slice(0, -1)), LENGTH],
    ['first element dropped', verify(oldSize, newSize, proof.slice(1)), LENGTH],
    ['extra element', verify(oldSize, newSize, [...proof, someHash]), LENGTH],
    ['old root appended', verify(oldSize, newSize, [...proof, oldRoot]), LENGTH],
    ['old root prepended', verify(oldSize, newSize, [oldRoot, ...proof]), LENGTH],
    ['proof[0] repeated', verify(oldSize, newSize, [proof[0]!, ...proof]), LENGTH],
    ['long old root', verify(oldSize, newSize, proof, new Uint8Array(33)), /^old root has 33 bytes/],
    ['short new root', verify(oldSize, newSize, proof, oldRoot, newRoot.subarray(1)), /^new root has 31 bytes/],
    ['proof is a string', verify(oldSize, newSize, 'proof' as never), /^proof is not an array/],
  ];
  if (oldSize > 1) probes.push(['old size - 1', verify(oldSize - 1, newSize), WRONG_SIZE]);
  if ((oldSize ^ 2) !== 0) probes.push(['old size ^ 2', verify(oldSize ^ 2, newSize), WRONG_SIZE]);
  for (let i = 0; i < proof.length; i++) {
    const p = replaced(proof, i, flipBit(proof[i]!, 4));
    probes.push([`flipped bit in proof[${i}]`, verify(oldSize, newSize, p), MISMATCH]);
    probes.push([`empty proof[${i}]`, verify(oldSize, newSize, replaced(proof, i, new Uint8Array(0))), /has 0 bytes/]);
  }
  for (let i = 0; i + 1 < proof.length; i++) {
    probes.push([`swapped proof[${i}] and proof[${i + 1}]`, verify(oldSize, newSize, swapped(proof, i)), MISMATCH]);
  }
  return probes;
}

describe('verifyInclusion', () => {
  it.each(sizes)('refuses every corruption of every proof in a tree of %i, with a reason', (size) => {
    for (let index = 0; index < size; index++) expect(misjudged(inclusionProbes(index, size))).toEqual([]);
  });

  it('refuses anything for the empty tree', () => {
    expect(verifyInclusion(sha256, leaves[0]!, 0, 0, [], roots[0]!)).toEqual({
      valid: false,
      reason: 'tree size must be a positive integer, got 0',
    });
  });

  it('accepts the single leaf of a tree of one with an empty proof, and nothing else', () => {
    expect(verifyInclusion(sha256, leaves[0]!, 0, 1, [], roots[1]!)).toEqual({ valid: true });
    expect(verifyInclusion(sha256, leaves[1]!, 0, 1, [], roots[1]!)).toEqual({
      valid: false,
      reason: 'root mismatch: the proof leads to a different root',
    });
  });

  it('names the expected and actual proof length', () => {
    const proof = inclusionProof(sha256, leaves, 5, 8);
    expect(verifyInclusion(sha256, leaves[5]!, 5, 8, proof.slice(0, 2), roots[8]!)).toEqual({
      valid: false,
      reason: 'wrong proof length: leaf 5 of 8 needs 3 hashes, got 2',
    });
  });
});

describe('verifyConsistency', () => {
  it.each(sizes.slice(1))('refuses every corruption of every proof to a tree of %i, with a reason', (newSize) => {
    for (let oldSize = 1; oldSize < newSize; oldSize++) {
      expect(misjudged(consistencyProbes(oldSize, newSize))).toEqual([]);
    }
  });

  it('accepts equal sizes only with equal roots and an empty proof', () => {
    expect(verifyConsistency(sha256, 5, 5, roots[5]!, roots[5]!, [])).toEqual({ valid: true });
    expect(verifyConsistency(sha256, 5, 5, roots[5]!, roots[6]!, [])).toEqual({
      valid: false,
      reason: 'root mismatch: trees of equal size have different roots',
    });
    expect(verifyConsistency(sha256, 5, 5, roots[5]!, roots[5]!, [roots[5]!])).toEqual({
      valid: false,
      reason: 'wrong proof length: equal sizes need 0 hashes, got 1',
    });
  });

  it('refuses a proof from the empty tree', () => {
    expect(verifyConsistency(sha256, 0, 0, roots[0]!, roots[0]!, [])).toEqual({
      valid: false,
      reason: 'old tree size must be a positive integer, got 0',
    });
  });

  it('says when the old tree is larger', () => {
    expect(verifyConsistency(sha256, 7, 3, roots[7]!, roots[3]!, [])).toEqual({
      valid: false,
      reason: 'old tree size 7 is larger than new tree size 3',
    });
  });
});
