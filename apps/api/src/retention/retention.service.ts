import { Inject, Injectable } from '@nestjs/common';
import { mayDecideRestriction } from '@fallverbund/access-policy';
import {
  accessFor,
  assertDpoAccess,
  AuditTrail,
  CaseRepository,
  factsFromState,
  PERSISTENCE,
  type Persistence,
  type RequestContext,
  RetentionScheduleRow,
} from '@fallverbund/cases-application';
import {
  type Case,
  CaseNotFoundError,
  RetentionByDpoOnlyError,
  type RetentionCommand,
} from '@fallverbund/cases-domain';
import { DomainError } from '@fallverbund/kernel';
import { type EndAction, parsePeriod } from '@fallverbund/retention';
import { In, IsNull, LessThanOrEqual } from 'typeorm';

export const DUE_ROUTE = 'GET /api/dpo/retention/due';
export const HOLD_ROUTE = 'POST /api/cases/{id}/retention-hold';
export const HOLD_RELEASE_ROUTE = 'POST /api/cases/{id}/retention-hold/release';
export const ARCHIVE_ANSWER_ROUTE = 'POST /api/cases/{id}/archive-answer';

/** The basis of a hold: erasure does not apply while the data are needed for legal claims. */
export const RETENTION_HOLD_BASIS = 'Art. 17 Abs. 3 lit. e GDPR, § 84 SGB X (retention hold)';
export const ARCHIVE_ANSWER_BASIS = '§ 71 Abs. 1 Satz 3 SGB X with the archive acts (offer to the archive)';

/** The most rows the report lists; `truncated` says there are more. */
export const DUE_REPORT_LIMIT = 1000;

export class InvalidWithinError extends DomainError {
  readonly code = 'RETENTION.WITHIN_INVALID';
  readonly kind = 'invalid';
  constructor() {
    super('within must be an ISO-8601 period of years, months and days of at most 100 years, e.g. P30D');
  }
}

export interface DueItem {
  readonly caseId: string;
  readonly retentionClass: string;
  /** The class's action at the end (docs/retention.md). */
  readonly action: EndAction;
  /** What the run does next: for an offered file, the erasure once the archive answered or its time ended. */
  readonly nextStep: EndAction;
  /** Null: the start is unknown (a youth-office file without a readable birth date): decide by hand. */
  readonly dueAt: string | null;
  readonly held: boolean;
}

export interface DueReport {
  readonly until: string;
  readonly items: readonly DueItem[];
  readonly truncated: boolean;
}

const addPeriod = (now: Date, iso: string): Date => {
  let period;
  try {
    period = parsePeriod(iso);
  } catch {
    throw new InvalidWithinError();
  }
  if (period.years * 12 + period.months + period.days / 31 > 1200) throw new InvalidWithinError();
  return new Date(
    Date.UTC(
      now.getUTCFullYear() + period.years,
      now.getUTCMonth() + period.months,
      now.getUTCDate() + period.days,
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
    ),
  );
};

const item = (row: RetentionScheduleRow): DueItem => ({
  caseId: row.caseId,
  retentionClass: row.classId,
  action: row.action as EndAction,
  nextStep: row.phase === 'due' ? (row.action as EndAction) : 'erase_subject_key',
  dueAt: row.dueAt,
  held: row.status === 'held',
});

/**
 * The lead agency's data protection officer (purpose audit) alone decides; anyone else learns nothing
 * of a case they cannot see (404), one they see answers 403 CASE.RETENTION_DPO_ONLY.
 */
const authorizeDpo = (state: Case, caseId: string, context: RequestContext): void => {
  if (state.status === 'none') throw new CaseNotFoundError(caseId);
  if (mayDecideRestriction(context.actor, context.purpose, state)) return;
  if (context.actor.role === 'data_protection_officer' || !accessFor(context, factsFromState(state)).visible)
    throw new CaseNotFoundError(caseId);
  throw new RetentionByDpoOnlyError();
};

/** The DPO's side of the end of retention: the dry-run report, the hold, the archive's answer. */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  /** What the daily run would do until `now + within` for the DPO's agency's cases (case ids only). */
  async due(context: RequestContext, within: string): Promise<DueReport> {
    const until = addPeriod(context.now, within);
    await assertDpoAccess(this.trail, context, { route: DUE_ROUTE, caseRef: null, what: 'read the retention report' });
    const manager = this.persistence.dataSource.manager;
    const leadAgencyId = context.actor.agencyId;
    const rows = await manager.find(RetentionScheduleRow, {
      where: { leadAgencyId, status: In(['pending', 'held']), dueAt: LessThanOrEqual(until.toISOString()) },
      order: { dueAt: 'ASC', caseId: 'ASC', classId: 'ASC' },
      take: DUE_REPORT_LIMIT + 1,
    });
    const unknown = await manager.find(RetentionScheduleRow, {
      where: { leadAgencyId, status: In(['pending', 'held']), startsAt: 'birth_date', dueAt: IsNull() },
      order: { caseId: 'ASC' },
      take: DUE_REPORT_LIMIT + 1,
    });
    const all = [...rows, ...unknown];
    return {
      until: until.toISOString(),
      items: all.slice(0, DUE_REPORT_LIMIT).map(item),
      truncated: all.length > DUE_REPORT_LIMIT,
    };
  }

  async decide(
    caseId: string,
    command:
      | { type: 'PlaceRetentionHold'; reason: unknown }
      | { type: 'ReleaseRetentionHold' }
      | { type: 'RecordArchiveAnswer'; answer: unknown },
    context: RequestContext,
  ): Promise<{ version: number }> {
    const metadata = { actor: context.actor, purpose: context.purpose, now: context.now };
    const domain: RetentionCommand =
      command.type === 'PlaceRetentionHold'
        ? { type: command.type, data: { caseId, reason: command.reason }, metadata }
        : command.type === 'RecordArchiveAnswer'
          ? { type: command.type, data: { caseId, answer: command.answer }, metadata }
          : { type: command.type, data: { caseId }, metadata };
    const audit =
      command.type === 'PlaceRetentionHold'
        ? { action: 'place_retention_hold', route: HOLD_ROUTE, legalBasis: RETENTION_HOLD_BASIS }
        : command.type === 'ReleaseRetentionHold'
          ? { action: 'release_retention_hold', route: HOLD_RELEASE_ROUTE, legalBasis: RETENTION_HOLD_BASIS }
          : { action: 'record_archive_answer', route: ARCHIVE_ANSWER_ROUTE, legalBasis: ARCHIVE_ANSWER_BASIS };
    const result = await this.cases.handle(caseId, domain, context, {
      audit: { ...audit, category: 'case_admin' },
      authorize: (state) => authorizeDpo(state, caseId, context),
    });
    return { version: result.version };
  }
}
