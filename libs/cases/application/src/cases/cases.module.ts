import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PersonalDataVault } from '@fallverbund/event-store';
import { BlindIndex } from '@fallverbund/cases-search';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckpointSigner } from '@fallverbund/audit-log';
import { AuditTrail } from '../audit/audit-trail';
import { AuditLogService, CheckpointIssuer } from '../audit/audit-log.service';
import { type AuditConfig, TEST_AUDIT_CONFIG } from '../audit/audit.config';
import { AUDIT_CONFIG } from '../audit/audit.tokens';
import { openPersistence, type Persistence } from '../persistence/persistence';
import { type PersistenceConfig } from '../persistence/persistence.config';
import { PERSISTENCE } from '../persistence/persistence.tokens';
import { ProjectionRunner } from '../projections/projection-runner';
import { CASE_COMMAND_HANDLERS } from './case.command-handlers';
import { CASE_QUERY_HANDLERS } from './case.query-handlers';
import { CaseRepository } from './case-repository';
import { CaseSnapshots, RecentCaseStates, snapshotEveryFromEnv } from './case-snapshots';
import { ErasureService } from './erasure.service';
import { RecipientNotifier } from '../erasure-requests/recipient-notifier';
import { AgencyProfiles } from '../disclosure/agency-profiles';
import { REFERRAL_COMMAND_HANDLERS } from '../referrals/referral.command-handlers';
import { ENTRUSTED_NOTE_COMMAND_HANDLERS } from '../entrusted-notes/entrusted-note.command-handlers';
import { RESTRICTION_COMMAND_HANDLERS } from '../restriction/restriction.command-handlers';
import { REFERRAL_QUERY_HANDLERS } from '../referrals/referral.query-handlers';
import { PROGRESS_COMMAND_HANDLERS } from '../progress/progress.command-handlers';
import { PROGRESS_QUERY_HANDLERS } from '../progress/progress.query-handlers';
import { EVALUATION_QUERY_HANDLERS } from '../evaluation/evaluation.query-handlers';
import { TEAM_SIGNALS_QUERY_HANDLERS } from '../team-signals/team-signals.query-handlers';
import { PLAN_COMMAND_HANDLERS } from '../plans/plan.command-handlers';
import { PLAN_QUERY_HANDLERS } from '../plans/plan.query-handlers';
import { CONFERENCE_COMMAND_HANDLERS } from '../conferences/conference.command-handlers';
import { CONFERENCE_QUERY_HANDLERS } from '../conferences/conference.query-handlers';

/**
 * PROJECTION_WORKER: `off` applies the projections on the main thread; by default (`on`) they run in
 * a worker thread of their own on PostgreSQL (SQLite has one writer, in this thread).
 */
export const projectionWorkerFromEnv = (env: NodeJS.ProcessEnv = process.env): boolean => {
  const raw = env['PROJECTION_WORKER'] ?? 'on';
  if (raw !== 'on' && raw !== 'off') throw new Error(`PROJECTION_WORKER must be "on" or "off", not "${raw}"`);
  return raw === 'on';
};

@Injectable()
class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
  ) {}

  /** Nest listens only after this: a worker has read where the projections stand (30 s at most). */
  async onApplicationBootstrap(): Promise<void> {
    this.runner.start();
    await this.runner.whenStarted(30_000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.persistence.close();
  }
}

/** The case context: commands, queries, projections and the persistence they stand on. */
@Module({})
export class CasesModule {
  static forRoot(given: PersistenceConfig, audit: AuditConfig = TEST_AUDIT_CONFIG): DynamicModule {
    const logger = new Logger('Projections');
    // A projection worker must index names with the key this thread searches with.
    const config: PersistenceConfig = { ...given, searchIndexKey: given.searchIndexKey ?? randomBytes(32) };
    const worker = config.kind === 'postgres' && projectionWorkerFromEnv() ? { config } : undefined;
    return {
      module: CasesModule,
      global: true,
      providers: [
        // With a projection worker, the audit sequencer runs there too (projection-worker.ts): integrating
        // entries (hashing, the tree's nodes) then takes no time from the thread that answers requests.
        { provide: PERSISTENCE, useFactory: () => openPersistence(config, { auditSequencer: worker === undefined }) },
        { provide: DataSource, inject: [PERSISTENCE], useFactory: (p: Persistence) => p.dataSource },
        { provide: PersonalDataVault, inject: [PERSISTENCE], useFactory: (p: Persistence) => p.vault },
        { provide: BlindIndex, inject: [PERSISTENCE], useFactory: (p: Persistence) => p.searchIndex },
        { provide: AuditTrail, inject: [PERSISTENCE], useFactory: (p: Persistence) => new AuditTrail(p.audit) },
        { provide: AUDIT_CONFIG, useValue: audit },
        {
          provide: CheckpointSigner,
          useFactory: () =>
            audit.signingKeyPem ? CheckpointSigner.fromPem(audit.signingKeyPem) : CheckpointSigner.generate(),
        },
        CheckpointIssuer,
        AuditLogService,
        {
          provide: ProjectionRunner,
          inject: [PERSISTENCE],
          useFactory: (p: Persistence) =>
            new ProjectionRunner({
              events: p.rawEvents,
              dataSource: p.dataSource,
              projections: p.projections,
              writeLock: p.readModelLock,
              rebuildConcurrency: p.kind === 'postgres' ? 2 : 1,
              ...(worker ? { worker } : {}),
              onError: (error) => logger.error(error instanceof Error ? error.stack : String(error)),
            }),
        },
        {
          provide: CaseRepository,
          inject: [PERSISTENCE, ProjectionRunner, AuditTrail],
          useFactory: (p: Persistence, runner: ProjectionRunner, trail: AuditTrail) => {
            const every = snapshotEveryFromEnv();
            const stored = new CaseSnapshots(p, { every });
            // SNAPSHOT_EVERY=0 (replay every stream in full) turns the kept states off too.
            return new CaseRepository(p, runner, trail, every > 0 ? new RecentCaseStates(stored) : stored);
          },
        },
        ProjectionLifecycle,
        ErasureService,
        RecipientNotifier,
        AgencyProfiles,
        ...CASE_COMMAND_HANDLERS,
        ...ENTRUSTED_NOTE_COMMAND_HANDLERS,
        ...RESTRICTION_COMMAND_HANDLERS,
        ...CASE_QUERY_HANDLERS,
        ...REFERRAL_COMMAND_HANDLERS,
        ...REFERRAL_QUERY_HANDLERS,
        ...PROGRESS_COMMAND_HANDLERS,
        ...PROGRESS_QUERY_HANDLERS,
        ...EVALUATION_QUERY_HANDLERS,
        ...TEAM_SIGNALS_QUERY_HANDLERS,
        ...PLAN_COMMAND_HANDLERS,
        ...PLAN_QUERY_HANDLERS,
        ...CONFERENCE_COMMAND_HANDLERS,
        ...CONFERENCE_QUERY_HANDLERS,
      ],
      exports: [
        PERSISTENCE,
        DataSource,
        PersonalDataVault,
        BlindIndex,
        AuditTrail,
        ProjectionRunner,
        CaseRepository,
        ErasureService,
        RecipientNotifier,
        AgencyProfiles,
        AuditLogService,
        CheckpointIssuer,
        CheckpointSigner,
      ],
    };
  }
}
