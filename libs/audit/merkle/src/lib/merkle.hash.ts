/**
 * A collision-resistant hash function, injected so that domain code stays free of `node:crypto`.
 * RFC 6962 logs use SHA-256. It must return a fresh array of the same length for every input.
 */
export type Hash = (data: Uint8Array) => Uint8Array;

// Domain separation between leaves and interior nodes (RFC 6962 §2.1), against second-preimage attacks.
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** The hash of a log entry: H(0x00 || data). */
export function leafHash(hash: Hash, data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return hash(input);
}

/** The hash of an interior node: H(0x01 || left || right). */
export function nodeHash(hash: Hash, left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash(input);
}

/** The root of the empty tree: H(""). */
export function emptyRoot(hash: Hash): Uint8Array {
  return hash(new Uint8Array(0));
}

/** Byte-wise equality; hashes in a transparency log are public, so no constant-time comparison is needed. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
