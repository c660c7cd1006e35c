import { loadAgencyDirectory, oidcOptionsFromEnv, type IdentityOptions } from '@fallverbund/identity';
import {
  type AuditConfig,
  auditConfigFromEnv,
  persistenceConfigFromEnv,
  type PersistenceConfig,
  type RelayConfig,
  relayConfigFromEnv,
} from '@fallverbund/cases-application';

export interface AppConfig {
  readonly profile: 'embedded' | 'production';
  readonly host: string;
  readonly port: number;
  readonly persistence: PersistenceConfig;
  readonly identity: IdentityOptions;
  readonly audit: AuditConfig;
  readonly bodyLimit: string;
  /**
   * The outbox relay to Kafka (or in-process without a broker). Absent: the app relays nothing (as in
   * most tests); `mode: 'external'`: apps/relay does it.
   */
  readonly relay?: RelayConfig;
}

/**
 * The embedded profile is what runs when nothing is configured: demo users, dev tokens, SQLite under
 * DATA_DIR, and only the loopback interface. PROFILE=production needs an OIDC issuer and audience and
 * an agency directory file, and refuses to start without them. The outbox relay runs in the process
 * unless RELAY=external; without KAFKA_BROKERS the embedded profile delivers in-process.
 */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const profile = env['PROFILE'] === 'production' ? 'production' : 'embedded';
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env['PORT']}`);
  const persistence = persistenceConfigFromEnv(env);
  if (profile === 'embedded') {
    return {
      profile,
      host: '127.0.0.1',
      port,
      persistence,
      identity: { profile: 'embedded' },
      audit: auditConfigFromEnv(env, false),
      bodyLimit: '64kb',
      relay: relayConfigFromEnv(env, profile, 'fallverbund-api'),
    };
  }
  const directoryFile = env['AGENCY_DIRECTORY_FILE'];
  if (!directoryFile) throw new Error('PROFILE=production needs AGENCY_DIRECTORY_FILE');
  if (!env['DATABASE_URL']) throw new Error('PROFILE=production needs DATABASE_URL');
  if (!env['ENCRYPTION_MASTER_KEY']) throw new Error('PROFILE=production needs ENCRYPTION_MASTER_KEY');
  return {
    profile,
    host: env['HOST'] ?? '0.0.0.0',
    port,
    persistence,
    identity: { profile: 'production', ...oidcOptionsFromEnv(env), directory: loadAgencyDirectory(directoryFile) },
    audit: auditConfigFromEnv(env, true),
    bodyLimit: '64kb',
    relay: relayConfigFromEnv(env, profile, 'fallverbund-api'),
  };
};
