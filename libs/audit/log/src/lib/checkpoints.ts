import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { fromHex, toHex, verifyConsistency, type Verification } from '@fallverbund/audit-merkle';
import { sha256 } from './audit-entry';
import { type AuditLogStore, type Checkpoint } from './audit-log-store';

const ORIGIN = 'fallverbund-audit-log/v1';

/** The bytes a checkpoint's signature covers: origin, size, root and time, one per line. */
export const checkpointMessage = (c: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'issuedAt'>): Buffer =>
  Buffer.from(`${ORIGIN}\n${c.treeSize}\n${c.rootHash.toLowerCase()}\n${c.issuedAt}\n`, 'utf8');

/** First 16 hex digits of SHA-256 over the DER public key: names the key without revealing anything. */
export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/** Signs checkpoints of the audit log with an Ed25519 key. */
export class CheckpointSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;

  private constructor(private readonly privateKey: KeyObject) {
    const publicKey = createPublicKey(privateKey);
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('checkpoints are signed with Ed25519');
    this.keyId = keyIdOf(publicKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  static fromPem(privateKeyPem: string): CheckpointSigner {
    return new CheckpointSigner(createPrivateKey(privateKeyPem));
  }

  /** A new key, e.g. for the embedded profile; its private half lives only as long as the process. */
  static generate(): CheckpointSigner {
    return new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
  }

  sign(treeSize: number, root: Uint8Array, issuedAt: Date): Checkpoint {
    const unsigned = { treeSize, rootHash: toHex(root), issuedAt: issuedAt.toISOString() };
    const signature = sign(null, checkpointMessage(unsigned), this.privateKey).toString('base64');
    return { ...unsigned, signature, keyId: this.keyId };
  }

  /** Signs the store's current head and stores the checkpoint. */
  async issue(store: AuditLogStore, now: Date): Promise<Checkpoint> {
    const head = await store.head();
    const checkpoint = this.sign(head.size, head.root, now);
    await store.saveCheckpoint(checkpoint);
    return checkpoint;
  }
}

/** Checks a checkpoint's shape and signature. Never throws on malformed input; says why instead. */
export function verifyCheckpoint(checkpoint: unknown, publicKeyPem: string): Verification {
  const c = checkpoint as Partial<Record<keyof Checkpoint, unknown>> | null;
  if (typeof c !== 'object' || c === null) return { valid: false, reason: 'checkpoint is not an object' };
  if (!Number.isSafeInteger(c.treeSize) || (c.treeSize as number) < 0) {
    return { valid: false, reason: 'checkpoint treeSize is not a non-negative integer' };
  }
  if (typeof c.rootHash !== 'string' || !/^[0-9a-f]{64}$/i.test(c.rootHash)) {
    return { valid: false, reason: 'checkpoint rootHash is not 32 bytes of hex' };
  }
  if (typeof c.issuedAt !== 'string' || typeof c.signature !== 'string') {
    return { valid: false, reason: 'checkpoint issuedAt or signature is missing' };
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
  } catch {
    return { valid: false, reason: 'the public key is not a PEM key' };
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return { valid: false, reason: 'the public key is not Ed25519' };
  if (c.keyId !== undefined && c.keyId !== keyIdOf(publicKey)) {
    return { valid: false, reason: 'checkpoint was signed by another key' };
  }
  const message = checkpointMessage({ treeSize: c.treeSize as number, rootHash: c.rootHash, issuedAt: c.issuedAt });
  const ok = verify(null, message, publicKey, Buffer.from(c.signature, 'base64'));
  return ok ? { valid: true } : { valid: false, reason: 'checkpoint signature does not verify' };
}

/** Checks that `newer` extends `older`, given the store's consistency proof (hex or bytes). */
export function verifyCheckpointConsistency(
  older: Checkpoint,
  newer: Checkpoint,
  proof: readonly Uint8Array[],
): Verification {
  return verifyConsistency(
    sha256,
    older.treeSize,
    newer.treeSize,
    fromHex(older.rootHash),
    fromHex(newer.rootHash),
    proof,
  );
}
