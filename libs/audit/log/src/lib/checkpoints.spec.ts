import { generateKeyPairSync } from 'node:crypto';
import { consistencyProof, fromHex, rootOf } from '@fallverbund/audit-merkle';
import { sha256 } from './audit-entry';
import { CheckpointSigner, verifyCheckpoint, verifyCheckpointConsistency } from './checkpoints';

const leaves = Array.from({ length: 9 }, (_, i) => sha256(Uint8Array.of(i)));
const at = new Date('2026-11-25T10:00:00.000Z');

describe('checkpoints', () => {
  const signer = CheckpointSigner.generate();
  const checkpoint = signer.sign(9, rootOf(sha256, leaves), at);

  it('verify with the signer public key', () => {
    expect(checkpoint).toMatchObject({ treeSize: 9, issuedAt: '2026-11-25T10:00:00.000Z', keyId: signer.keyId });
    expect(verifyCheckpoint(checkpoint, signer.publicKeyPem)).toEqual({ valid: true });
  });

  it.each([
    ['size', { treeSize: 8 }],
    ['root', { rootHash: '00'.repeat(32) }],
    ['time', { issuedAt: '2026-11-26T10:00:00.000Z' }],
  ])('fail when the %s is changed', (_, change) => {
    expect(verifyCheckpoint({ ...checkpoint, ...change }, signer.publicKeyPem)).toEqual({
      valid: false,
      reason: 'checkpoint signature does not verify',
    });
  });

  it('fail under another key, and with a malformed checkpoint', () => {
    const other = CheckpointSigner.generate();
    expect(verifyCheckpoint(checkpoint, other.publicKeyPem).valid).toBe(false);
    expect(verifyCheckpoint({ ...checkpoint, keyId: undefined }, other.publicKeyPem)).toEqual({
      valid: false,
      reason: 'checkpoint signature does not verify',
    });
    expect(verifyCheckpoint({ ...checkpoint, rootHash: 'zz' }, signer.publicKeyPem).valid).toBe(false);
    expect(verifyCheckpoint(null, signer.publicKeyPem).valid).toBe(false);
    expect(verifyCheckpoint(checkpoint, 'not a key').valid).toBe(false);
  });

  it('load a signer from PEM', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const loaded = CheckpointSigner.fromPem(pem);
    expect(verifyCheckpoint(loaded.sign(1, leaves[0]!, at), loaded.publicKeyPem)).toEqual({ valid: true });
    expect(CheckpointSigner.fromPem(pem).keyId).toBe(loaded.keyId);
  });

  it('a later checkpoint is consistent with an earlier one through a consistency proof', () => {
    const older = signer.sign(5, rootOf(sha256, leaves.slice(0, 5)), at);
    const proof = consistencyProof(sha256, leaves, 5, 9);
    expect(verifyCheckpointConsistency(older, checkpoint, proof)).toEqual({ valid: true });
    const forked = signer.sign(5, fromHex('11'.repeat(32)), at);
    expect(verifyCheckpointConsistency(forked, checkpoint, proof).valid).toBe(false);
  });
});
