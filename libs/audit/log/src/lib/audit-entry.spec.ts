import { leafHash, toHex } from '@fallverbund/audit-merkle';
import { anEntry } from '../testing/entries';
import { canonicalJson, entryDigest, leafInputOf, sha256 } from './audit-entry';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: true, x: null }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[2,{"x":null,"y":true}]},"b":1}',
    );
  });

  it('gives the same bytes whatever order the keys came in', () => {
    const entry = anEntry(1);
    const reversed = Object.fromEntries(Object.entries(entry).reverse()) as typeof entry;
    expect(canonicalJson(reversed)).toBe(canonicalJson(entry));
  });
});

describe('entry digest', () => {
  const salt = new Uint8Array(32).fill(7);

  it('is H(salt || canonical({index, entry}))', () => {
    const entry = anEntry(3);
    const input = leafInputOf(5, entry, salt);
    expect(input.subarray(0, 32)).toEqual(salt);
    expect(new TextDecoder().decode(input.subarray(32))).toBe(canonicalJson({ index: 5, entry }));
    expect(toHex(entryDigest(sha256, 5, entry, salt))).toBe(toHex(sha256(input)));
  });

  it('changes with the salt, the index and every field', () => {
    const entry = anEntry(3);
    const base = toHex(entryDigest(sha256, 5, entry, salt));
    expect(toHex(entryDigest(sha256, 5, entry, new Uint8Array(32).fill(8)))).not.toBe(base);
    expect(toHex(entryDigest(sha256, 6, entry, salt))).not.toBe(base);
    expect(toHex(entryDigest(sha256, 5, { ...entry, decision: 'deny' }, salt))).not.toBe(base);
    expect(toHex(entryDigest(sha256, 5, { ...entry, categories: ['identity'] }, salt))).not.toBe(base);
    expect(toHex(entryDigest(sha256, 5, { ...entry, requestId: 'req-other' }, salt))).not.toBe(base);
    expect(toHex(entryDigest(sha256, 5, { ...entry, correlationId: 'client-1' }, salt))).not.toBe(base);
  });

  it('of an entry written before request ids existed is what it was: an absent field is no key', () => {
    const old = anEntry(2);
    expect(old).not.toHaveProperty('requestId');
    expect(canonicalJson({ index: 0, entry: old })).not.toContain('requestId');
    expect(toHex(entryDigest(sha256, 0, { ...old, requestId: undefined }, salt))).toBe(
      toHex(entryDigest(sha256, 0, old, salt)),
    );
  });

  it('leaf is the RFC 6962 leaf hash of the digest', () => {
    const digest = entryDigest(sha256, 0, anEntry(0), salt);
    const expected = sha256(Uint8Array.from([0, ...digest]));
    expect(toHex(leafHash(sha256, digest))).toBe(toHex(expected));
  });
});
