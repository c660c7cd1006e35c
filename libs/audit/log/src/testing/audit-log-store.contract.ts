import { PassThrough } from 'node:stream';
import {
  consistencyProof,
  fromHex,
  inclusionProof,
  rootOf,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '@fallverbund/audit-merkle';
import { type AuditEntry, sha256 } from '../lib/audit-entry';
import { type AuditLogStore, type AuditSearch, type AuditSearchPage } from '../lib/audit-log-store';
import { CheckpointSigner, verifyCheckpoint, verifyCheckpointConsistency } from '../lib/checkpoints';
import { exportLog } from '../lib/export';
import { verifyLog } from '../lib/verify';
import { anEntry, entries } from './entries';

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

/** What the contract needs to see of a store's stored subtree nodes. */
export interface StoredNodesAccess {
  /** Number of stored nodes per level. */
  counts(store: AuditLogStore): Promise<Record<number, number>>;
  /** Deletes the stored nodes of a level with index in [fromIndex, toIndex), as in a log written before nodes were kept. */
  remove(store: AuditLogStore, level: number, fromIndex: number, toIndex: number): Promise<void>;
}

/**
 * 40 entries for the search tests: four cases, three users, two agencies, three kinds of legal
 * basis, a few denials and break-glass accesses, one second apart; entries 4 and 9 are erased.
 */
const searchable = (i: number): AuditEntry =>
  anEntry(i, {
    caseRef: i % 10 === 7 ? null : `case-${i % 4}`,
    actor: { userId: `user-${i % 3}`, role: 'caseworker', agencyId: i % 5 === 0 ? 'youth-office-2' : 'jobcenter-1' },
    purpose: i % 2 === 0 ? 'child_protection' : 'integration',
    legalBasis: [['team'], [`consent:c-${i}`], ['team', '§8a SGB VIII declaration:d-1'], []][i % 4]!,
    decision: i % 7 === 3 ? 'deny' : 'permit',
    breakGlass: i % 4 === 2,
    action: ['read', 'list', 'record'][i % 3]!,
  });
const SEARCHABLE = 40;
const ERASED = [4, 9];

/** The search as specified, over the entries in memory. */
function expectedSearch(all: readonly AuditEntry[], filter: AuditSearch, page: AuditSearchPage): number[] {
  const matches = (e: AuditEntry): boolean =>
    (filter.caseRef === undefined || e.caseRef === filter.caseRef) &&
    (filter.userId === undefined || e.actor.userId === filter.userId) &&
    (filter.agencyId === undefined || e.actor.agencyId === filter.agencyId) &&
    (filter.purpose === undefined || e.purpose === filter.purpose) &&
    (filter.legalBasis === undefined || e.legalBasis.some((b) => b.startsWith(filter.legalBasis!))) &&
    (filter.decision === undefined || e.decision === filter.decision) &&
    (filter.breakGlass === undefined || e.breakGlass === filter.breakGlass) &&
    (filter.action === undefined || e.action === filter.action) &&
    (filter.from === undefined || Date.parse(e.occurredAt) >= Date.parse(filter.from)) &&
    (filter.to === undefined || Date.parse(e.occurredAt) < Date.parse(filter.to));
  const desc = (page.order ?? 'desc') === 'desc';
  const indexes = all
    .map((_, i) => i)
    .filter((i) => !ERASED.includes(i) && matches(all[i]!))
    .filter((i) => page.after === undefined || (desc ? i < page.after : i > page.after));
  return (desc ? indexes.reverse() : indexes).slice(0, page.limit);
}

export function auditLogStoreContract(
  label: string,
  open: () => Promise<AuditLogStore>,
  storedNodes?: StoredNodesAccess,
): void {
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

    it('integrates enqueued entries after what was appended, in the order enqueued, by sync at the latest', async () => {
      await store.append(entries(2));
      await store.enqueue(entries(3, 2));
      await store.enqueue([]);
      await store.enqueue(entries(2, 5));
      await store.sync();
      // head() covers integrated entries only and does not wait itself.
      await expect(store.head()).resolves.toMatchObject({ size: 7 });
      await expect(store.integrate()).resolves.toBe(0);
      expect((await store.read(0, 100)).map((r) => r.entry)).toEqual(entries(7));
      await expect(store.append(entries(1, 7))).resolves.toEqual([7]);
      await expect(verifyLog(await exportedLines(store))).resolves.toMatchObject({ valid: true, size: 8 });
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

    describe('search', () => {
      const all = Array.from({ length: SEARCHABLE }, (_, i) => searchable(i));
      const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, second)).toISOString();
      const indexesOf = async (filter: AuditSearch, page: AuditSearchPage) =>
        (await store.search(filter, page)).map((r) => r.index);

      beforeEach(async () => {
        await store.append(all.slice(0, 13));
        await store.append(all.slice(13));
        for (const index of ERASED) await store.eraseDetails(index);
      });

      const filters: AuditSearch[] = [
        {},
        { caseRef: 'case-1' },
        { caseRef: 'case-0' },
        { caseRef: 'case-9' },
        { userId: 'user-2' },
        { agencyId: 'youth-office-2' },
        { purpose: 'integration' },
        { legalBasis: 'consent:' },
        { legalBasis: 'consent:c-1' },
        { legalBasis: 'team' },
        { legalBasis: 'tea' },
        { legalBasis: '§8a' },
        { legalBasis: '%' },
        { legalBasis: '_' },
        { decision: 'deny' },
        { breakGlass: true },
        { breakGlass: false },
        { action: 'record' },
        { from: at(30) },
        { to: at(5) },
        { from: at(10), to: at(20) },
        { caseRef: 'case-2', userId: 'user-0' },
        { agencyId: 'jobcenter-1', decision: 'deny', from: at(5) },
        { legalBasis: 'consent:', purpose: 'integration', to: at(30) },
        { caseRef: 'case-3', legalBasis: 'consent:', userId: 'user-2', action: 'read' },
        { userId: 'user-1', breakGlass: true, legalBasis: '§8a', purpose: 'child_protection' },
        { caseRef: 'case-1', decision: 'permit', userId: 'user-1', agencyId: 'jobcenter-1', from: at(0), to: at(40) },
      ];

      it('finds exactly the entries matching every given field, newest first by default and oldest first on request', async () => {
        for (const filter of filters) {
          for (const order of [undefined, 'desc', 'asc'] as const) {
            const page = { limit: 100, ...(order ? { order } : {}) };
            expect([filter, order, await indexesOf(filter, page)]).toEqual([
              filter,
              order,
              expectedSearch(all, filter, page),
            ]);
          }
        }
      });

      it('matches a legal basis by prefix against each of an entry’s legal bases', async () => {
        await expect(indexesOf({ legalBasis: 'consent:' }, { limit: 100, order: 'asc' })).resolves.toEqual([
          1, 5, 13, 17, 21, 25, 29, 33, 37,
        ]);
        await expect(indexesOf({ legalBasis: '§8a' }, { limit: 3 })).resolves.toEqual([38, 34, 30]);
        await expect(indexesOf({ legalBasis: 'consent:c-1' }, { limit: 100, order: 'asc' })).resolves.toEqual([
          1, 13, 17,
        ]);
      });

      it('never finds erased entries', async () => {
        const found = await store.search({}, { limit: 100, order: 'asc' });
        expect(found).toHaveLength(SEARCHABLE - ERASED.length);
        expect(found.map((r) => r.index)).not.toContain(4);
        await expect(indexesOf({ caseRef: 'case-0', userId: 'user-1' }, { limit: 100 })).resolves.toEqual([28, 16]);
        await expect(indexesOf({ caseRef: 'case-1', agencyId: 'youth-office-2' }, { limit: 100 })).resolves.toEqual([
          25, 5,
        ]);
      });

      it('returns whole records, as read gives them', async () => {
        const [found] = await store.search({ caseRef: 'case-2', userId: 'user-0' }, { limit: 1, order: 'asc' });
        const [read] = await store.read(6, 1);
        expect(found).toEqual(read);
        expect(found?.entry).toEqual(all[6]);
      });

      it('pages with after in either order, over several pages', async () => {
        for (const filter of [{}, { userId: 'user-1' }, { legalBasis: 'team', from: at(3) }] as AuditSearch[]) {
          for (const order of ['asc', 'desc'] as const) {
            const pages: number[][] = [];
            let after: number | undefined;
            for (;;) {
              const page = await indexesOf(filter, { limit: 4, order, ...(after === undefined ? {} : { after }) });
              if (page.length === 0) break;
              pages.push(page);
              after = page.at(-1);
            }
            expect(pages.length).toBeGreaterThan(2);
            expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
            expect(pages.flat()).toEqual(expectedSearch(all, filter, { limit: 100, order }));
          }
        }
        await expect(indexesOf({}, { limit: 3, order: 'asc', after: 2 })).resolves.toEqual([3, 5, 6]);
        await expect(indexesOf({}, { limit: 3, after: 10 })).resolves.toEqual([8, 7, 6]);
      });

      it('takes instants in any ISO 8601 form, and refuses a bad page or instant', async () => {
        await expect(indexesOf({ from: '2026-11-25T09:00:37Z' }, { limit: 100 })).resolves.toEqual([39, 38, 37]);
        await expect(indexesOf({ to: '2026-11-25T10:00:02+01:00' }, { limit: 100 })).resolves.toEqual([1, 0]);
        await expect(indexesOf({}, { limit: 0 })).resolves.toEqual([]);
        await expect(store.search({ from: 'yesterday' }, { limit: 10 })).rejects.toThrow(RangeError);
        await expect(store.search({}, { limit: -1 })).rejects.toThrow(RangeError);
        await expect(store.search({}, { limit: 10, after: 1.5 })).rejects.toThrow(RangeError);
      });
    });

    if (storedNodes) {
      // 70,000 entries: 273 complete subtrees of 256 leaves and one of 65,536.
      describe('proofs from stored subtree nodes', () => {
        const SIZE = 70_000;
        let leaves: Uint8Array[];
        beforeEach(async () => {
          // Batches that end off the 256 boundaries, so that nodes are completed inside a batch.
          for (let from = 0; from < SIZE; from += 10_000) {
            await store.append(entries(9_999, from));
            await store.append(entries(1, from + 9_999));
          }
          leaves = (await store.read(0, SIZE)).map((r) => fromHex(r.leafHash));
        });

        // Each in-memory proof hashes up to the whole log, so they are made once and compared thrice.
        const inclusions: [index: number, size: number][] = [
          [0, SIZE],
          [12_345, SIZE],
          [65_536, SIZE],
          [69_999, SIZE],
          [300, 65_536],
          [40_000, 66_049],
          [1_000, 69_888],
        ];
        const consistencies: [oldSize: number, newSize: number][] = [
          [256, SIZE],
          [65_536, SIZE],
          [33_333, 69_999],
          [65_537, 66_000],
        ];
        const expected = () => [
          ...inclusions.map(([index, size]) => inclusionProof(sha256, leaves, index, size).map(toHex)),
          ...consistencies.map(([oldSize, newSize]) => consistencyProof(sha256, leaves, oldSize, newSize).map(toHex)),
          [toHex(rootOf(sha256, leaves.slice(0, 69_999)))],
        ];
        const stored = async () => [
          ...(await Promise.all(inclusions.map(async ([i, size]) => (await store.inclusionProof(i, size)).map(toHex)))),
          ...(await Promise.all(
            consistencies.map(async ([oldSize, newSize]) =>
              (await store.consistencyProof(oldSize, newSize)).map(toHex),
            ),
          )),
          [toHex(await store.root(69_999))],
        ];

        it('keeps one node per complete subtree of 256 and of 65,536 leaves, gives the in-memory proofs, and falls back to the level below and to leaves where nodes are missing', async () => {
          await expect(storedNodes.counts(store)).resolves.toEqual({ 8: Math.floor(SIZE / 256), 16: 1 });
          const want = expected();
          await expect(stored()).resolves.toEqual(want);

          await storedNodes.remove(store, 16, 0, 1);
          await storedNodes.remove(store, 8, 10, 40);
          await storedNodes.remove(store, 8, 200, 201);
          await storedNodes.remove(store, 8, 272, 273);
          await expect(stored()).resolves.toEqual(want);
          await storedNodes.remove(store, 8, 0, 1_000);
          await expect(stored()).resolves.toEqual(want);
        });
      });
    }

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
