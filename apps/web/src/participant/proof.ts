/**
 * Checks one entry of the access log in the browser, with nothing but WebCrypto and the public key
 * the API publishes at GET /api/audit/checkpoint-key: the server is not trusted for the verdict.
 *
 * It recomputes what the API's audit log libraries compute (libs/audit/log, libs/audit/merkle), byte
 * for byte; the web workspace talks to the API over HTTP only and cannot import them, so the API's
 * tests run this very file against proofs those libraries build (apps/api/src/participant-proofs):
 *
 * - digest = SHA-256(salt || canonical JSON of {index, entry})      (audit-entry.ts, entryDigest)
 * - leaf   = SHA-256(0x00 || digest), node = SHA-256(0x01 || l || r) (RFC 6962 §2.1, merkle.hash.ts)
 * - the audit path from the leaf to the checkpoint's root           (RFC 9162 §2.1.3.2, merkle.verify.ts)
 * - the Ed25519 signature over the checkpoint message               (checkpoints.ts, checkpointMessage)
 *
 * Pure: no Node imports, no I/O; it never throws on a malformed answer but says which step failed.
 */

/** The answer of GET /api/me/cases/{id}/accesses/{index}/proof. */
export interface EntryProof {
  readonly index: number;
  /** The entry exactly as recorded; every field is covered by the digest. */
  readonly entry: unknown;
  /** Hex. */
  readonly salt: string;
  /** The digest the log stored for the entry (hex); when present, a mismatch is reported as step `entry`. */
  readonly digest?: string;
  readonly inclusion: { readonly treeSize: number; readonly path: readonly string[] };
  readonly checkpoint: {
    readonly treeSize: number;
    readonly rootHash: string;
    readonly issuedAt: string;
    readonly signature: string;
    readonly keyId: string;
  };
}

/** The answer of GET /api/audit/checkpoint-key. */
export interface CheckpointKey {
  readonly keyId: string;
  readonly algorithm: string;
  readonly publicKeyPem: string;
}

/**
 * The checks in the order they run:
 * - `format`: the answers are not shaped as the API answers them;
 * - `key`: the public key is not an Ed25519 key, is not the key named, or the browser cannot use it;
 * - `signature`: the checkpoint (size, root, time) is not what the key signed;
 * - `entry`: the entry and salt do not give the digest the log recorded;
 * - `inclusion`: the entry's leaf does not lead, along the path, to the signed root.
 */
export type ProofStep = 'format' | 'key' | 'signature' | 'entry' | 'inclusion';

export type ProofVerdict =
  | { readonly valid: true; readonly passed: readonly ProofStep[] }
  | { readonly valid: false; readonly step: ProofStep; readonly reason: string; readonly passed: readonly ProofStep[] };

/** As checkpoints.ts names the log in every signed message. */
const ORIGIN = 'fallverbund-audit-log/v1';
const HEX_HASH = /^[0-9a-f]{64}$/i;

/**
 * JSON with object keys sorted at every level and no whitespace: a copy of canonicalJson in
 * libs/audit/log/src/lib/audit-entry.ts, which must stay byte for byte the same.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`not serialisable as JSON: ${typeof value}`);
    return json;
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** The bytes a checkpoint's signature covers: origin, size, root and time, one per line. */
export function checkpointMessage(c: { treeSize: number; rootHash: string; issuedAt: string }): Uint8Array {
  return new TextEncoder().encode(`${ORIGIN}\n${c.treeSize}\n${c.rootHash.toLowerCase()}\n${c.issuedAt}\n`);
}

const fromHex = (hex: string): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
};

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const concat = (...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

const sha256 = async (data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', data));

/** RFC 6962: H(0x00 || data) for a leaf, H(0x01 || left || right) for a node. */
const leafHash = (data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => sha256(concat(Uint8Array.of(0), data));
const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> =>
  sha256(concat(Uint8Array.of(1), left, right));

const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * The root the audit path leads to from `leaf` at `index` in a tree of `size` leaves, as
 * verifyInclusion in libs/audit/merkle walks it (RFC 9162 §2.1.3.2); null when the path has the
 * wrong length for that index and size.
 */
export async function rootFromPath(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

const PEM = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----\s*$/;

function base64Bytes(base64: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(base64.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function formatProblem(proof: EntryProof, key: CheckpointKey): string | null {
  const p = proof as Partial<EntryProof> | null;
  if (typeof p !== 'object' || p === null) return 'the proof is not an object';
  if (!isSize(p.index)) return 'index is not a non-negative integer';
  if (typeof p.entry !== 'object' || p.entry === null) return 'the entry is missing';
  if (typeof p.salt !== 'string' || !/^([0-9a-f]{2})+$/i.test(p.salt)) return 'the salt is not hex';
  if (p.digest !== undefined && (typeof p.digest !== 'string' || !HEX_HASH.test(p.digest))) {
    return 'the digest is not 32 bytes of hex';
  }
  const inclusion = p.inclusion as Partial<EntryProof['inclusion']> | undefined;
  if (typeof inclusion !== 'object' || !isSize(inclusion.treeSize) || !Array.isArray(inclusion.path)) {
    return 'the inclusion proof is missing';
  }
  if (!inclusion.path.every((h) => typeof h === 'string' && HEX_HASH.test(h))) {
    return 'the inclusion path is not a list of 32-byte hex hashes';
  }
  const c = p.checkpoint as Partial<EntryProof['checkpoint']> | undefined;
  if (typeof c !== 'object' || !isSize(c.treeSize)) return 'the checkpoint has no tree size';
  if (typeof c.rootHash !== 'string' || !HEX_HASH.test(c.rootHash)) return 'the checkpoint root is not 32 bytes of hex';
  if (typeof c.issuedAt !== 'string' || typeof c.signature !== 'string' || typeof c.keyId !== 'string') {
    return 'the checkpoint lacks its time, signature or key id';
  }
  if (inclusion.treeSize !== c.treeSize) return 'the inclusion proof is for another tree size than the checkpoint';
  if (p.index >= c.treeSize) return `entry ${p.index} lies beyond the checkpoint's ${c.treeSize} entries`;
  const k = key as Partial<CheckpointKey> | null;
  if (typeof k !== 'object' || k === null || typeof k.publicKeyPem !== 'string' || typeof k.keyId !== 'string') {
    return 'the public key answer is missing its key';
  }
  return null;
}

/**
 * Verifies `proof` against `key`: signature, then entry, then path, stopping at the first step that
 * fails. Valid means: the key's owner signed a checkpoint whose tree holds exactly this entry at this
 * index — changing any field of the entry, or the row it was stored in, breaks it.
 */
export async function verifyAccessProof(proof: EntryProof, key: CheckpointKey): Promise<ProofVerdict> {
  const passed: ProofStep[] = [];
  const fail = (step: ProofStep, reason: string): ProofVerdict => ({ valid: false, step, reason, passed });

  const malformed = formatProblem(proof, key);
  if (malformed) return fail('format', malformed);
  passed.push('format');

  if (key.algorithm !== 'Ed25519') return fail('key', `the key is ${key.algorithm}, not Ed25519`);
  const pem = PEM.exec(key.publicKeyPem);
  const der = pem?.[1] === undefined ? null : base64Bytes(pem[1]);
  if (!der) return fail('key', 'the public key is not a PEM public key');
  if (toHex(await sha256(der)).slice(0, 16) !== key.keyId.toLowerCase()) {
    return fail('key', 'the public key is not the key its id names');
  }
  if (proof.checkpoint.keyId !== key.keyId) return fail('key', 'the checkpoint was signed by another key');
  let publicKey: Awaited<ReturnType<typeof crypto.subtle.importKey>>;
  try {
    publicKey = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    const unsupported = error instanceof Error && error.name === 'NotSupportedError';
    return fail('key', unsupported ? 'this browser cannot check Ed25519 signatures' : 'the public key is not Ed25519');
  }
  passed.push('key');

  const signature = base64Bytes(proof.checkpoint.signature);
  let signed = false;
  if (signature) {
    try {
      signed = await crypto.subtle.verify(
        { name: 'Ed25519' },
        publicKey,
        signature,
        new Uint8Array(checkpointMessage(proof.checkpoint)),
      );
    } catch {
      signed = false;
    }
  }
  if (!signed) return fail('signature', 'the checkpoint’s signature does not verify with the key');
  passed.push('signature');

  let digest: Uint8Array<ArrayBuffer>;
  try {
    const body = new TextEncoder().encode(canonicalJson({ index: proof.index, entry: proof.entry }));
    digest = await sha256(concat(fromHex(proof.salt), body));
  } catch {
    return fail('entry', 'the entry is not JSON');
  }
  if (proof.digest !== undefined && toHex(digest) !== proof.digest.toLowerCase()) {
    return fail('entry', 'the entry does not match the digest the log recorded for it');
  }
  passed.push('entry');

  const root = await rootFromPath(
    await leafHash(digest),
    proof.index,
    proof.checkpoint.treeSize,
    proof.inclusion.path.map(fromHex),
  );
  if (!root)
    return fail('inclusion', `the path has the wrong length for entry ${proof.index} of ${proof.checkpoint.treeSize}`);
  if (toHex(root) !== proof.checkpoint.rootHash.toLowerCase()) {
    return fail('inclusion', 'the entry’s path leads to another root than the signed one');
  }
  passed.push('inclusion');
  return { valid: true, passed };
}
