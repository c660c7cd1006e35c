import { type PartnerSubscriber } from '@fallverbund/access-policy';
import { EMBEDDED_SUBSCRIBERS, loadSubscribers } from './subscribers';

export interface RelayConfig {
  /** `embedded`: the API process runs the relay; `external`: apps/relay does (the API runs none). */
  readonly mode: 'embedded' | 'external';
  /** The Kafka brokers; absent: integration events go to an in-process transport (embedded profile only). */
  readonly kafka?: { readonly brokers: readonly string[]; readonly clientId: string };
  readonly subscribers: readonly PartnerSubscriber[];
  /** KAFKA_TOPIC_PREFIX: put before every topic name (several environments on one cluster). */
  readonly topicPrefix?: string;
  readonly batchSize?: number;
  readonly idleMs?: number;
  /** How often covered partner streams are checked for consents that ran out. */
  readonly expiryCheckMs?: number;
}

const positiveInteger = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not ${raw}`);
  return value;
};

/**
 * RELAY=external leaves relaying to apps/relay; otherwise the process runs it. KAFKA_BROKERS
 * (comma-separated host:port) selects Kafka; without it the embedded profile relays in-process and
 * production refuses to start. SUBSCRIBERS_FILE registers the partner subscribers; without it the
 * embedded profile registers the demo youth office's system and production none.
 */
export const relayConfigFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  profile: 'embedded' | 'production' = 'embedded',
  clientId = 'fallverbund-relay',
): RelayConfig => {
  const mode = env['RELAY'] ?? 'embedded';
  if (mode !== 'embedded' && mode !== 'external') throw new Error(`RELAY must be embedded or external, not ${mode}`);
  const brokers = (env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (profile === 'production' && mode === 'embedded' && brokers.length === 0) {
    throw new Error('PROFILE=production needs KAFKA_BROKERS (or RELAY=external and a relay app that has them)');
  }
  const file = env['SUBSCRIBERS_FILE'];
  const batchSize = positiveInteger(env, 'RELAY_BATCH_SIZE');
  const idleMs = positiveInteger(env, 'RELAY_IDLE_MS');
  const expiryCheckMs = positiveInteger(env, 'RELAY_EXPIRY_CHECK_MS');
  const topicPrefix = env['KAFKA_TOPIC_PREFIX'];
  if (topicPrefix !== undefined && !/^[a-zA-Z0-9._-]*$/.test(topicPrefix)) {
    throw new Error(`KAFKA_TOPIC_PREFIX may hold letters, digits, '.', '_' and '-' only, not ${topicPrefix}`);
  }
  return {
    mode,
    ...(brokers.length > 0 ? { kafka: { brokers, clientId } } : {}),
    subscribers: file ? loadSubscribers(file) : profile === 'embedded' ? EMBEDDED_SUBSCRIBERS : [],
    ...(topicPrefix ? { topicPrefix } : {}),
    ...(batchSize ? { batchSize } : {}),
    ...(idleMs ? { idleMs } : {}),
    ...(expiryCheckMs ? { expiryCheckMs } : {}),
  };
};
