import { resolve } from 'node:path';
import {
  DEMO_DIRECTORY,
  loadAgencyDirectory,
  loadPartnerDirectory,
  oidcOptionsFromEnv,
  type IdentityOptions,
} from '@fallverbund/identity';
import {
  type AuditConfig,
  auditConfigFromEnv,
  caseloadTargetFromEnv,
  persistenceConfigFromEnv,
  type PersistenceConfig,
  type RelayConfig,
  relayConfigFromEnv,
} from '@fallverbund/cases-application';
import { LOG_LEVELS } from '@fallverbund/http';
import { type DestinationStream, type LevelWithSilent } from 'pino';
import { type HealthConfig, healthConfigFromEnv } from '../observability/health.config';
import { type RetentionConfig, retentionConfigFromEnv } from '../retention/retention.config';

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
  /** CASELOAD_TARGET: cases per coach (12..35) the team signals measure against; absent: 25. */
  readonly caseloadTarget?: number;
  /** LOG_LEVEL (default info); a destination replaces stdout (tests read the lines). */
  readonly logging?: { readonly level?: LevelWithSilent; readonly destination?: DestinationStream };
  /** The built web workspace served at `/` (WEB_DIR, default dist/apps/web); absent in tests. */
  readonly web?: { readonly dir: string; readonly connectSources?: readonly string[] };
  /** Readiness thresholds (READY_MAX_PROJECTION_LAG_MS, READY_PROBE_TIMEOUT_MS); absent: the defaults. */
  readonly health?: HealthConfig;
  /** The daily retention run (RETENTION_RUN, default on); absent (tests): off, `runOnce` is called by hand. */
  readonly retention?: RetentionConfig;
}

const logLevelFromEnv = (env: NodeJS.ProcessEnv): LevelWithSilent => {
  const level = env['LOG_LEVEL'] ?? 'info';
  if (!LOG_LEVELS.includes(level as LevelWithSilent))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not ${level}`);
  return level as LevelWithSilent;
};

const webDirFromEnv = (env: NodeJS.ProcessEnv): string => resolve(env['WEB_DIR'] ?? 'dist/apps/web');

/**
 * The embedded profile is what runs when nothing is configured: demo users, dev tokens, SQLite under
 * DATA_DIR, and only the loopback interface. PROFILE=production needs an OIDC issuer and audience and
 * an agency directory file, and refuses to start without them; PARTNER_DIRECTORY_FILE replaces the demo
 * partners (embedded) or the empty partner directory (production). The outbox relay runs in the process
 * unless RELAY=external; without KAFKA_BROKERS the embedded profile delivers in-process.
 */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const profile = env['PROFILE'] === 'production' ? 'production' : 'embedded';
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env['PORT']}`);
  const persistence = persistenceConfigFromEnv(env);
  const partnersFile = env['PARTNER_DIRECTORY_FILE'];
  if (profile === 'embedded') {
    return {
      profile,
      host: '127.0.0.1',
      port,
      persistence,
      identity: {
        profile: 'embedded',
        ...(partnersFile ? { partners: loadPartnerDirectory(partnersFile, DEMO_DIRECTORY) } : {}),
      },
      audit: auditConfigFromEnv(env, false),
      bodyLimit: '64kb',
      relay: relayConfigFromEnv(env, profile, 'fallverbund-api'),
      caseloadTarget: caseloadTargetFromEnv(env),
      logging: { level: logLevelFromEnv(env) },
      health: healthConfigFromEnv(env),
      retention: retentionConfigFromEnv(env),
      web: { dir: webDirFromEnv(env) },
    };
  }
  const directoryFile = env['AGENCY_DIRECTORY_FILE'];
  if (!directoryFile) throw new Error('PROFILE=production needs AGENCY_DIRECTORY_FILE');
  if (!env['DATABASE_URL']) throw new Error('PROFILE=production needs DATABASE_URL');
  if (!env['ENCRYPTION_MASTER_KEY']) throw new Error('PROFILE=production needs ENCRYPTION_MASTER_KEY');
  // Every instance must hash search terms alike, and a key file would sit beside the data it protects.
  if (!env['SEARCH_INDEX_KEY']) throw new Error('PROFILE=production needs SEARCH_INDEX_KEY');
  const oidc = oidcOptionsFromEnv(env);
  const directory = loadAgencyDirectory(directoryFile);
  return {
    profile,
    host: env['HOST'] ?? '0.0.0.0',
    port,
    persistence,
    identity: {
      profile: 'production',
      ...oidc,
      directory,
      ...(partnersFile ? { partners: loadPartnerDirectory(partnersFile, directory) } : {}),
    },
    audit: auditConfigFromEnv(env, true),
    bodyLimit: '64kb',
    relay: relayConfigFromEnv(env, profile, 'fallverbund-api'),
    caseloadTarget: caseloadTargetFromEnv(env),
    logging: { level: logLevelFromEnv(env) },
    health: healthConfigFromEnv(env),
    retention: retentionConfigFromEnv(env),
    web: { dir: webDirFromEnv(env), connectSources: [new URL(oidc.issuer).origin] },
  };
};
