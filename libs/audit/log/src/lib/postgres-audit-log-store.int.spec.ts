import { fromHex, rootOf } from '@fallverbund/audit-merkle';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describeWithPostgres, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { type Pool } from 'pg';
import { auditLogStoreContract, exportedLines } from '../testing/audit-log-store.contract';
import { anEntry, entries } from '../testing/entries';
import { canonicalJson, entryDigest, leafOfDigest, sha256 } from './audit-entry';
import { CheckpointSigner, verifyCheckpointConsistency } from './checkpoints';
import { toHex } from '@fallverbund/audit-merkle';
import { type AuditLogStore } from './audit-log-store';
import { PostgresAuditLogStore } from './postgres-audit-log-store';
import { verifyLog } from './verify';

describeWithPostgres('PostgresAuditLogStore', () => {
  let db: Awaited<ReturnType<typeof testSchema>>;
  let n = 0;
  beforeAll(async () => (db = await testSchema('audit_log', 12)));

  const schemas = new WeakMap<AuditLogStore, string>();
  const newStore = async () => {
    const schema = `${db.schema}_${n++}`;
    const store = await PostgresAuditLogStore.create({ pool: db.pool, schema });
    schemas.set(store, schema);
    return store;
  };
  const nodesOf = (store: AuditLogStore) => `"${schemas.get(store)}".audit_log_nodes`;
  const dropSchemas = async (pool: Pool) => {
    for (let i = 0; i < n; i++) await pool.query(`DROP SCHEMA IF EXISTS "${db.schema}_${i}" CASCADE`);
  };
  afterAll(async () => {
    await dropSchemas(db.pool);
    await db.drop();
  });

  auditLogStoreContract('PostgreSQL', newStore, {
    counts: async (store) => {
      const { rows } = await db.pool.query<{ level: number; count: number }>(
        `SELECT level, count(*)::int AS count FROM ${nodesOf(store)} GROUP BY level`,
      );
      return Object.fromEntries(rows.map((row) => [row.level, row.count]));
    },
    remove: async (store, level, fromIndex, toIndex) => {
      await db.pool.query(`DELETE FROM ${nodesOf(store)} WHERE level = $1 AND idx >= $2 AND idx < $3`, [
        level,
        fromIndex,
        toIndex,
      ]);
    },
  });

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

  /** Indexes 0..size-1 without a gap, a head root equal to the MTH of the leaves, and a log that verifies. */
  const expectWholeLog = async (store: PostgresAuditLogStore, size: number) => {
    const records = await store.read(0, size + 10);
    expect(records.map((r) => r.index)).toEqual(Array.from({ length: size }, (_, i) => i));
    await expect(store.head()).resolves.toEqual({
      size,
      root: rootOf(
        sha256,
        records.map((r) => fromHex(r.leafHash)),
      ),
    });
    await expect(verifyLog(await exportedLines(store))).resolves.toMatchObject({ valid: true, size });
  };

  const withinTransaction = async (
    store: PostgresAuditLogStore,
    count: number,
    commit: boolean,
    from = 0,
  ): Promise<number[]> => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const indexes = await store.appendWithin(client, entries(count, from));
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return commit ? indexes : [];
    } finally {
      client.release();
    }
  };

  it('interleaves append from two store instances with appendWithin transactions, without gap or duplicate', async () => {
    const schema = `${db.schema}_${n++}`;
    const [a, b] = await Promise.all([
      PostgresAuditLogStore.create({ pool: db.pool, schema }),
      PostgresAuditLogStore.create({ pool: db.pool, schema }),
    ]);
    const appender = async (store: PostgresAuditLogStore, from: number) => {
      const indexes: number[] = [];
      for (let i = 0; i < 30; i++) indexes.push(...(await store.append(entries(1 + (i % 3), from + 10 * i))));
      return indexes;
    };
    const writer = async (store: PostgresAuditLogStore, from: number) => {
      const indexes: number[] = [];
      for (let i = 0; i < 12; i++) indexes.push(...(await withinTransaction(store, 2, i % 4 !== 3, from + 10 * i)));
      return indexes;
    };
    const given = await Promise.all([
      appender(a, 0),
      appender(b, 1_000),
      appender(a, 2_000),
      writer(a, 3_000),
      writer(b, 4_000),
    ]);
    const size = 3 * (10 * 1 + 10 * 2 + 10 * 3) + 2 * 9 * 2;
    expect(given.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: size }, (_, i) => i));
    await expectWholeLog(a, size);
    await expect(b.head()).resolves.toEqual(await a.head());
  });

  it('an append waiting on the head behind an open appendWithin transaction lands after it, or in its place on rollback', async () => {
    const schema = `${db.schema}_${n++}`;
    const [a, b] = await Promise.all([
      PostgresAuditLogStore.create({ pool: db.pool, schema }),
      PostgresAuditLogStore.create({ pool: db.pool, schema }),
    ]);
    await a.append(entries(3));
    await b.append(entries(2, 3)); // a now remembers a head of 3 entries, b one of 5
    for (const commit of [true, false]) {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const size = await a.size();
        await expect(a.appendWithin(client, entries(2))).resolves.toEqual([size, size + 1]);
        const waiting = [a.append(entries(1)), b.append(entries(2))];
        await new Promise((resolve) => setTimeout(resolve, 100));
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        const after = commit ? size + 2 : size;
        expect((await Promise.all(waiting)).flat().sort((x, y) => x - y)).toEqual([after, after + 1, after + 2]);
      } finally {
        client.release();
      }
    }
    await expectWholeLog(a, 5 + 2 + 3 + 3);
  });

  it('append from two instances continues where the other left off, and never integrates over rows beyond the stored head', async () => {
    const store = await newStore();
    await store.append(entries(300));
    const other = await PostgresAuditLogStore.create({ pool: db.pool, schema: schemas.get(store)! });
    await expect(other.append(entries(1, 300))).resolves.toEqual([300]);
    await expect(store.append(entries(2, 301))).resolves.toEqual([301, 302]);
    await expectWholeLog(store, 303);

    // A row the head does not cover (written around the store) is never overwritten or skipped:
    // integration fails as a whole and the entry stays queued until the row is gone.
    const schema = schemas.get(store)!;
    await db.pool.query(`INSERT INTO "${schema}".audit_log (idx, digest, leaf_hash) VALUES (303, '\\x00', '\\x00')`);
    await expect(store.append(entries(1, 303))).rejects.toThrow(/duplicate key/);
    await expect(db.pool.query(`SELECT count(*)::int AS n FROM "${schema}".audit_log_queue`)).resolves.toMatchObject({
      rows: [{ n: 1 }],
    });
    await db.pool.query(`DELETE FROM "${schema}".audit_log WHERE idx = 303`);
    await expect(store.append(entries(1, 304))).resolves.toEqual([304]);
    await expect(store.read(303, 1)).resolves.toMatchObject([{ index: 303, entry: anEntry(303) }]);
    await expectWholeLog(store, 305);
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

  it('integrates in commit order while transactions are short, and does not stall behind a long one', async () => {
    const store = await newStore();
    const schema = schemas.get(store)!;
    const client = await db.pool.connect();
    try {
      // Two writer transactions take ids in one order and commit in the other.
      const first = await db.pool.connect();
      const second = await db.pool.connect();
      try {
        await first.query('BEGIN');
        await store.enqueueWithin(first, entries(2, 0));
        await second.query('BEGIN');
        await store.enqueueWithin(second, entries(2, 2));
        await second.query('COMMIT');
        // The later transaction's entries wait: the earlier one may still commit.
        await expect(store.integrate()).resolves.toBe(0);
        await first.query('COMMIT');
      } finally {
        first.release();
        second.release();
      }
      await store.sync();
      expect((await store.read(0, 10)).map((r) => r.entry)).toEqual(entries(4));

      // A transaction that stays open holds xmin back for the whole cluster.
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      const started = Date.now();
      await expect(store.append(entries(3, 4))).resolves.toEqual([4, 5, 6]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      await expectWholeLog(store, 7);
      await expect(db.pool.query(`SELECT count(*)::int AS n FROM "${schema}".audit_log_queue`)).resolves.toMatchObject({
        rows: [{ n: 0 }],
      });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('16 writers over two processes, one killed mid-run: every acknowledged entry integrated once, no gap, checkpoints consistent', async () => {
    const schema = `${db.schema}_${n++}`;
    const store = await PostgresAuditLogStore.create({ pool: db.pool, schema });
    const signer = CheckpointSigner.generate();
    const writers = 8;
    const run = (label: string, count: number) => {
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'libs/audit/log/src/testing/enqueue-child.ts'],
        {
          cwd: join(__dirname, '../../../../..'),
          env: {
            ...process.env,
            // Node 24 warns on stderr when NO_COLOR and FORCE_COLOR (which nx sets) are both present.
            NO_COLOR: undefined,
            DATABASE_URL: testDatabaseUrl(),
            SCHEMA: schema,
            LABEL: label,
            WRITERS: String(writers),
            COUNT: String(count),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const acked: string[] = [];
      let partial = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        acked.push(...lines);
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      return { child, acked, exited, stderr: () => stderr };
    };
    const until = async (what: string, done: () => boolean | Promise<boolean>) => {
      const deadline = Date.now() + 60_000;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    const killed = run('killed', 1_000_000);
    const survivor = run('survivor', 150);
    await until('both writers to make progress', async () => {
      if (killed.child.exitCode !== null) throw new Error(`writer exited: ${killed.stderr()}`);
      return killed.acked.length >= 200 && survivor.acked.length >= 100 && (await store.size()) >= 100;
    });
    const before = await signer.issue(store, new Date());
    await until('more entries after the checkpoint', () => killed.acked.length >= 400);
    killed.child.kill('SIGKILL');
    await expect(killed.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    const survived = await survivor.exited;
    expect({ ...survived, stderr: survivor.stderr() }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(survivor.acked.pop()).toBe('done');
    expect(survivor.acked).toHaveLength(writers * 150);

    // The killed writer's committed entries stay queued until any sequencer integrates them.
    await store.sync();
    const { rows } = await db.pool.query<{ idx_text: string; queue_id: string | null; request_id: string }>(
      `SELECT idx::text AS idx_text, queue_id::text, entry->>'requestId' AS request_id
       FROM "${schema}".audit_log ORDER BY idx`,
    );
    const size = rows.length;
    expect(rows.map((row) => Number(row.idx_text))).toEqual(Array.from({ length: size }, (_, i) => i));
    expect(new Set(rows.map((row) => row.request_id)).size).toBe(size);
    expect(new Set(rows.map((row) => row.queue_id)).size).toBe(size);
    expect(rows.filter((row) => row.queue_id === null)).toEqual([]);
    const logged = new Set(rows.map((row) => row.request_id));
    const acknowledged = [...killed.acked, ...survivor.acked];
    expect(acknowledged.filter((id) => !logged.has(id))).toEqual([]);
    expect(size).toBeGreaterThanOrEqual(acknowledged.length);
    expect(size).toBeLessThanOrEqual(acknowledged.length + writers); // at most one unacknowledged per killed writer
    await expect(db.pool.query(`SELECT count(*)::int AS n FROM "${schema}".audit_log_queue`)).resolves.toMatchObject({
      rows: [{ n: 0 }],
    });
    await expectWholeLog(store, size);

    const after = await signer.issue(store, new Date());
    expect(before.treeSize).toBeGreaterThan(0);
    expect(after.treeSize).toBe(size);
    expect(
      verifyCheckpointConsistency(before, after, await store.consistencyProof(before.treeSize, after.treeSize)),
    ).toEqual({ valid: true });
  }, 120_000);

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
