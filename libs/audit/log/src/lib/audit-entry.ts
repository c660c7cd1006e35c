import { createHash, randomFillSync } from 'node:crypto';
import { type Hash, leafHash } from '@fallverbund/audit-merkle';

/**
 * One access to one data subject's case, or one denial, shaped after FHIR AuditEvent / IHE BALP:
 * an access touching several cases is recorded as several entries. It names categories, never
 * content: no names, health data, tokens or free text about the person belong here.
 */
export interface AuditEntry {
  /** ISO 8601 instant. */
  readonly occurredAt: string;
  readonly actor: { readonly userId: string; readonly role: string; readonly agencyId: string };
  /** 'read' | 'list' | 'record' | 'grant_consent' | … */
  readonly action: string;
  readonly route: string;
  /** Pseudonymous case id; null for accesses not about one case (a refused create, a list of none). */
  readonly caseRef: string | null;
  readonly categories: readonly string[];
  readonly purpose: string;
  /** 'team', 'consent:<id>', or a statute with its justification. */
  readonly legalBasis: readonly string[];
  /**
   * A disclosure (a referral sent) names, per category it passes on, the basis on which the discloser
   * holds that category, as the policy decided it; absent on every other entry.
   */
  readonly categoryBasis?: Readonly<Record<string, string>>;
  readonly decision: 'permit' | 'deny';
  readonly policyVersion: string;
  /**
   * The server's id of the request (answered in `X-Request-Id`), the key that joins a request's
   * entries and events. Absent in entries written before it existed, whose `correlationId` was the key.
   */
  readonly requestId?: string;
  /** The client's `X-Correlation-Id` as given (validated, at most 128 characters), or null. */
  readonly correlationId: string | null;
  /** HTTP status of the response. */
  readonly outcome: number;
  /** Data left the lead agency (a disclosure in the BALP sense). */
  readonly disclosure: boolean;
  readonly breakGlass: boolean;
}

/** SHA-256, the hash of RFC 6962 logs. */
export const sha256: Hash = (data) => new Uint8Array(createHash('sha256').update(data).digest());

const SALT_BYTES = 32;
/** Salts drawn from the CSPRNG 128 at a time (one call instead of one per entry), each handed out once. */
const saltPool = new Uint8Array(SALT_BYTES * 128);
let saltOffset = saltPool.length;

/** A fresh 32-byte salt; erasing it with the entry leaves the digest unguessable. */
export const randomSalt = (): Uint8Array => {
  if (saltOffset === saltPool.length) {
    randomFillSync(saltPool);
    saltOffset = 0;
  }
  const salt = saltPool.slice(saltOffset, saltOffset + SALT_BYTES);
  saltOffset += SALT_BYTES;
  return salt;
};

/**
 * JSON with object keys sorted at every level and no whitespace, so that equal values serialise to
 * equal bytes whatever order a database hands the keys back in.
 */
export function canonicalJson(value: unknown): string {
  // Written into one string without intermediate arrays: the sequencer and the verifiers serialise
  // every entry, and map/filter/join took about half of the time (docs/benchmarks.md "audit-read").
  if (value === null || typeof value !== 'object') {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`not serialisable as JSON: ${typeof value}`);
    return json;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

const utf8 = new TextEncoder();

/**
 * The bytes the digest commits to: salt || canonical({index, entry}). The index is inside so that
 * two rows that swap places no longer match their digests.
 */
export function leafInputOf(index: number, entry: AuditEntry, salt: Uint8Array): Uint8Array {
  const body = utf8.encode(canonicalJson({ index, entry }));
  const input = new Uint8Array(salt.length + body.length);
  input.set(salt, 0);
  input.set(body, salt.length);
  return input;
}

/**
 * `entry_digest = H(salt || canonical({index, entry}))`. The Merkle leaf is RFC 6962
 * `leafHash(entry_digest)`, so erasing entry and salt at the end of retention keeps the digest, and
 * with it the leaf and every root, verifiable.
 */
export function entryDigest(hash: Hash, index: number, entry: AuditEntry, salt: Uint8Array): Uint8Array {
  return hash(leafInputOf(index, entry, salt));
}

export function leafOfDigest(hash: Hash, digest: Uint8Array): Uint8Array {
  return leafHash(hash, digest);
}
