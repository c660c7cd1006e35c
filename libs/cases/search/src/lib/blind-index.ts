import { createHmac } from 'node:crypto';

/** Bytes of the HMAC kept per term: 128 bits, so unrelated terms never share a token in practice. */
const TOKEN_BYTES = 16;

/**
 * A keyed blind index: each search term is stored as HMAC-SHA-256 under a key of its own (not a
 * subject key, not the master key), so the table answers "which cases have this term" without
 * holding a name, and without the key nobody can tell which term a token stands for.
 */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the search index key must be 32 bytes');
    this.key = Buffer.from(key);
  }

  /** The stored form of a term (base64url, 22 characters). */
  token(term: string): string {
    return createHmac('sha256', this.key).update(term, 'utf8').digest().subarray(0, TOKEN_BYTES).toString('base64url');
  }

  tokens(terms: readonly string[]): string[] {
    return [...new Set(terms.map((term) => this.token(term)))];
  }
}
