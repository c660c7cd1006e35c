import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CaseRepository,
  defaultRetentionTable,
  ErasureService,
  PERSISTENCE,
  type Persistence,
  type RequestContext,
  RetentionScheduleRow,
} from '@fallverbund/cases-application';
import { type ExistingCase, restrictedCategories } from '@fallverbund/cases-domain';
import { type Actor, type DataCategory } from '@fallverbund/kernel';
import { categoryKeyId } from '@fallverbund/event-store';
import {
  type CaseRetentionState,
  type RetentionClass,
  type RetentionStep,
  type RetentionTable,
  retentionStep,
} from '@fallverbund/retention';
import { type EntityManager } from 'typeorm';
import { clock } from '../app/clock';
import { RETENTION_CONFIG, type RetentionConfig } from './retention.config';

/** The scheduler's route name in audit entries. */
export const RETENTION_RUN_ROUTE = 'retention scheduler (daily run)';
/** The user id the scheduler acts under: no person, recognisable as the system in every audit entry. */
export const RETENTION_SCHEDULER_USER = 'system:retention-scheduler';

/**
 * The scheduler acts in the role of the lead agency's data protection officer, who answers for the end
 * of retention (decisions.md, "Retention scheduler"), under a user id that names no person.
 */
export const schedulerActor = (state: Pick<ExistingCase, 'leadAgencyId' | 'leadAgencyType'>): Actor => ({
  userId: RETENTION_SCHEDULER_USER,
  displayName: 'Aufbewahrungsplaner (System)',
  role: 'data_protection_officer',
  agencyId: state.leadAgencyId,
  agencyType: state.leadAgencyType,
});

export const caseRetentionState = (state: ExistingCase): CaseRetentionState => ({
  held: state.retention.hold !== null,
  erased: state.participantErased,
  restrictedCategories: state.restriction ? restrictedCategories(state.restriction.scope) : [],
  erasedCategories: [],
  archiveOffer: state.retention.archiveOffer
    ? {
        answerDueAt: state.retention.archiveOffer.answerDueAt,
        answered: state.retention.archiveOffer.answer !== null,
      }
    : null,
});

export interface RetentionRunReport {
  /** False: another instance holds the run's lock (or this one is running already); nothing was read. */
  readonly ran: boolean;
  readonly examined: number;
  readonly acted: Record<Exclude<RetentionStep['kind'], 'skip'>, number>;
  readonly skipped: Record<Extract<RetentionStep, { kind: 'skip' }>['why'], number>;
  readonly failed: number;
}

const BATCH = 500;

/**
 * The due rows in pages, keyset on (due date, case, class): pending or held, due by `now`. The partial
 * index on (dueAt, caseId, classId) of the open rows serves it in order, so the time follows the due rows, not the table (bench/retention.bench.ts).
 */
export const selectDueRows = (
  manager: EntityManager,
  now: Date,
  after: Pick<RetentionScheduleRow, 'dueAt' | 'caseId' | 'classId'> | null,
  limit = BATCH,
): Promise<RetentionScheduleRow[]> => {
  const query = manager
    .createQueryBuilder(RetentionScheduleRow, 'r')
    .where('r.status IN (:...statuses)', { statuses: ['pending', 'held'] })
    .andWhere('r.dueAt <= :now', { now: now.toISOString() });
  if (after)
    query.andWhere('(r.dueAt, r.caseId, r.classId) > (:dueAt, :caseId, :classId)', {
      dueAt: after.dueAt,
      caseId: after.caseId,
      classId: after.classId,
    });
  return query.orderBy('r.dueAt').addOrderBy('r.caseId').addOrderBy('r.classId').limit(limit).getMany();
};
const LOCK_KEY = (schema: string) => `fallverbund-retention:${schema}`;

/**
 * The daily retention run (issue 17). Reads only the due rows of the retention schedule (index on status
 * and due date), decides each on the case's own state (retentionStep: a held case is never acted on,
 * what is done is not done again) and acts through the case's command path or ErasureService, each act
 * an event on the case and an audit entry with the class's legal source. One instance at a time: a
 * PostgreSQL advisory lock (pg_try_advisory_lock), SQLite has one process. A run that broke off is
 * finished by the next, which finds what was done in the case's events.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RetentionScheduler');
  private readonly table: RetentionTable = defaultRetentionTable();
  private readonly classOf = new Map(this.table.classes.map((c) => [c.id, c]));
  private running = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(ErasureService) private readonly erasure: ErasureService,
    @Optional() @Inject(RETENTION_CONFIG) private readonly config?: RetentionConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config?.run) return;
    const { intervalMs, firstRunMs } = this.config;
    const tick = () => {
      this.runOnce(clock.now()).then(
        (report) => {
          if (report.ran) this.logger.log(`retention run: ${JSON.stringify(report)}`);
        },
        (error: unknown) =>
          this.logger.error(`retention run failed: ${error instanceof Error ? error.message : 'error'}`),
      );
    };
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, intervalMs);
      this.timer.unref();
    }, firstRunMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** One run at `now` (passed in: tests drive the clock). */
  async runOnce(now: Date): Promise<RetentionRunReport> {
    const report = {
      ran: false,
      examined: 0,
      acted: { offer_to_archive: 0, erase_subject_key: 0, erase_category_key: 0, restrict: 0 },
      skipped: { held: 0, done: 0, awaiting_archive: 0, restricted_otherwise: 0 },
      failed: 0,
    };
    if (this.running) return report;
    this.running = true;
    try {
      const unlock = await this.lock();
      if (!unlock) return report;
      try {
        report.ran = true;
        await this.run(now, report);
      } finally {
        await unlock();
      }
      return report;
    } finally {
      this.running = false;
    }
  }

  /** The advisory lock of the run on PostgreSQL (null: another instance has it); SQLite: one process. */
  private async lock(): Promise<(() => Promise<void>) | null> {
    const { dataSource } = this.persistence;
    if (dataSource.options.type !== 'postgres') return () => Promise.resolve();
    const key = LOCK_KEY(dataSource.options.schema ?? 'public');
    const session = dataSource.createQueryRunner();
    await session.connect();
    try {
      const rows = (await session.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key])) as {
        locked: boolean;
      }[];
      if (rows[0]?.locked !== true) {
        await session.release();
        return null;
      }
    } catch (error) {
      await session.release();
      throw error;
    }
    return async () => {
      await session.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      await session.release();
    };
  }

  private async run(now: Date, report: RetentionRunReport & { examined: number; failed: number }): Promise<void> {
    let after: RetentionScheduleRow | null = null;
    for (;;) {
      const rows = await selectDueRows(this.persistence.dataSource.manager, now, after, BATCH);
      for (const row of rows) {
        report.examined++;
        const retention = this.classOf.get(row.classId);
        if (!retention) continue;
        try {
          const step = await this.act(row, retention, now);
          if (step.kind === 'skip') report.skipped[step.why]++;
          else report.acted[step.kind]++;
        } catch (error) {
          report.failed++;
          // No personal data: the class and the error's code only; the case id is in the audit log.
          const code = error instanceof Error && 'code' in error ? String(error.code) : 'error';
          this.logger.warn(`retention class ${row.classId}: ${row.action} failed (${code})`);
        }
      }
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1] ?? null;
    }
  }

  private async act(row: RetentionScheduleRow, retention: RetentionClass, now: Date): Promise<RetentionStep> {
    const { state } = await this.cases.load(row.caseId);
    if (state.status === 'none') return { kind: 'skip', why: 'done' };
    // Which of the class's categories lost their keys already: the key store knows, the case's state does not.
    const erasedCategories =
      retention.atTheEnd === 'erase_category_key' && !state.participantErased
        ? await this.erasedCategories(state.participantId, retention.categories)
        : [];
    const step = retentionStep(retention, { ...caseRetentionState(state), erasedCategories }, now);
    const actor = schedulerActor(state);
    const reason = `retention class ${retention.id} ended (${retention.legalSource})`;
    const context: RequestContext = { actor, purpose: 'audit', requestId: randomUUID(), correlationId: null, now };
    const metadata = { actor, purpose: 'audit' as const, now };
    const audit = { route: RETENTION_RUN_ROUTE, category: 'case_admin' as const, legalBasis: retention.legalSource };
    switch (step.kind) {
      case 'skip':
        // Done already (the read model has not caught up, or a reopened case was restricted still).
        if (step.why === 'done')
          await this.persistence.dataSource.manager.update(
            RetentionScheduleRow,
            { caseId: row.caseId, classId: row.classId },
            { status: 'done' },
          );
        return step;
      case 'offer_to_archive':
        await this.cases.handle(
          row.caseId,
          {
            type: 'OfferRecordsToArchive',
            data: { caseId: row.caseId, retentionClass: retention.id, answerDueAt: step.answerDueAt },
            metadata,
          },
          context,
          { audit: { ...audit, action: 'offer_to_archive' } },
        );
        return step;
      case 'restrict':
        await this.cases.handle(
          row.caseId,
          {
            type: 'RestrictCase',
            data: { caseId: row.caseId, scope: [...step.categories], reason: 'erasure_barred_by_retention' },
            metadata,
          },
          context,
          { audit: { ...audit, action: 'restrict_case' } },
        );
        return step;
      case 'erase_subject_key':
        await this.erasure.eraseParticipant(row.caseId, reason, actor, now);
        return step;
      case 'erase_category_key':
        await this.erasure.eraseCategories(row.caseId, [...step.categories], reason, actor, now);
        return step;
    }
  }

  private async erasedCategories(participantId: string, categories: readonly DataCategory[]): Promise<DataCategory[]> {
    const erased = await Promise.all(
      categories.map((c) => this.persistence.subjectKeys.isErased(categoryKeyId(participantId, c))),
    );
    return categories.filter((_, i) => erased[i]);
  }
}
