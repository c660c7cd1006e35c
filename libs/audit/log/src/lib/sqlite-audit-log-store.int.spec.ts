import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '@fallverbund/testing';
import { auditLogStoreContract, exportedLines } from '../testing/audit-log-store.contract';
import { entries } from '../testing/entries';
import { type AuditLogStore } from './audit-log-store';
import { SqliteAuditLogStore } from './sqlite-audit-log-store';
import { verifyLog } from './verify';

const dir = tempDir('sqlite-audit');
let n = 0;
const newFile = () => join(dir.path, `audit-${n++}.sqlite`);
afterAll(() => dir.remove());

const databaseOf = (store: AuditLogStore) => (store as SqliteAuditLogStore).database;
auditLogStoreContract('SQLite (embedded)', () => Promise.resolve(new SqliteAuditLogStore({ file: newFile() })), {
  counts: (store) =>
    Promise.resolve(
      Object.fromEntries(
        databaseOf(store)
          .prepare<[], { level: number; count: number }>(
            'SELECT level, count(*) AS count FROM audit_log_nodes GROUP BY level',
          )
          .all()
          .map((row) => [row.level, row.count]),
      ),
    ),
  remove: (store, level, fromIndex, toIndex) => {
    databaseOf(store)
      .prepare('DELETE FROM audit_log_nodes WHERE level = ? AND idx >= ? AND idx < ?')
      .run(level, fromIndex, toIndex);
    return Promise.resolve();
  },
});

describe('SqliteAuditLogStore', () => {
  it('commits audit entries with a domain write in one transaction, or neither', async () => {
    const store = new SqliteAuditLogStore({ file: newFile() });
    store.database.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const writeWithAudit = (fail: boolean) =>
      store.writeLock.run(() => {
        store.database.exec('BEGIN IMMEDIATE');
        try {
          store.database.prepare('INSERT INTO notes (body) VALUES (?)').run('x');
          store.appendInTransaction(entries(2));
          if (fail) throw new Error('domain write failed');
          store.database.exec('COMMIT');
        } catch (error) {
          store.database.exec('ROLLBACK');
          throw error;
        }
      });
    await writeWithAudit(false);
    await expect(writeWithAudit(true)).rejects.toThrow('domain write failed');
    await expect(store.size()).resolves.toBe(2);
    expect(store.database.prepare('SELECT count(*) AS c FROM notes').get()).toEqual({ c: 1 });
    expect(() => store.appendInTransaction(entries(1))).toThrow('needs an open transaction');
    await store.close();
  });

  it('an edited row in the file is named by the verifier', async () => {
    const file = newFile();
    const store = new SqliteAuditLogStore({ file });
    await store.append(entries(6));
    const db = new Database(file);
    db.prepare(`UPDATE audit_log SET entry = json_set(entry, '$.decision', 'deny') WHERE idx = 2`).run();
    db.close();
    await expect(verifyLog(await exportedLines(store))).resolves.toMatchObject({ valid: false, firstBadIndex: 2 });
    await store.close();
  });
});
