import { bytesEqual, type Hash, nodeHash } from './merkle.hash';
import { consistencyRanges, half, inclusionRanges, isOdd, isPowerOfTwo, isTreeSize } from './tree-shape';

/** The outcome of checking a proof; `reason` says what did not fit. */
export type Verification = { valid: true } | { valid: false; reason: string };

const VALID: Verification = { valid: true };
const invalid = (reason: string): Verification => ({ valid: false, reason });

const shown = (value: unknown): string => (typeof value === 'number' ? String(value) : typeof value);

// Inputs usually come off the wire, so their declared types are not trusted.
function checkHashes(hash: Hash, named: Record<string, unknown>, proof: unknown): string | undefined {
  const digestSize = hash(new Uint8Array(0)).length;
  for (const [name, value] of Object.entries(named)) {
    if (!(value instanceof Uint8Array)) return `${name} is not a byte array`;
    if (value.length !== digestSize) return `${name} has ${value.length} bytes, the hash has ${digestSize}`;
  }
  if (!Array.isArray(proof)) return 'proof is not an array';
  for (const [i, element] of (proof as unknown[]).entries()) {
    if (!(element instanceof Uint8Array)) return `proof[${i}] is not a byte array`;
    if (element.length !== digestSize) return `proof[${i}] has ${element.length} bytes, the hash has ${digestSize}`;
  }
  return undefined;
}

/**
 * Checks that `leafHash` is the leaf at `index` in the tree of `size` leaves with root `root`,
 * following RFC 9162 §2.1.3.2. Never throws on malformed input; says why instead.
 */
export function verifyInclusion(
  hash: Hash,
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Verification {
  if (!isTreeSize(size) || size === 0) return invalid(`tree size must be a positive integer, got ${shown(size)}`);
  if (!isTreeSize(index)) return invalid(`leaf index must be a non-negative integer, got ${shown(index)}`);
  if (index >= size) return invalid(`leaf index ${index} is not below tree size ${size}`);
  const malformed = checkHashes(hash, { 'leaf hash': leafHash, root }, proof);
  if (malformed) return invalid(malformed);
  const wrongLength = (): Verification =>
    invalid(
      `wrong proof length: leaf ${index} of ${size} needs ${inclusionRanges(index, size).length} hashes, got ${proof.length}`,
    );

  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return wrongLength();
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(hash, p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(hash, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return wrongLength();
  if (!bytesEqual(r, root)) return invalid('root mismatch: the proof leads to a different root');
  return VALID;
}

/**
 * Checks that the tree of `newSize` leaves with root `newRoot` extends the tree of `oldSize` leaves
 * with root `oldRoot`, following RFC 9162 §2.1.4.2. Equal sizes need equal roots and an empty proof;
 * `oldSize` 0 is rejected, as RFC 9162 defines no proof from the empty tree. Never throws on
 * malformed input; says why instead.
 */
export function verifyConsistency(
  hash: Hash,
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): Verification {
  if (!isTreeSize(oldSize) || oldSize === 0) {
    return invalid(`old tree size must be a positive integer, got ${shown(oldSize)}`);
  }
  if (!isTreeSize(newSize)) return invalid(`new tree size must be a non-negative integer, got ${shown(newSize)}`);
  if (oldSize > newSize) return invalid(`old tree size ${oldSize} is larger than new tree size ${newSize}`);
  const malformed = checkHashes(hash, { 'old root': oldRoot, 'new root': newRoot }, proof);
  if (malformed) return invalid(malformed);
  if (oldSize === newSize) {
    if (proof.length !== 0) return invalid(`wrong proof length: equal sizes need 0 hashes, got ${proof.length}`);
    return bytesEqual(oldRoot, newRoot) ? VALID : invalid('root mismatch: trees of equal size have different roots');
  }
  const wrongLength = (): Verification =>
    invalid(
      `wrong proof length: ${oldSize} to ${newSize} needs ${consistencyRanges(oldSize, newSize).length} hashes, got ${proof.length}`,
    );

  if (proof.length === 0) return wrongLength();
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return wrongLength();
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(hash, c, fr);
      sr = nodeHash(hash, c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(hash, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return wrongLength();
  if (!bytesEqual(fr, oldRoot)) return invalid('root mismatch: the proof does not lead to the old root');
  if (!bytesEqual(sr, newRoot)) return invalid('root mismatch: the proof does not lead to the new root');
  return VALID;
}
