// An independent reference, written straight from RFC 6962 §2.1 over raw entries; it shares no
// code with the library.
import { sha256 } from './sha256';

/** Deterministic test entries: entry i is its index as 8 big-endian bytes. */
export function entry(i: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(i));
  return bytes;
}

/** A seeded PRNG (mulberry32), so that "random" sizes are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The largest power of two less than n, for n >= 2. */
const largestPowerOfTwoBelow = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);

/**
 * MTH(D[start:end]) with entries made on demand by `at`, so that a huge tree needs no list of
 * entries. `visit` sees every subtree root on the way.
 */
export function referenceMthOf(
  start: number,
  end: number,
  at: (i: number) => Uint8Array,
  visit?: (start: number, end: number, root: Uint8Array) => void,
): Uint8Array {
  const n = end - start;
  let root: Uint8Array;
  if (n === 0) root = sha256(new Uint8Array(0));
  else if (n === 1) root = sha256(concat(Uint8Array.of(0x00), at(start)));
  else {
    const k = largestPowerOfTwoBelow(n);
    const left = referenceMthOf(start, start + k, at, visit);
    const right = referenceMthOf(start + k, end, at, visit);
    root = sha256(concat(Uint8Array.of(0x01), left, right));
  }
  visit?.(start, end, root);
  return root;
}

/** MTH(D[n]) over a list of entries. */
export const referenceMth = (entries: readonly Uint8Array[]): Uint8Array =>
  referenceMthOf(0, entries.length, (i) => entries[i]!);

/** PATH(m, D[n]) from RFC 6962 §2.1.1. */
export function referencePath(m: number, entries: readonly Uint8Array[]): Uint8Array[] {
  const n = entries.length;
  if (n <= 1) return [];
  const k = largestPowerOfTwoBelow(n);
  return m < k
    ? [...referencePath(m, entries.slice(0, k)), referenceMth(entries.slice(k))]
    : [...referencePath(m - k, entries.slice(k)), referenceMth(entries.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) from RFC 6962 §2.1.2. */
export function referenceProof(m: number, entries: readonly Uint8Array[]): Uint8Array[] {
  const subproof = (m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] => {
    const n = d.length;
    if (m === n) return b ? [] : [referenceMth(d)];
    const k = largestPowerOfTwoBelow(n);
    return m <= k
      ? [...subproof(m, d.slice(0, k), b), referenceMth(d.slice(k))]
      : [...subproof(m - k, d.slice(k), false), referenceMth(d.slice(0, k))];
  };
  return subproof(m, entries, true);
}
