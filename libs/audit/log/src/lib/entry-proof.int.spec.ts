import { join } from 'node:path';
import { fromHex, verifyInclusion } from '@fallverbund/audit-merkle';
import { tempDir } from '@fallverbund/testing';
import { anEntry } from '../testing/entries';
import { entryDigest, leafOfDigest, sha256 } from './audit-entry';
import { CheckpointSigner, verifyCheckpoint } from './checkpoints';
import { buildEntryProof, InconsistentLogError, ProofRangeError, proveInclusion } from './entry-proof';
import { SqliteAuditLogStore } from './sqlite-audit-log-store';

const dir = tempDir('entry-proof');
let n = 0;
const newStore = () => new SqliteAuditLogStore({ file: join(dir.path, `audit-${n++}.sqlite`) });
afterAll(() => dir.remove());

const at = new Date('2026-12-04T10:00:00.000Z');
const later = new Date('2026-12-04T11:00:00.000Z');

describe('buildEntryProof', () => {
  it('proves an entry against a checkpoint its signer signed, signing one when none covers the entry', async () => {
    const store = newStore();
    const signer = CheckpointSigner.generate();
    await store.append(Array.from({ length: 7 }, (_, i) => anEntry(i)));

    const proof = await buildEntryProof(store, signer, 5, at);
    expect(proof.checkpoint).toMatchObject({ treeSize: 7, issuedAt: at.toISOString(), keyId: signer.keyId });
    expect(await store.latestCheckpoint()).toEqual(proof.checkpoint);
    expect(verifyCheckpoint(proof.checkpoint, signer.publicKeyPem)).toEqual({ valid: true });
    expect(proof.entry).toEqual(anEntry(5));
    const digest = entryDigest(sha256, 5, proof.entry, fromHex(proof.salt));
    expect(proof.digest).toBe(Buffer.from(digest).toString('hex'));
    expect(
      verifyInclusion(
        sha256,
        leafOfDigest(sha256, digest),
        5,
        proof.inclusion.treeSize,
        proof.inclusion.path.map(fromHex),
        fromHex(proof.checkpoint.rootHash),
      ),
    ).toEqual({ valid: true });
    await store.close();
  });

  it('reuses the newest checkpoint of its key while it covers the entry, and signs anew for a newer one', async () => {
    const store = newStore();
    const signer = CheckpointSigner.generate();
    await store.append(Array.from({ length: 4 }, (_, i) => anEntry(i)));
    const first = await buildEntryProof(store, signer, 1, at);
    await store.append([anEntry(4), anEntry(5)]);

    expect((await buildEntryProof(store, signer, 3, later)).checkpoint).toEqual(first.checkpoint);
    const newer = await buildEntryProof(store, signer, 5, later);
    expect(newer.checkpoint).toMatchObject({ treeSize: 6, issuedAt: later.toISOString() });
    await store.close();
  });

  it('does not prove against a checkpoint of another key (a restarted embedded server)', async () => {
    const store = newStore();
    await store.append([anEntry(0), anEntry(1)]);
    await CheckpointSigner.generate().issue(store, at);
    const signer = CheckpointSigner.generate();
    const proof = await buildEntryProof(store, signer, 0, later);
    expect(proof.checkpoint.keyId).toBe(signer.keyId);
    expect(verifyCheckpoint(proof.checkpoint, signer.publicKeyPem)).toEqual({ valid: true });
    await store.close();
  });

  it('refuses an entry beyond the log, and signs nothing for it', async () => {
    const store = newStore();
    await store.append([anEntry(0)]);
    const signer = CheckpointSigner.generate();
    await expect(buildEntryProof(store, signer, 1, at)).rejects.toBeInstanceOf(ProofRangeError);
    await expect(buildEntryProof(store, signer, -1, at)).rejects.toBeInstanceOf(ProofRangeError);
    expect(await store.latestCheckpoint()).toBeNull();
    await expect(proveInclusion(store, 0, 2)).rejects.toBeInstanceOf(ProofRangeError);
    await store.close();
  });

  it('signs nothing when the log does not extend the newest checkpoint of its key, or that checkpoint is forged', async () => {
    const store = newStore();
    const signer = CheckpointSigner.generate();
    await store.append(Array.from({ length: 4 }, (_, i) => anEntry(i)));
    const honest = await buildEntryProof(store, signer, 1, at);
    await store.append([anEntry(4)]);
    const setCheckpoint = (c: { rootHash: string; signature: string }) =>
      store.database
        .prepare('UPDATE audit_checkpoints SET root_hash = ?, signature = ? WHERE tree_size = 4')
        .run(c.rootHash, c.signature);
    // The key signed another history of 4 entries: the stored log does not extend it.
    setCheckpoint(signer.sign(4, sha256(Uint8Array.of(1)), at));
    await expect(buildEntryProof(store, signer, 4, later)).rejects.toBeInstanceOf(InconsistentLogError);
    // The row was written by someone without the key: its signature does not verify.
    setCheckpoint({
      rootHash: honest.checkpoint.rootHash,
      signature: signer.sign(3, sha256(Uint8Array.of(2)), at).signature,
    });
    await expect(buildEntryProof(store, signer, 4, later)).rejects.toBeInstanceOf(InconsistentLogError);
    expect((await store.latestCheckpoint())?.treeSize).toBe(4);
    // The honest checkpoint back: the head extends it, and a new one is signed.
    setCheckpoint(honest.checkpoint);
    expect((await buildEntryProof(store, signer, 4, later)).checkpoint.treeSize).toBe(5);
    await store.close();
  });
});
