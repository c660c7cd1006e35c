import { leafHash, toHex } from '@fallverbund/audit-merkle';
import { anEntry } from '../testing/entries';
import { type AuditEntry, canonicalJson, entryDigest, leafInputOf, randomSalt, sha256 } from './audit-entry';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: true, x: null }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[2,{"x":null,"y":true}]},"b":1}',
    );
  });

  it('escapes strings as JSON does, sorts keys by code unit and drops undefined members (fixed bytes)', () => {
    const tricky = {
      b: [1, -0, 1.5e300, 'x\u2028"\\\n\u0001', true, null, { b: 1, a: undefined, A: 2, é: 3, 'e\u0301': 4, '': 5 }],
      a: 'ä',
    };
    expect(canonicalJson(tricky)).toBe(
      '{"a":"ä","b":[1,0,1.5e+300,"x\u2028\\"\\\\\\n\\u0001",true,null,{"":5,"A":2,"b":1,"e\u0301":4,"é":3}]}',
    );
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
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

  it('is the digest every stored entry was written with (a fixed vector)', () => {
    const entry: AuditEntry = {
      occurredAt: '2026-12-05T10:00:00.000Z',
      actor: { userId: 'clara.youth', role: 'caseworker', agencyId: 'jugendamt-nord' },
      action: 'read',
      route: 'GET /api/cases/{id}',
      caseRef: 'c-1',
      categories: ['identity', 'case_admin'],
      purpose: 'coordination',
      legalBasis: ['consent:k-1'],
      decision: 'permit',
      policyVersion: 'p-1',
      requestId: 'r-1',
      correlationId: null,
      outcome: 200,
      disclosure: true,
      breakGlass: false,
      categoryBasis: { identity: 'consent:k-1' },
    };
    expect(toHex(entryDigest(sha256, 7, entry, new Uint8Array(32).fill(9)))).toBe(
      '9e25cae1050217652e850ea5d3138970da238c630b7507fa6b04da7353c3847d',
    );
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

describe('randomSalt', () => {
  it('hands out 32 bytes each time and never the same salt twice, across refills of its pool', () => {
    const salts = Array.from({ length: 1_000 }, () => randomSalt());
    expect(salts.every((salt) => salt.length === 32)).toBe(true);
    expect(new Set(salts.map((salt) => Buffer.from(salt).toString('hex'))).size).toBe(salts.length);
  });

  it('gives each caller its own bytes: changing one salt changes no other', () => {
    const [first, second] = [randomSalt(), randomSalt()];
    const before = Buffer.from(second).toString('hex');
    first.fill(0);
    expect(Buffer.from(second).toString('hex')).toBe(before);
    expect(first.buffer).not.toBe(second.buffer);
  });
});
