import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { tempDir } from '@fallverbund/testing';
import { CheckpointSigner } from '../lib/checkpoints';
import { exportLog } from '../lib/export';
import { SqliteAuditLogStore } from '../lib/sqlite-audit-log-store';
import { entries } from '../testing/entries';
import { main } from './verify-audit-export';

describe('verify-audit-export', () => {
  const dir = tempDir('audit-cli');
  const good = join(dir.path, 'good.ndjson');
  const bad = join(dir.path, 'bad.ndjson');
  const checkpointFile = join(dir.path, 'checkpoint.json');
  const keyFile = join(dir.path, 'key.pem');
  const run = async (...args: string[]) => {
    const printed: string[] = [];
    const code = await main(args, (line) => printed.push(line));
    return { code, verdict: JSON.parse(printed.join('')) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const store = new SqliteAuditLogStore({ file: join(dir.path, 'audit.sqlite') });
    await store.append(entries(9));
    const signer = CheckpointSigner.generate();
    writeFileSync(checkpointFile, JSON.stringify(await signer.issue(store, new Date('2026-11-25T10:00:00Z'))));
    writeFileSync(keyFile, signer.publicKeyPem);
    const out = createWriteStream(good);
    await exportLog(store, out);
    out.end();
    await once(out, 'finish');
    await store.close();
    const lines = readFileSync(good, 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"permit"', '"deny"');
    writeFileSync(bad, lines.join('\n'));
  });
  afterAll(() => dir.remove());

  it('exits 0 for a good export, with and without the checkpoint, and says whether a checkpoint was checked', async () => {
    const unchecked = await run(good);
    expect(unchecked).toMatchObject({ code: 0, verdict: { valid: true, size: 9, checkpointChecked: false } });
    expect(unchecked.verdict['message']).toContain('NO CHECKPOINT WAS CHECKED');
    const checked = await run(good, '--checkpoint', checkpointFile, '--public-key', keyFile);
    expect(checked).toMatchObject({
      code: 0,
      verdict: { valid: true, size: 9, checkpointChecked: true, checkpoint: { treeSize: 9 } },
    });
    expect(checked.verdict['message']).not.toContain('NO CHECKPOINT');
    expect(checked.verdict['message']).toContain('signed checkpoint');
  });

  it('exits 1 for a bad export and names the entry', async () => {
    await expect(run(bad)).resolves.toEqual({
      code: 1,
      verdict: {
        valid: false,
        firstBadIndex: 3,
        reason: 'digest does not match the entry, its salt and index',
        checkpointChecked: false,
      },
    });
  });

  it('exits 1 for a checkpoint under another key, and 2 on a usage error or a missing file', async () => {
    writeFileSync(join(dir.path, 'other.pem'), CheckpointSigner.generate().publicKeyPem);
    await expect(
      run(good, '--checkpoint', checkpointFile, '--public-key', join(dir.path, 'other.pem')),
    ).resolves.toMatchObject({ code: 1 });
    await expect(run()).resolves.toMatchObject({ code: 2 });
    await expect(run(good, '--checkpoint', checkpointFile)).resolves.toMatchObject({ code: 2 });
    await expect(run(join(dir.path, 'missing.ndjson'))).resolves.toMatchObject({ code: 2 });
  });
});
