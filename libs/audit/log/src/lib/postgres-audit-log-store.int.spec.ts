import { fromHex, rootOf } from '@fallverbund/audit-merkle';
import { describeWithPostgres, testSchema } from '@fallverbund/testing';
import { type Pool } from 'pg';
import { auditLogStoreContract, exportedLines } from '../testing/audit-log-store.contract';
import { anEntry, entries } from '../testing/entries';
import { canonicalJson, entryDigest, leafOfDigest, sha256 } from './audit-entry';
import { CheckpointSigner } from './checkpoints';
import { toHex } from '@fallverbund/audit-merkle';
import { PostgresAuditLogStore } from './postgres-audit-log-store';
import { verifyLog } from './verify';

describeWithPostgres('PostgresAuditLogStore', () => {
  let db: Awaited<ReturnType<typeof testSchema>>;
  let n = 0;
  beforeAll(async () => (db = await testSchema('audit_log', 12)));

  const newStore = () => PostgresAuditLogStore.create({ pool: db.pool, schema: `${db.schema}_${n++}` });
  const dropSchemas = async (pool: Pool) => {
    for (let i = 0; i < n; i++) await pool.query(`DROP SCHEMA IF EXISTS "${db.schema}_${i}" CASCADE`);
  };
  afterAll(async () => {
    await dropSchemas(db.pool);
    await db.drop();
  });

  auditLogStoreContract('PostgreSQL', newStore);

  it('gives 20 concurrent appenders of 20 entries the indexes 0..399 without a gap', async () => {
    const store = await newStore();
    const batches = await Promise.all(
      Array.from({ length: 20 }, (_, a) =>
        (async () => {
          const indexes: number[] = [];
          for (let i = 0; i < 20; i++) indexes.push(...(await store.append([anEntry(a * 100 + i)])));
          return indexes;
        })(),
      ),
    );
    expect(batches.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    const records = await store.read(0, 1000);
    expect(records.map((r) => r.index)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    await expect(store.root()).resolves.toEqual(
      rootOf(
        sha256,
        records.map((r) => fromHex(r.leafHash)),
      ),
    );
    await expect(verifyLog(await exportedLines(store))).resolves.toMatchObject({ valid: true, size: 400 });
  });

  it('appendWithin commits with the caller, and a rollback leaves log and head unchanged', async () => {
    const store = await newStore();
    await store.append(entries(3));
    const before = await store.head();
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await expect(store.appendWithin(client, entries(4, 3))).resolves.toEqual([3, 4, 5, 6]);
      await client.query('ROLLBACK');
      await expect(store.head()).resolves.toEqual(before);
      await expect(store.read(0, 100)).resolves.toHaveLength(3);

      await client.query('BEGIN');
      await expect(store.appendWithin(client, entries(2, 3))).resolves.toEqual([3, 4]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await expect(store.size()).resolves.toBe(5);
    await expect(verifyLog(await exportedLines(store))).resolves.toMatchObject({ valid: true, size: 5 });
  });

  describe('a verifier run on the export names the first row tampered with in the database', () => {
    let store: PostgresAuditLogStore;
    let table: string;
    beforeEach(async () => {
      const schema = `${db.schema}_${n}`;
      store = await newStore();
      table = `"${schema}".audit_log`;
      await store.append(entries(10));
    });

    it('an UPDATE of an entry', async () => {
      await db.pool.query(`UPDATE ${table} SET entry = jsonb_set(entry, '{purpose}', '"audit"') WHERE idx = 6`);
      await expect(verifyLog(await exportedLines(store))).resolves.toEqual({
        valid: false,
        firstBadIndex: 6,
        reason: 'digest does not match the entry, its salt and index',
      });
    });

    it('an UPDATE of a leaf hash', async () => {
      await db.pool.query(`UPDATE ${table} SET leaf_hash = digest WHERE idx = 3`);
      await expect(verifyLog(await exportedLines(store))).resolves.toEqual({
        valid: false,
        firstBadIndex: 3,
        reason: 'leaf hash does not match the digest',
      });
    });

    it('a DELETE of a row', async () => {
      await db.pool.query(`DELETE FROM ${table} WHERE idx = 4`);
      await expect(verifyLog(await exportedLines(store))).resolves.toEqual({
        valid: false,
        firstBadIndex: 4,
        reason: 'entry 4 is missing (next is 5)',
      });
    });

    it('a DELETE of the last row', async () => {
      await db.pool.query(`DELETE FROM ${table} WHERE idx = 9`);
      await expect(verifyLog(await exportedLines(store))).resolves.toMatchObject({ valid: false, firstBadIndex: 9 });
    });

    it('two rows swapping their indexes', async () => {
      await db.pool.query(`UPDATE ${table} SET idx = 1000 WHERE idx = 2`);
      await db.pool.query(`UPDATE ${table} SET idx = 2 WHERE idx = 7`);
      await db.pool.query(`UPDATE ${table} SET idx = 7 WHERE idx = 1000`);
      await expect(verifyLog(await exportedLines(store))).resolves.toEqual({
        valid: false,
        firstBadIndex: 2,
        reason: 'digest does not match the entry, its salt and index',
      });
    });

    it('an INSERT of a forged row with consistent hashes', async () => {
      const salt = new Uint8Array(32).fill(1);
      const digest = entryDigest(sha256, 10, anEntry(10, { decision: 'deny' }), salt);
      await db.pool.query(`INSERT INTO ${table} (idx, entry, salt, digest, leaf_hash) VALUES (10, $1, $2, $3, $4)`, [
        canonicalJson(anEntry(10, { decision: 'deny' })),
        Buffer.from(salt),
        Buffer.from(digest),
        Buffer.from(leafOfDigest(sha256, digest)),
      ]);
      await expect(verifyLog(await exportedLines(store))).resolves.toEqual({
        valid: false,
        firstBadIndex: 10,
        reason: 'entries beyond the log head of size 10',
      });
    });

    it('a rewrite of a row with every hash and the head recomputed, against a DPO checkpoint', async () => {
      const signer = CheckpointSigner.generate();
      const checkpoint = await signer.issue(store, new Date('2026-11-25T10:00:00.000Z'));
      const [row] = await store.read(5, 1);
      const forged = anEntry(5, { outcome: 404 });
      const digest = entryDigest(sha256, 5, forged, fromHex(row!.salt!));
      await db.pool.query(`UPDATE ${table} SET entry = $1, digest = $2, leaf_hash = $3 WHERE idx = 5`, [
        canonicalJson(forged),
        Buffer.from(digest),
        Buffer.from(leafOfDigest(sha256, digest)),
      ]);
      const leaves = (await store.read(0, 100)).map((r) => fromHex(r.leafHash));
      const builderRoot = toHex(rootOf(sha256, leaves));
      const lines = (await exportedLines(store)).map((line) =>
        typeof line === 'object' && line !== null && 'head' in line ? { head: { size: 10, root: builderRoot } } : line,
      );
      await expect(verifyLog(lines)).resolves.toMatchObject({ valid: true });
      await expect(verifyLog(lines, { checkpoint, publicKeyPem: signer.publicKeyPem })).resolves.toEqual({
        valid: false,
        firstBadIndex: null,
        reason: "the first 10 entries do not have the checkpoint's root",
      });
    });
  });
});
