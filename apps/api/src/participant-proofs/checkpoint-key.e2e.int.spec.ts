import { createPublicKey } from 'node:crypto';
import { type Checkpoint, keyIdOf, verifyCheckpoint } from '@fallverbund/audit-log';
import { PROFILES, type TestApp, startTestApp } from '../testing/test-app';

describe.each(PROFILES)('GET /api/audit/checkpoint-key (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  it('answers the checkpoint key without a token, writes no audit entry, and the key verifies checkpoints', async () => {
    const before = await t.persistence.audit.size();
    const key = (await t.http.get('/api/audit/checkpoint-key').expect(200)).body as {
      keyId: string;
      algorithm: string;
      publicKeyPem: string;
    };
    expect(await t.persistence.audit.size()).toBe(before);
    expect(key.algorithm).toBe('Ed25519');
    expect(createPublicKey(key.publicKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(keyIdOf(createPublicKey(key.publicKeyPem))).toBe(key.keyId);

    const { checkpoint } = (
      await t.http
        .post('/api/audit/checkpoints')
        .set(await t.as('frieda.dpo', 'audit'))
        .expect(201)
    ).body as { checkpoint: Checkpoint };
    expect(checkpoint.keyId).toBe(key.keyId);
    expect(verifyCheckpoint(checkpoint, key.publicKeyPem)).toEqual({ valid: true });
  });
});
