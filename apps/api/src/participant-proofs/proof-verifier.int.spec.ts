import { join } from 'node:path';
import {
  type AuditEntry,
  buildEntryProof,
  canonicalJson as logCanonicalJson,
  checkpointMessage as logCheckpointMessage,
  CheckpointSigner,
  entryDigest,
  type EntryProof,
  sha256,
  SqliteAuditLogStore,
} from '@fallverbund/audit-log';
import { tempDir } from '@fallverbund/testing';
// The browser's verifier itself, not a copy: the web cannot import the audit libraries, so here the
// libraries build real proofs and the very file the browser runs checks them.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  canonicalJson,
  checkpointMessage,
  type CheckpointKey,
  verifyAccessProof,
} from '../../../web/src/participant/proof';

const dir = tempDir('proof-verifier');
afterAll(() => dir.remove());

const entry = (n: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  occurredAt: new Date(Date.UTC(2026, 11, 4, 9, 0, n)).toISOString(),
  actor: { userId: `staff-${n % 3}`, role: 'caseworker', agencyId: n % 2 ? 'jugendamt-mitte' : 'jobcenter-mitte' },
  action: 'read',
  route: 'GET /api/cases/{id}',
  caseRef: `case-${n % 4}`,
  categories: ['identity', 'case_admin'],
  purpose: 'integration',
  legalBasis: n % 2 ? ['consent:c-1'] : ['team'],
  ...(n % 5 === 0 ? { categoryBasis: { identity: 'team', health: 'consent:c-1' } } : {}),
  decision: n % 7 === 3 ? 'deny' : 'permit',
  policyVersion: '2026-12-04.3',
  requestId: `req-${n}`,
  correlationId: n % 2 ? null : `Zugriff “ä” ${n}`,
  outcome: 200,
  disclosure: n % 5 === 0,
  breakGlass: false,
  ...overrides,
});

describe('the browser proof verifier (apps/web/src/participant/proof.ts) on proofs the audit log builds', () => {
  const signer = CheckpointSigner.generate();
  const key: CheckpointKey = { keyId: signer.keyId, algorithm: 'Ed25519', publicKeyPem: signer.publicKeyPem };
  const size = 13;
  let store: SqliteAuditLogStore;
  let proof: EntryProof;
  const at = new Date('2026-12-04T12:00:00.000Z');

  beforeAll(async () => {
    store = new SqliteAuditLogStore({ file: join(dir.path, 'audit.sqlite') });
    await store.append(Array.from({ length: size }, (_, n) => entry(n)));
    proof = await buildEntryProof(store, signer, 5, at);
  });
  afterAll(() => store.close());

  const copy = (): EntryProof => JSON.parse(JSON.stringify(proof)) as EntryProof;
  const flip = (hex: string): string => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

  it('accepts every entry of the log, each step passed', async () => {
    for (let index = 0; index < size; index++) {
      const p = JSON.parse(JSON.stringify(await buildEntryProof(store, signer, index, at))) as EntryProof;
      expect(await verifyAccessProof(p, key)).toEqual({
        valid: true,
        passed: ['format', 'key', 'signature', 'entry', 'inclusion'],
      });
    }
  });

  it('writes canonical JSON and the checkpoint message byte for byte as the audit log does', () => {
    for (let n = 0; n < size; n++) {
      const value = { index: n, entry: entry(n, { categoryBasis: undefined }) };
      expect(canonicalJson(value)).toBe(logCanonicalJson(value));
    }
    const odd = { b: [1, 'x', null, { z: true, a: -0.5 }], a: { '\u00e9': 'é', A: '\u2028' }, c: undefined };
    expect(canonicalJson(odd)).toBe(logCanonicalJson(odd));
    expect(Buffer.from(checkpointMessage(proof.checkpoint))).toEqual(logCheckpointMessage(proof.checkpoint));
  });

  it.each<[string, (p: EntryProof) => void]>([
    ['agency', (p) => ((p.entry.actor as { agencyId: string }).agencyId = 'jobcenter-mitte')],
    ['purpose', (p) => ((p.entry as { purpose: string }).purpose = 'youth_support')],
    ['legal basis', (p) => ((p.entry as unknown as { legalBasis: string[] }).legalBasis = ['team'])],
    ['decision', (p) => ((p.entry as { decision: string }).decision = 'deny')],
    ['index', (p) => ((p as { index: number }).index = 4)],
    ['salt', (p) => ((p as { salt: string }).salt = flip(p.salt))],
  ])('fails at the entry step when the %s is changed', async (_, change) => {
    const p = copy();
    change(p);
    expect(await verifyAccessProof(p, key)).toMatchObject({ valid: false, step: 'entry' });
    // Without the recorded digest, the altered entry's leaf leads to another root.
    expect(await verifyAccessProof({ ...p, digest: undefined }, key)).toMatchObject({
      valid: false,
      step: 'inclusion',
    });
  });

  it('fails at the inclusion step for a wrong path, or a digest recomputed for an altered entry', async () => {
    const p = copy();
    const wrongHash = {
      ...p,
      inclusion: { ...p.inclusion, path: [flip(p.inclusion.path[0]!), ...p.inclusion.path.slice(1)] },
    };
    expect(await verifyAccessProof(wrongHash, key)).toMatchObject({ valid: false, step: 'inclusion' });
    const short = { ...p, inclusion: { ...p.inclusion, path: p.inclusion.path.slice(1) } };
    expect(await verifyAccessProof(short, key)).toMatchObject({
      valid: false,
      step: 'inclusion',
      reason: expect.stringContaining('wrong length') as string,
    });
    // An altered entry whose stored digest was recomputed too: its leaf leads to another root.
    const altered = copy();
    (altered.entry as { purpose: string }).purpose = 'youth_support';
    const recomputed = Buffer.from(entryDigest(sha256, altered.index, altered.entry, Buffer.from(altered.salt, 'hex')));
    expect(await verifyAccessProof({ ...altered, digest: recomputed.toString('hex') }, key)).toMatchObject({
      valid: false,
      step: 'inclusion',
      reason: 'the entry’s path leads to another root than the signed one',
    });
    const reordered = { ...p, inclusion: { ...p.inclusion, path: [...p.inclusion.path].reverse() } };
    expect(await verifyAccessProof(reordered, key)).toMatchObject({ valid: false, step: 'inclusion' });
  });

  it('fails at the signature step for a wrong root, size, time or signature', async () => {
    const p = copy();
    for (const checkpoint of [
      { ...p.checkpoint, rootHash: flip(p.checkpoint.rootHash) },
      { ...p.checkpoint, issuedAt: '2026-12-05T12:00:00.000Z' },
      { ...p.checkpoint, signature: Buffer.from(p.checkpoint.signature, 'base64').reverse().toString('base64') },
      { ...p.checkpoint, signature: 'not base64 at all!' },
    ]) {
      expect(await verifyAccessProof({ ...p, checkpoint }, key)).toMatchObject({ valid: false, step: 'signature' });
    }
    const bigger = { ...p, inclusion: { ...p.inclusion, treeSize: 14 }, checkpoint: { ...p.checkpoint, treeSize: 14 } };
    expect(await verifyAccessProof(bigger, key)).toMatchObject({ valid: false, step: 'signature' });
  });

  it('fails at the key step under another key, a key that is not the one named, or no Ed25519 key', async () => {
    const other = CheckpointSigner.generate();
    expect(
      await verifyAccessProof(copy(), { keyId: other.keyId, algorithm: 'Ed25519', publicKeyPem: other.publicKeyPem }),
    ).toMatchObject({ valid: false, step: 'key', reason: 'the checkpoint was signed by another key' });
    expect(await verifyAccessProof(copy(), { ...key, publicKeyPem: other.publicKeyPem })).toMatchObject({
      valid: false,
      step: 'key',
      reason: 'the public key is not the key its id names',
    });
    // Another key's signature under the right key's name: the key matches its id, the signature does not.
    const forged = other.sign(proof.checkpoint.treeSize, Buffer.from(proof.checkpoint.rootHash, 'hex'), at);
    expect(await verifyAccessProof({ ...copy(), checkpoint: { ...forged, keyId: key.keyId } }, key)).toMatchObject({
      valid: false,
      step: 'signature',
    });
    expect(await verifyAccessProof(copy(), { ...key, algorithm: 'RSA' })).toMatchObject({ valid: false, step: 'key' });
    expect(await verifyAccessProof(copy(), { ...key, publicKeyPem: 'no key' })).toMatchObject({
      valid: false,
      step: 'key',
    });
  });

  it('fails at the format step for malformed answers, without throwing', async () => {
    const p = copy();
    for (const bad of [
      null,
      { ...p, salt: 'xyz' },
      { ...p, inclusion: { ...p.inclusion, path: ['00'] } },
      { ...p, inclusion: { ...p.inclusion, treeSize: 12 } },
      { ...p, index: 13 },
      { ...p, checkpoint: { ...p.checkpoint, rootHash: 'root' } },
      { ...p, entry: null },
    ]) {
      expect(await verifyAccessProof(bad as unknown as EntryProof, key)).toMatchObject({
        valid: false,
        step: 'format',
      });
    }
  });
});
