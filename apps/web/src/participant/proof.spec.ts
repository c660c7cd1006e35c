/**
 * @jest-environment node
 */
// jsdom has no crypto.subtle; Node's WebCrypto is the browser's API (SHA-256, Ed25519).
import fixture from './proof.fixture.json';
import { canonicalJson, type CheckpointKey, type EntryProof, verifyAccessProof } from './proof';

/**
 * proof.fixture.json is a proof the audit log libraries built (libs/audit/log buildEntryProof, an
 * SQLite log of six entries, a generated Ed25519 key). The API's tests run this verifier against
 * live proofs too (apps/api/src/participant-proofs), including a row altered with SQL.
 */
const proof = fixture.proof as EntryProof;
const key = fixture.key as CheckpointKey;
const copy = (): EntryProof & { entry: Record<string, unknown> } =>
  JSON.parse(JSON.stringify(proof)) as EntryProof & { entry: Record<string, unknown> };
const flip = (hex: string): string => (hex.startsWith('0') ? '1' : '0') + hex.slice(1);

describe('verifyAccessProof', () => {
  it('accepts the proof as the log built it', async () => {
    expect(await verifyAccessProof(proof, key)).toEqual({
      valid: true,
      passed: ['format', 'key', 'signature', 'entry', 'inclusion'],
    });
  });

  it('fails at `entry` when a field of the entry is changed, at `inclusion` when the digest is not given', async () => {
    const changed = copy();
    changed.entry['purpose'] = 'integration';
    expect(await verifyAccessProof(changed, key)).toMatchObject({ valid: false, step: 'entry' });
    expect(await verifyAccessProof({ ...changed, digest: undefined }, key)).toMatchObject({
      valid: false,
      step: 'inclusion',
    });
  });

  it('fails at `inclusion` for a wrong path', async () => {
    const p = copy();
    const path = [flip(p.inclusion.path[0] ?? ''), ...p.inclusion.path.slice(1)];
    expect(await verifyAccessProof({ ...p, inclusion: { ...p.inclusion, path } }, key)).toMatchObject({
      valid: false,
      step: 'inclusion',
    });
  });

  it('fails at `signature` for a wrong root or a wrong signature', async () => {
    const p = copy();
    const wrongRoot = { ...p.checkpoint, rootHash: flip(p.checkpoint.rootHash) };
    expect(await verifyAccessProof({ ...p, checkpoint: wrongRoot }, key)).toMatchObject({
      valid: false,
      step: 'signature',
    });
    const bytes = Uint8Array.from(atob(p.checkpoint.signature), (c) => c.charCodeAt(0));
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const wrongSignature = { ...p.checkpoint, signature: btoa(String.fromCharCode(...bytes)) };
    expect(await verifyAccessProof({ ...p, checkpoint: wrongSignature }, key)).toMatchObject({
      valid: false,
      step: 'signature',
    });
  });

  it('fails at `key` under another key, or a key that is not the one its id names', async () => {
    expect(await verifyAccessProof(proof, fixture.other as CheckpointKey)).toMatchObject({
      valid: false,
      step: 'key',
    });
    expect(await verifyAccessProof(proof, { ...key, publicKeyPem: fixture.other.publicKeyPem })).toMatchObject({
      valid: false,
      step: 'key',
    });
  });

  it('writes canonical JSON with sorted keys, no whitespace and no undefined members', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'ü' }], a: undefined, A: true })).toBe(
      '{"A":true,"b":[1,{"c":"ü","d":null}]}',
    );
  });
});
