import { sha256 } from '../testing/sha256';
import { entry, referenceMth, seededRandom } from '../testing/reference';
import { TreeRangeError } from './merkle.errors';
import { leafHash } from './merkle.hash';
import { MerkleTreeBuilder, rootOf } from './merkle.root';
import { toHex } from './hex';

const entries = Array.from({ length: 5000 }, (_, i) => entry(i));
const leaves = entries.map((data) => leafHash(sha256, data));

const onesIn = (n: number): number => n.toString(2).replaceAll('0', '').length;

describe('rootOf', () => {
  it('is H("") for the empty tree', () => {
    expect(toHex(rootOf(sha256, []))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('equals the reference MTH for every size 0..300', () => {
    for (let size = 0; size <= 300; size++) {
      expect([size, toHex(rootOf(sha256, leaves.slice(0, size)))]).toEqual([
        size,
        toHex(referenceMth(entries.slice(0, size))),
      ]);
    }
  });
});

describe('MerkleTreeBuilder', () => {
  it('equals rootOf after every append up to 300 leaves, keeping one frontier hash per set bit', () => {
    const builder = new MerkleTreeBuilder(sha256);
    for (let size = 0; size <= 300; size++) {
      expect(builder.size).toBe(size);
      expect(builder.frontier).toHaveLength(onesIn(size));
      expect([size, toHex(builder.root())]).toEqual([size, toHex(rootOf(sha256, leaves.slice(0, size)))]);
      if (size < 300) builder.append(leaves[size]!);
    }
  });

  it('equals rootOf at 1000, powers of two and their neighbours, and random sizes up to 5000', () => {
    const random = seededRandom(6962);
    const checkpoints = new Set([1000, 1023, 1024, 1025, 2048, 4095, 4096, 4097, 5000]);
    for (let i = 0; i < 25; i++) checkpoints.add(301 + Math.floor(random() * 4700));
    const builder = new MerkleTreeBuilder(sha256);
    const got: [number, string][] = [];
    for (const leaf of leaves) {
      builder.append(leaf);
      if (checkpoints.has(builder.size)) got.push([builder.size, toHex(builder.root())]);
    }
    const want = [...checkpoints]
      .sort((a, b) => a - b)
      .map((size): [number, string] => [size, toHex(rootOf(sha256, leaves.slice(0, size)))]);
    expect(got).toEqual(want);
  });

  it('resumes from a stored size and frontier', () => {
    const original = new MerkleTreeBuilder(sha256);
    for (const leaf of leaves.slice(0, 777)) original.append(leaf);
    const resumed = MerkleTreeBuilder.restore(sha256, original.size, original.frontier);
    for (const leaf of leaves.slice(777, 1000)) resumed.append(leaf);
    expect(resumed.size).toBe(1000);
    expect(toHex(resumed.root())).toBe(toHex(rootOf(sha256, leaves.slice(0, 1000))));
  });

  it('reports every completed perfect subtree at the observed heights, also after a restore', () => {
    const seen: [number, number, string][] = [];
    const observer = {
      levels: [0, 2, 8],
      onSubtree: (l: number, i: number, r: Uint8Array) => seen.push([l, i, toHex(r)]),
    };
    const first = new MerkleTreeBuilder(sha256, observer);
    for (const leaf of leaves.slice(0, 1500)) first.append(leaf);
    const resumed = MerkleTreeBuilder.restore(sha256, first.size, first.frontier, observer);
    for (const leaf of leaves.slice(1500, 2100)) resumed.append(leaf);

    const want: [number, number, string][] = [];
    for (let size = 1; size <= 2100; size++) {
      for (const level of [0, 2, 8]) {
        const width = 2 ** level;
        if (size % width === 0) {
          want.push([level, size / width - 1, toHex(rootOf(sha256, leaves.slice(size - width, size)))]);
        }
      }
    }
    expect(seen).toEqual(want);
    expect(seen.filter(([level]) => level === 8)).toHaveLength(8);
  });

  it('refuses a frontier that does not fit the size', () => {
    const frontier = [leaves[0]!, leaves[1]!];
    expect(() => MerkleTreeBuilder.restore(sha256, 4, frontier)).toThrow(TreeRangeError);
    expect(() => MerkleTreeBuilder.restore(sha256, -1, [])).toThrow(TreeRangeError);
    expect(MerkleTreeBuilder.restore(sha256, 3, frontier).size).toBe(3);
  });
});
