import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DEFAULT_SIGNAL_THRESHOLDS, type SignalThresholds } from './access-signals';

export interface AuditConfig {
  /** PEM (PKCS#8) of the Ed25519 key that signs checkpoints; absent: a key for this process only. */
  readonly signingKeyPem?: string;
  /**
   * AUDIT_SIGNING_KEY_PREVIOUS_KEY_ID: the key id of the newest checkpoint when the signing key is
   * replaced on purpose. Otherwise a start whose key did not sign the newest checkpoint is refused.
   */
  readonly previousKeyId?: string;
  /** How often a checkpoint is signed when the log has grown; 0 turns the timer off. */
  readonly checkpointIntervalMs: number;
  readonly signals: SignalThresholds;
}

/** For tests and tools: no timer, a fresh key. */
export const TEST_AUDIT_CONFIG: AuditConfig = { checkpointIntervalMs: 0, signals: DEFAULT_SIGNAL_THRESHOLDS };

const positiveNumber = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not "${raw}"`);
  return value;
};

/**
 * AUDIT_SIGNING_KEY_FILE names the checkpoint key (PEM). Without it the embedded profile creates
 * one in DATA_DIR, next to the database; production refuses to start, because a key that lives on
 * the same disk as the log proves little. AUDIT_CHECKPOINT_INTERVAL_SECONDS (default 60),
 * AUDIT_SIGNAL_MANY_CASES (default 20 distinct cases looked at without own work on them) and
 * AUDIT_SIGNAL_PROBED_CASES (default 5 distinct cases answered 404) within AUDIT_SIGNAL_WINDOW_MINUTES
 * (default 1440), own work read from AUDIT_SIGNAL_LOOKBACK_DAYS (default 30) before the range.
 */
export const auditConfigFromEnv = (env: NodeJS.ProcessEnv, production: boolean): AuditConfig => {
  const configured = env['AUDIT_SIGNING_KEY_FILE'];
  let file = configured;
  if (!file) {
    if (production) throw new Error('PROFILE=production needs AUDIT_SIGNING_KEY_FILE (an Ed25519 private key, PEM)');
    const dataDir = resolve(env['DATA_DIR'] ?? './data');
    file = join(dataDir, 'audit-signing-key.pem');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    }
  }
  let signingKeyPem: string;
  try {
    signingKeyPem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`AUDIT_SIGNING_KEY_FILE: cannot read ${file}`, { cause: error });
  }
  const previousKeyId = env['AUDIT_SIGNING_KEY_PREVIOUS_KEY_ID'];
  return {
    signingKeyPem,
    ...(previousKeyId ? { previousKeyId } : {}),
    checkpointIntervalMs: positiveNumber(env, 'AUDIT_CHECKPOINT_INTERVAL_SECONDS', 60) * 1000,
    signals: {
      manyCases: positiveNumber(env, 'AUDIT_SIGNAL_MANY_CASES', DEFAULT_SIGNAL_THRESHOLDS.manyCases),
      withinMinutes: positiveNumber(env, 'AUDIT_SIGNAL_WINDOW_MINUTES', DEFAULT_SIGNAL_THRESHOLDS.withinMinutes),
      probedCases: positiveNumber(env, 'AUDIT_SIGNAL_PROBED_CASES', DEFAULT_SIGNAL_THRESHOLDS.probedCases),
      lookbackDays: positiveNumber(env, 'AUDIT_SIGNAL_LOOKBACK_DAYS', DEFAULT_SIGNAL_THRESHOLDS.lookbackDays),
    },
  };
};
