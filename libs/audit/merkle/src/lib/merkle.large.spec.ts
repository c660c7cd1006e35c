import { sha256 } from '../testing/sha256';
import { entry, referenceMthOf } from '../testing/reference';
import { toHex } from './hex';
import { leafHash } from './merkle.hash';
import { consistencyProofFrom, inclusionProofFrom, rootFrom, type SubtreeRoot } from './merkle.proofs';
import { MerkleTreeBuilder } from './merkle.root';
import { verifyConsistency, verifyInclusion } from './merkle.verify';

// A log of 1,000,003 entries that is never held in memory: the builder streams it, and the proofs
// are made from perfect subtree roots, as a store would keep them.
const SIZE = 1_000_003;
const CACHED_FROM = 1024;
const checkpoints = [1, 2, 3, 1000, 524_287, 524_288, 524_289, 999_999, 1_000_002, SIZE];

const subtreeCache = new Map<string, Uint8Array>();
const builderRoots = new Map<number, Uint8Array>();
let referenceRoot: Uint8Array;
let widestFrontier = 0;
let finalFrontier = 0;

const onesIn = (n: number): number => n.toString(2).replaceAll('0', '').length;
const isPerfectAndAligned = (start: number, end: number): boolean => {
  const n = end - start;
  return n > 0 && (n & (n - 1)) === 0 && start % n === 0 && end <= SIZE;
};

const asked: [number, number][] = [];
const subtreeRoot: SubtreeRoot = (start, end) => {
  asked.push([start, end]);
  const root = end - start >= CACHED_FROM ? subtreeCache.get(`${start}:${end}`) : referenceMthOf(start, end, entry);
  return root ? Promise.resolve(root) : Promise.reject(new Error(`no subtree [${start}, ${end})`));
};

beforeAll(() => {
  referenceRoot = referenceMthOf(0, SIZE, entry, (start, end, root) => {
    if (end - start >= CACHED_FROM && isPerfectAndAligned(start, end)) subtreeCache.set(`${start}:${end}`, root);
  });
  const builder = new MerkleTreeBuilder(sha256);
  const wanted = new Set(checkpoints);
  for (let i = 0; i < SIZE; i++) {
    builder.append(leafHash(sha256, entry(i)));
    widestFrontier = Math.max(widestFrontier, builder.frontier.length);
    if (wanted.has(builder.size)) builderRoots.set(builder.size, builder.root());
  }
  finalFrontier = builder.frontier.length;
});

describe('a log of 1,000,003 entries', () => {
  it('streams through the builder to the reference root with a frontier of at most 20 hashes', () => {
    expect(toHex(builderRoots.get(SIZE)!)).toBe(toHex(referenceRoot));
    expect(widestFrontier).toBeLessThanOrEqual(20);
    expect(finalFrontier).toBe(onesIn(SIZE));
  });

  it.each(checkpoints)('has the builder root for size %i from its perfect subtrees', async (size) => {
    expect(toHex(await rootFrom(sha256, size, subtreeRoot))).toBe(toHex(builderRoots.get(size)!));
  });

  it.each([0, 1, 1000, 524_287, 524_288, 999_999, 1_000_002])(
    'proves leaf %i included from subtree roots alone',
    async (index) => {
      const proof = await inclusionProofFrom(sha256, SIZE, index, subtreeRoot);
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(SIZE)));
      const leaf = leafHash(sha256, entry(index));
      expect(verifyInclusion(sha256, leaf, index, SIZE, proof, referenceRoot)).toEqual({ valid: true });
    },
  );

  it.each(checkpoints.slice(0, -1))('proves size %i consistent with 1,000,003 from subtree roots', async (size) => {
    const proof = await consistencyProofFrom(sha256, size, SIZE, subtreeRoot);
    expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(SIZE)) + 1);
    expect(verifyConsistency(sha256, size, SIZE, builderRoots.get(size)!, referenceRoot, proof)).toEqual({
      valid: true,
    });
  });

  // Declared last, so that it sees the callbacks of all the tests above.
  it('asked the store only for perfect, aligned subtrees', () => {
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter(([start, end]) => !isPerfectAndAligned(start, end))).toEqual([]);
  });
});
