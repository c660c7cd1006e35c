import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import {
  AuditTrail,
  IntegrationRelay,
  PERSISTENCE,
  type Persistence,
  ProjectionRunner,
  type RelayConfig,
} from '@fallverbund/cases-application';
import {
  createMetricsRegistry,
  dependencyProbe,
  logLagMs,
  outcomeOf,
  PlatformMetrics,
  projectionLagProbe,
  relayMetrics,
} from '@fallverbund/observability';
import { type Registry } from 'prom-client';
import { DEFAULT_HEALTH_CONFIG, type HealthConfig } from './health.config';
import { HealthController } from './health.controller';
import { KafkaPing } from './kafka-ping';
import { MetricsController } from './metrics.controller';
import { METRICS_REGISTRY, READINESS_CHECKS } from './observability.tokens';

const HEALTH_CONFIG = Symbol('HealthConfig');
const KAFKA_PING = Symbol('KafkaPing');
/** A subject id no key is ever made for: reading whether it was erased proves the key store answers. */
const PROBE_SUBJECT = '00000000-0000-0000-0000-000000000000';

const logger = new Logger('Observability');
const logFailure = (source: string, error: unknown): void =>
  logger.warn(`${source}: ${error instanceof Error ? error.message : String(error)}`);

const projectionReaders = (runner: ProjectionRunner) => ({
  names: runner.projectionNames,
  positions: () => runner.positionsNow(),
});

/**
 * Counts what the app does without the handlers knowing: every command through the CommandBus by
 * name and outcome, and the time each read's audit entries take to become durable (AuditTrail.record).
 * Adds the relay's series when the relay runs in this process.
 */
@Injectable()
class Instrumentation implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(PlatformMetrics) private readonly metrics: PlatformMetrics,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(KAFKA_PING) private readonly kafka: KafkaPing | null,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    const metrics = this.metrics;
    const execute = this.commands.execute.bind(this.commands);
    this.commands.execute = async (command: ICommand) => {
      const name = command.constructor.name.replace(/Command$/, '');
      try {
        const result: unknown = await execute(command);
        metrics.command(name, 'ok');
        return result;
      } catch (error) {
        metrics.command(name, outcomeOf(error));
        throw error;
      }
    };
    const record = this.trail.record.bind(this.trail);
    this.trail.record = (entries) => metrics.timeAuditAppend(() => record(entries));
    const relay = this.relay();
    if (relay) relayMetrics(this.registry, relay, this.persistence.rawEvents, { onCollectError: logFailure });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.kafka?.close();
  }

  private relay(): IntegrationRelay | undefined {
    try {
      return this.modules.get(IntegrationRelay, { strict: false });
    } catch {
      return undefined;
    }
  }
}

/**
 * `/api/health/live`, `/api/health/ready` (terminus) and `/api/metrics` (prom-client, a registry per
 * app instance). `relay` is the app's relay configuration: with a broker and the relay in this
 * process, readiness pings the broker too.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(health: HealthConfig = DEFAULT_HEALTH_CONFIG, relay?: RelayConfig): DynamicModule {
    const kafka = relay?.mode === 'embedded' ? relay.kafka : undefined;
    return {
      module: ObservabilityModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: HEALTH_CONFIG, useValue: health },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry() },
        { provide: KAFKA_PING, useFactory: () => (kafka ? new KafkaPing(kafka.brokers, kafka.clientId) : null) },
        {
          provide: PlatformMetrics,
          inject: [METRICS_REGISTRY, PERSISTENCE, ProjectionRunner],
          useFactory: (registry: Registry, persistence: Persistence, runner: ProjectionRunner) =>
            new PlatformMetrics(registry, {
              projectionLagMs: () => logLagMs(persistence.rawEvents, projectionReaders(runner)),
              newestCheckpointAt: async () => {
                const checkpoint = await persistence.audit.latestCheckpoint();
                return checkpoint ? new Date(checkpoint.issuedAt) : null;
              },
              onCollectError: logFailure,
            }),
        },
        {
          provide: READINESS_CHECKS,
          inject: [HealthIndicatorService, PERSISTENCE, ProjectionRunner, HEALTH_CONFIG, KAFKA_PING],
          useFactory: (
            indicators: HealthIndicatorService,
            persistence: Persistence,
            runner: ProjectionRunner,
            config: HealthConfig,
            ping: KafkaPing | null,
          ) => {
            const options = { timeoutMs: config.probeTimeoutMs, onFailure: logFailure };
            return [
              dependencyProbe(
                indicators,
                'database',
                () => Promise.all([persistence.dataSource.query('SELECT 1'), persistence.rawEvents.streamVersion('-')]),
                options,
              ),
              dependencyProbe(indicators, 'keyStore', () => persistence.subjectKeys.isErased(PROBE_SUBJECT), options),
              // Reachable, and what was queued before is integrated: the sequencer is not failing.
              dependencyProbe(
                indicators,
                'auditLog',
                () => persistence.audit.sync(Math.max(1, config.probeTimeoutMs - 100)),
                options,
              ),
              ...(ping ? [dependencyProbe(indicators, 'broker', () => ping.ping(), options)] : []),
              projectionLagProbe(
                indicators,
                'projections',
                () => logLagMs(persistence.rawEvents, projectionReaders(runner)),
                config.maxProjectionLagMs,
                options,
              ),
            ];
          },
        },
        Instrumentation,
      ],
      exports: [METRICS_REGISTRY, PlatformMetrics],
    };
  }
}
