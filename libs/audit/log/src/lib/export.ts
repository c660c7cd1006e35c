import { type Writable } from 'node:stream';
import { once } from 'node:events';
import { toHex } from '@fallverbund/audit-merkle';
import { type AuditLogStore } from './audit-log-store';
import { type ExportTrailer } from './verify';

const write = async (out: Writable, line: string): Promise<void> => {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
};

/**
 * Writes the whole log as NDJSON, one record per line in index order, and last a trailer with the
 * head read after the rows. Every row commits with its head update, so a head larger than the rows
 * read means appends in the meantime, which are then read too; rows beyond the final head are
 * exported as they are, for the verifier to flag. Returns the index after the last row written.
 */
export async function exportLog(store: AuditLogStore, out: Writable, batchSize = 1000): Promise<number> {
  let next = 0;
  for (;;) {
    const before = next;
    for (;;) {
      const batch = await store.read(next, batchSize);
      for (const record of batch) await write(out, JSON.stringify(record));
      if (batch.length > 0) next = batch[batch.length - 1]!.index + 1;
      if (batch.length < batchSize) break;
    }
    const head = await store.head();
    // A head ahead of the rows means appends since (read them), or deleted rows (nothing new to read).
    if (next >= head.size || next === before) {
      const trailer: ExportTrailer = { head: { size: head.size, root: toHex(head.root) } };
      await write(out, JSON.stringify(trailer));
      return next;
    }
  }
}
