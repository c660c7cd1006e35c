import { AgencyProfiles } from '../disclosure/agency-profiles';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InProcessTransport, KafkaPublisher, type MessagePublisher } from '@fallverbund/messaging';
import { type Persistence } from '../persistence/persistence';
import { type PersistenceConfig } from '../persistence/persistence.config';
import { PERSISTENCE } from '../persistence/persistence.tokens';
import { IntegrationRelay } from './integration-relay';
import { type RelayConfig } from './relay.config';
import { PostgresRelayState, type RelayStateStore, SqliteRelayState } from './relay-state';

/** Where integration events go: a KafkaPublisher, or the InProcessTransport without a broker. */
export const INTEGRATION_PUBLISHER = Symbol('IntegrationPublisher');
export const RELAY_STATE = Symbol('RelayStateStore');

/** The relay's database: the event store's, without the master key (the relay never opens personal data). */
export type RelayDatabase =
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string }
  | { readonly kind: 'sqlite'; readonly file: string };

export const relayDatabaseOf = (config: PersistenceConfig): RelayDatabase =>
  config.kind === 'postgres'
    ? { kind: 'postgres', url: config.url, schema: config.schema }
    : { kind: 'sqlite', file: config.file };

/** The relay's state in the platform database, whose migrations made its tables. */
export const openRelayState = async (database: RelayDatabase): Promise<RelayStateStore> =>
  database.kind === 'postgres'
    ? PostgresRelayState.create({ url: database.url, schema: database.schema, createTables: false })
    : new SqliteRelayState(database.file, undefined, { createTables: false });

export const createRelayPublisher = (config: RelayConfig): MessagePublisher =>
  config.kafka
    ? new KafkaPublisher({ brokers: config.kafka.brokers, clientId: config.kafka.clientId })
    : new InProcessTransport();

@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(IntegrationRelay) private readonly relay: IntegrationRelay,
    @Inject(RELAY_STATE) private readonly state: RelayStateStore,
    @Inject(INTEGRATION_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  // Before the persistence closes (CasesModule closes it on shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.state.close();
    await this.publisher.close();
  }
}

/**
 * The relay inside the API process (the default). With RELAY=external the app does not import this
 * module and apps/relay does the relaying.
 */
@Module({})
export class RelayModule {
  static forRoot(config: RelayConfig, persistence: PersistenceConfig): DynamicModule {
    const logger = new Logger('Relay');
    return {
      module: RelayModule,
      providers: [
        { provide: INTEGRATION_PUBLISHER, useFactory: () => createRelayPublisher(config) },
        // After the persistence: on SQLite the event store creates the events table the relay counts.
        { provide: RELAY_STATE, inject: [PERSISTENCE], useFactory: () => openRelayState(relayDatabaseOf(persistence)) },
        {
          provide: IntegrationRelay,
          inject: [PERSISTENCE, RELAY_STATE, INTEGRATION_PUBLISHER, AgencyProfiles],
          useFactory: (p: Persistence, state: RelayStateStore, publisher: MessagePublisher, profiles: AgencyProfiles) =>
            new IntegrationRelay({
              events: p.rawEvents,
              state,
              publisher,
              subscribers: config.subscribers,
              agencies: (id) => profiles.of(id),
              ...(config.topicPrefix ? { topicPrefix: config.topicPrefix } : {}),
              ...(config.batchSize ? { batchSize: config.batchSize } : {}),
              ...(config.idleMs ? { idleMs: config.idleMs } : {}),
              ...(config.expiryCheckMs ? { expiryCheckMs: config.expiryCheckMs } : {}),
              onError: (error) => logger.warn(`relay page failed, retrying: ${String(error)}`),
            }),
        },
        RelayLifecycle,
      ],
      exports: [IntegrationRelay, INTEGRATION_PUBLISHER],
    };
  }
}
