import { PassThrough } from 'node:stream';
import { fromHex, rootOf, toHex, verifyConsistency, verifyInclusion } from '@fallverbund/audit-merkle';
import { sha256 } from '../lib/audit-entry';
import { type AuditLogStore } from '../lib/audit-log-store';
import { CheckpointSigner, verifyCheckpoint, verifyCheckpointConsistency } from '../lib/checkpoints';
import { exportLog } from '../lib/export';
import { verifyLog } from '../lib/verify';
import { entries } from './entries';

/** Exports a store and parses the NDJSON back into lines. */
export async function exportedLines(store: AuditLogStore): Promise<unknown[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportLog(store, out, 7);
  out.end();
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

export function auditLogStoreContract(label: string, open: () => Promise<AuditLogStore>): void {
  describe(`${label}: audit log store`, () => {
    let store: AuditLogStore;
    beforeEach(async () => (store = await open()));
    afterEach(() => store.close());

    const leavesOf = async (s: AuditLogStore) => (await s.read(0, 10_000)).map((r) => fromHex(r.leafHash));

    it('appends consecutive indexes and reads them back', async () => {
      await expect(store.size()).resolves.toBe(0);
      await expect(store.append(entries(3))).resolves.toEqual([0, 1, 2]);
      await expect(store.append(entries(2, 3))).resolves.toEqual([3, 4]);
      await expect(store.append([])).resolves.toEqual([]);
      const read = await store.read(1, 3);
      expect(read.map((r) => r.index)).toEqual([1, 2, 3]);
      expect(read.map((r) => r.entry)).toEqual(entries(3, 1));
      expect(read[0]!.salt).toMatch(/^[0-9a-f]{64}$/);
      await expect(store.size()).resolves.toBe(5);
    });

    it('keeps a root equal to the Merkle tree hash of the stored leaves, at every size', async () => {
      await expect(store.root()).resolves.toEqual(rootOf(sha256, []));
      for (let n = 0; n < 11; n++) await store.append(entries(1 + (n % 3), 10 * n));
      const leaves = await leavesOf(store);
      expect(leaves).toHaveLength(21);
      await expect(store.root()).resolves.toEqual(rootOf(sha256, leaves));
      for (const size of [1, 2, 5, 8, 13, 20]) {
        await expect(store.root(size)).resolves.toEqual(rootOf(sha256, leaves.slice(0, size)));
      }
      await expect(store.root(22)).rejects.toThrow('the log has 21 entries');
    });

    it('gives inclusion and consistency proofs that verify', async () => {
      await store.append(entries(17));
      const leaves = await leavesOf(store);
      for (const [index, size] of [
        [0, 1],
        [3, 17],
        [16, 17],
        [6, 7],
        [9, 12],
      ] as const) {
        const proof = await store.inclusionProof(index, size);
        const root = rootOf(sha256, leaves.slice(0, size));
        expect(verifyInclusion(sha256, leaves[index]!, index, size, proof, root)).toEqual({ valid: true });
      }
      for (const [oldSize, newSize] of [
        [1, 17],
        [4, 17],
        [7, 12],
        [17, 17],
      ] as const) {
        const proof = await store.consistencyProof(oldSize, newSize);
        const roots = [rootOf(sha256, leaves.slice(0, oldSize)), rootOf(sha256, leaves.slice(0, newSize))] as const;
        expect(verifyConsistency(sha256, oldSize, newSize, roots[0], roots[1], proof)).toEqual({ valid: true });
      }
      await expect(store.inclusionProof(3, 18)).rejects.toThrow();
    });

    it('issues signed checkpoints that verify, and are consistent with each other', async () => {
      const signer = CheckpointSigner.generate();
      await store.append(entries(5));
      const first = await signer.issue(store, new Date('2026-11-25T10:00:00.000Z'));
      await store.append(entries(6, 5));
      const second = await signer.issue(store, new Date('2026-11-25T11:00:00.000Z'));
      expect(first).toMatchObject({ treeSize: 5, rootHash: toHex(await store.root(5)) });
      expect(verifyCheckpoint(second, signer.publicKeyPem)).toEqual({ valid: true });
      expect(verifyCheckpoint({ ...second, rootHash: first.rootHash }, signer.publicKeyPem).valid).toBe(false);
      await expect(store.latestCheckpoint()).resolves.toEqual(second);
      const proof = await store.consistencyProof(5, 11);
      expect(verifyCheckpointConsistency(first, second, proof)).toEqual({ valid: true });
    });

    it('exports a log that verifies against its checkpoint, also after details are erased', async () => {
      const signer = CheckpointSigner.generate();
      await store.append(entries(12));
      const checkpoint = await signer.issue(store, new Date('2026-11-25T10:00:00.000Z'));
      await store.append(entries(3, 12));
      await store.eraseDetails(4);
      const [erased] = await store.read(4, 1);
      expect(erased).toMatchObject({ index: 4, entry: null, salt: null });
      await expect(store.eraseDetails(99)).rejects.toThrow('no audit entry 99');
      const lines = await exportedLines(store);
      expect(lines).toHaveLength(16);
      await expect(verifyLog(lines, { checkpoint, publicKeyPem: signer.publicKeyPem })).resolves.toEqual({
        valid: true,
        size: 15,
        root: toHex(await store.root()),
      });
    });
  });
}
