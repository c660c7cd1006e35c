import { fromHex, inclusionProof, rootOf, toHex } from '@fallverbund/audit-merkle';
import { anEntry, entries, recordsOf } from '../testing/entries';
import { type AuditRecord } from './audit-log-store';
import { sha256 } from './audit-entry';
import { CheckpointSigner } from './checkpoints';
import { type ExportTrailer, verifyLog, verifyRecordAgainstCheckpoint } from './verify';

const records = recordsOf(entries(13));
const leaves = records.map((r) => fromHex(r.leafHash));
const root = toHex(rootOf(sha256, leaves));
const trailer: ExportTrailer = { head: { size: 13, root } };
const signer = CheckpointSigner.generate();
const at = new Date('2026-11-25T12:00:00.000Z');
const checkpointAt = (size: number) => signer.sign(size, rootOf(sha256, leaves.slice(0, size)), at);
const key = signer.publicKeyPem;

const replaced = (index: number, change: Partial<AuditRecord>): AuditRecord[] =>
  records.map((r) => (r.index === index ? { ...r, ...change } : r));

describe('verifyLog', () => {
  it('accepts an intact log and gives its size and root', async () => {
    await expect(verifyLog([...records, trailer])).resolves.toEqual({ valid: true, size: 13, root });
    await expect(verifyLog([])).resolves.toEqual({ valid: true, size: 0, root: toHex(rootOf(sha256, [])) });
  });

  it('accepts an async stream and a checkpoint at or below the end', async () => {
    async function* stream() {
      for (const record of records) yield await Promise.resolve(record);
    }
    await expect(verifyLog(stream(), { checkpoint: checkpointAt(13), publicKeyPem: key })).resolves.toMatchObject({
      valid: true,
    });
    await expect(verifyLog(records, { checkpoint: checkpointAt(6), publicKeyPem: key })).resolves.toMatchObject({
      valid: true,
    });
    await expect(verifyLog([], { checkpoint: checkpointAt(0), publicKeyPem: key })).resolves.toMatchObject({
      valid: true,
    });
  });

  it('names a changed entry', async () => {
    const changed = replaced(4, { entry: anEntry(4, { decision: 'deny' }) });
    await expect(verifyLog(changed)).resolves.toEqual({
      valid: false,
      firstBadIndex: 4,
      reason: 'digest does not match the entry, its salt and index',
    });
  });

  it('names a changed digest and a changed leaf hash', async () => {
    await expect(verifyLog(replaced(2, { digest: '00'.repeat(32) }))).resolves.toMatchObject({
      valid: false,
      firstBadIndex: 2,
    });
    await expect(verifyLog(replaced(7, { leafHash: '00'.repeat(32) }))).resolves.toEqual({
      valid: false,
      firstBadIndex: 7,
      reason: 'leaf hash does not match the digest',
    });
  });

  it('names a deleted entry', async () => {
    await expect(verifyLog(records.filter((r) => r.index !== 5))).resolves.toEqual({
      valid: false,
      firstBadIndex: 5,
      reason: 'entry 5 is missing (next is 6)',
    });
  });

  it('names reordered entries, whether lines or indexes were swapped', async () => {
    const lines = [...records];
    [lines[3], lines[8]] = [lines[8]!, lines[3]!];
    await expect(verifyLog(lines)).resolves.toMatchObject({ valid: false, firstBadIndex: 3 });
    const relabelled = records.map((r) =>
      r.index === 3 ? { ...r, index: 8 } : r.index === 8 ? { ...r, index: 3 } : r,
    );
    relabelled.sort((a, b) => a.index - b.index);
    await expect(verifyLog(relabelled)).resolves.toEqual({
      valid: false,
      firstBadIndex: 3,
      reason: 'digest does not match the entry, its salt and index',
    });
  });

  it('names an inserted entry, even one forged with consistent hashes', async () => {
    const forged = recordsOf([...entries(6), anEntry(99)])[6]!;
    const inserted = [...records.slice(0, 6), forged, ...records.slice(6)];
    // Without a checkpoint the forged row is indistinguishable from the one it displaced.
    await expect(verifyLog(inserted)).resolves.toEqual({
      valid: false,
      firstBadIndex: 7,
      reason: 'index 6 appears again or out of order where 7 was due',
    });
    const naive = { ...forged, digest: records[6]!.digest };
    await expect(verifyLog([...records.slice(0, 6), naive, ...records.slice(6)])).resolves.toMatchObject({
      valid: false,
      firstBadIndex: 6,
    });
    const duplicated = [...records.slice(0, 6), records[5]!, ...records.slice(6)];
    await expect(verifyLog(duplicated)).resolves.toEqual({
      valid: false,
      firstBadIndex: 6,
      reason: 'index 5 appears again or out of order where 6 was due',
    });
  });

  it('names entries appended beyond the head, and an export cut short of it', async () => {
    const appended = recordsOf([...entries(13), anEntry(99)]);
    await expect(verifyLog([...appended, trailer])).resolves.toEqual({
      valid: false,
      firstBadIndex: 13,
      reason: 'entries beyond the log head of size 13',
    });
    await expect(verifyLog([...records.slice(0, 12), trailer])).resolves.toMatchObject({
      valid: false,
      firstBadIndex: 12,
    });
  });

  it('rejects a rewritten log against a checkpoint, even when every hash was recomputed', async () => {
    const rewritten = recordsOf([...entries(4), anEntry(4, { decision: 'deny' }), ...entries(8, 5)]);
    await expect(verifyLog(rewritten)).resolves.toMatchObject({ valid: true });
    await expect(verifyLog(rewritten, { checkpoint: checkpointAt(10), publicKeyPem: key })).resolves.toEqual({
      valid: false,
      firstBadIndex: null,
      reason: "the first 10 entries do not have the checkpoint's root",
    });
  });

  it('rejects a tampered checkpoint, a missing key, and an export shorter than the checkpoint', async () => {
    const tampered = { ...checkpointAt(13), treeSize: 12 };
    await expect(verifyLog(records, { checkpoint: tampered, publicKeyPem: key })).resolves.toEqual({
      valid: false,
      firstBadIndex: null,
      reason: 'checkpoint signature does not verify',
    });
    await expect(verifyLog(records, { checkpoint: checkpointAt(13) })).resolves.toMatchObject({ valid: false });
    await expect(
      verifyLog(records.slice(0, 10), { checkpoint: checkpointAt(13), publicKeyPem: key }),
    ).resolves.toMatchObject({ valid: false, firstBadIndex: 10 });
  });

  it('checks erased entries by their stored digest', async () => {
    const erased = replaced(3, { entry: null, salt: null });
    await expect(verifyLog([...erased, trailer])).resolves.toEqual({ valid: true, size: 13, root });
    await expect(verifyLog(replaced(3, { entry: null }))).resolves.toEqual({
      valid: false,
      firstBadIndex: 3,
      reason: 'entry and salt must both be present or both erased',
    });
    const erasedAndForged = replaced(3, { entry: null, salt: null, digest: '00'.repeat(32) });
    await expect(verifyLog(erasedAndForged)).resolves.toMatchObject({ valid: false, firstBadIndex: 3 });
  });

  it('rejects lines that are not records', async () => {
    await expect(verifyLog([records[0], 'garbage'])).resolves.toEqual({
      valid: false,
      firstBadIndex: 1,
      reason: 'line is not a record',
    });
    await expect(verifyLog([...records, trailer, records[0]])).resolves.toMatchObject({
      valid: false,
      reason: 'entries after the trailer',
    });
  });
});

describe('verifyRecordAgainstCheckpoint', () => {
  const checkpoint = checkpointAt(13);
  const proof = inclusionProof(sha256, leaves, 6, 13);

  it('accepts an entry with its inclusion proof, also once erased', () => {
    expect(verifyRecordAgainstCheckpoint(records[6]!, proof, checkpoint, key)).toEqual({ valid: true });
    expect(verifyRecordAgainstCheckpoint({ ...records[6]!, entry: null, salt: null }, proof, checkpoint, key)).toEqual({
      valid: true,
    });
  });

  it('rejects a changed entry, a wrong proof and a forged checkpoint', () => {
    const changed = { ...records[6]!, entry: anEntry(6, { purpose: 'audit' }) };
    expect(verifyRecordAgainstCheckpoint(changed, proof, checkpoint, key).valid).toBe(false);
    expect(verifyRecordAgainstCheckpoint(records[5]!, proof, checkpoint, key).valid).toBe(false);
    expect(
      verifyRecordAgainstCheckpoint(records[6]!, proof, { ...checkpoint, rootHash: root.replace(/^./, 'f') }, key)
        .valid,
    ).toBe(false);
  });
});
