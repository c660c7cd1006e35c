import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointSigner } from '@fallverbund/audit-log';
import { auditConfigFromEnv } from './audit.config';

describe('auditConfigFromEnv', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fv-audit-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('embedded: makes a signing key in DATA_DIR once and keeps it across starts', () => {
    const first = auditConfigFromEnv({ DATA_DIR: dir }, false);
    const second = auditConfigFromEnv({ DATA_DIR: dir }, false);
    const file = join(dir, 'audit-signing-key.pem');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(second.signingKeyPem).toBe(first.signingKeyPem);
    expect(CheckpointSigner.fromPem(first.signingKeyPem!).keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(first).toMatchObject({
      checkpointIntervalMs: 60_000,
      signals: { manyCases: 20, withinMinutes: 1440, probedCases: 5, lookbackDays: 30 },
    });
  });

  it('production: refuses to start without a key file, and uses the one given', () => {
    expect(() => auditConfigFromEnv({ DATA_DIR: dir }, true)).toThrow('AUDIT_SIGNING_KEY_FILE');
    expect(existsSync(join(dir, 'audit-signing-key.pem'))).toBe(false);
    const file = join(dir, 'mine.pem');
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(file, pem);
    const config = auditConfigFromEnv(
      { AUDIT_SIGNING_KEY_FILE: file, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0', AUDIT_SIGNAL_MANY_CASES: '5' },
      true,
    );
    expect(config).toMatchObject({ signingKeyPem: pem, checkpointIntervalMs: 0, signals: { manyCases: 5 } });
  });

  it('names a bad setting', () => {
    expect(() => auditConfigFromEnv({ DATA_DIR: dir, AUDIT_CHECKPOINT_INTERVAL_SECONDS: 'soon' }, false)).toThrow(
      'AUDIT_CHECKPOINT_INTERVAL_SECONDS must be a number ≥ 0, not "soon"',
    );
    expect(() => auditConfigFromEnv({ AUDIT_SIGNING_KEY_FILE: join(dir, 'missing.pem') }, true)).toThrow('cannot read');
  });
});
