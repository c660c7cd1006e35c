import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  mayDisclose,
  mayReadTeamSignals,
  readerOf,
  referralReveals,
  restrictedCategoriesOf,
  TEAM_SIGNALS_BASIS,
  TEAM_SIGNALS_CATEGORIES,
} from '@fallverbund/access-policy';
import { AgencyProfiles } from '../disclosure/agency-profiles';
import { type DataCategory } from '@fallverbund/kernel';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { AuditTrail, listEntries, refuseWithoutCase } from '../audit/audit-trail';
import { type RequestContext } from '../cases/request-context';
import { assertCaseloadTarget, CASELOAD_RATIO_RANGE } from './team-signals.config';
import { TeamSignalCase, TeamSignalPlanStep, TeamSignalReferral } from './team-signals.entities';
import { GetTeamSignalsQuery, type TeamSignalsView } from './team-signals.queries';
import { CaseSummary } from '../cases/case-read-model.entities';
import { findIn } from '../projections/find-in';

const DAY_MS = 86_400_000;
const NO_CONTACT_DAYS = 30;
/** The cases that count toward a coach's caseload and raise signals. */
const OPEN_STATUSES = ['active', 'aftercare'];
const WAITING_STATUSES = ['sent', 'accepted'];
const ROUTE = { action: 'list', route: 'GET /api/team/signals' };

const wholeDaysBetween = (from: number, to: number): number => Math.floor((to - from) / DAY_MS);
const byNumberThenText = <T>(number: (x: T) => number, ...texts: ((x: T) => string)[]) => {
  return (a: T, b: T): number => {
    const difference = number(b) - number(a);
    if (difference !== 0) return difference;
    for (const text of texts) {
      const order = text(a).localeCompare(text(b));
      if (order !== 0) return order;
    }
    return 0;
  };
};

@QueryHandler(GetTeamSignalsQuery)
export class GetTeamSignalsHandler implements IQueryHandler<GetTeamSignalsQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ context, caseloadTarget }: GetTeamSignalsQuery): Promise<TeamSignalsView> {
    const target = assertCaseloadTarget(caseloadTarget);
    if (!mayReadTeamSignals(context.actor, context.purpose))
      await refuseWithoutCase(
        this.trail,
        context,
        ROUTE,
        'only a team lead, with purpose coordination, reads the team signals, and only of the cases its agency leads',
      );
    const view = await this.signals(context, target);
    await this.trail.record(this.entries(context, view));
    return view;
  }

  private async signals(context: RequestContext, target: number): Promise<TeamSignalsView> {
    const now = context.now.getTime();
    const today = context.now.toISOString().slice(0, 10);
    const [openCases, waiting, overdue] = await Promise.all([
      this.ofOpenCases(TeamSignalCase, 'c', context).getMany(),
      this.ofOpenCases(TeamSignalReferral, 'r', context)
        .andWhere('r.status IN (:...waiting)', { waiting: WAITING_STATUSES })
        .getMany(),
      this.ofOpenCases(TeamSignalPlanStep, 's', context)
        .andWhere('s.done = :notDone AND s.dueDate < :today', { notDone: this.bool(false), today })
        .getMany(),
    ]);
    // Restricted data (§ 84 SGB X) are stored, not processed: a signal needs the category it shows.
    const usable = await this.unrestricted(openCases.map((c) => c.caseId));
    const cases = openCases.filter((c) => usable(c.caseId, 'case_admin'));
    const contactCases = cases.filter((c) => usable(c.caseId, 'contacts'));
    const referrals = waiting.filter((r) => usable(r.caseId, 'referrals'));
    const steps = overdue.filter((s) => usable(s.caseId, 'plan'));

    const perCoach = new Map<string, number>();
    for (const c of cases) for (const coach of c.coachUserIds) perCoach.set(coach, (perCoach.get(coach) ?? 0) + 1);
    const caseload = [...perCoach]
      .map(([coachUserId, count]) => ({ coachUserId, cases: count, overTarget: count > target }))
      .sort(
        byNumberThenText(
          (x) => x.cases,
          (x) => x.coachUserId,
        ),
      );

    const noContact30Days = contactCases
      .map((c) => ({
        caseId: c.caseId,
        coachUserIds: c.coachUserIds,
        lastContactAt: c.lastContactAt,
        daysSince: wholeDaysBetween(Date.parse(c.lastContactAt ?? c.openedAt), now),
      }))
      .filter((c) => c.daysSince >= NO_CONTACT_DAYS)
      .sort(
        byNumberThenText(
          (x) => x.daysSince,
          (x) => x.caseId,
        ),
      );

    // A referral to an addiction service is addiction data, which coordination does not need: withheld, counted.
    const signalsReader = readerOf(TEAM_SIGNALS_CATEGORIES);
    const shownReferrals = referrals.filter((r) =>
      mayDisclose(signalsReader, referralReveals(context.actor, this.profiles.of(r.partnerAgencyId))),
    );
    const referralsWaiting = shownReferrals
      .map((r) => ({
        caseId: r.caseId,
        referralId: r.referralId,
        partnerAgencyId: r.partnerAgencyId,
        sentAt: r.sentAt,
        daysWaiting: wholeDaysBetween(Date.parse(r.sentAt), now),
        status: r.status as 'sent' | 'accepted',
      }))
      .sort(
        byNumberThenText(
          (x) => x.daysWaiting,
          (x) => x.sentAt,
          (x) => x.caseId,
          (x) => x.referralId,
        ),
      );

    const overduePlanSteps = steps
      .map((s) => ({
        caseId: s.caseId,
        stepId: s.stepId,
        dueDate: s.dueDate,
        daysOverdue: wholeDaysBetween(Date.parse(`${s.dueDate}T00:00:00Z`), Date.parse(`${today}T00:00:00Z`)),
      }))
      .sort(
        byNumberThenText(
          (x) => x.daysOverdue,
          (x) => x.caseId,
          (x) => x.stepId,
        ),
      );

    return {
      ratio: { target: `1:${target}`, min: CASELOAD_RATIO_RANGE.min, max: CASELOAD_RATIO_RANGE.max },
      caseload,
      noContact30Days,
      referralsWaiting,
      referralsWithheld: referrals.length - shownReferrals.length,
      overduePlanSteps,
    };
  }

  /**
   * May a signal use `category` of this case? Not while a restriction of processing covers it, nor
   * while it covers `case_admin` (the case's status and team, which every signal shows).
   */
  private async unrestricted(caseIds: readonly string[]): Promise<(caseId: string, category: DataCategory) => boolean> {
    const summaries = await findIn(this.dataSource.manager, CaseSummary, 'caseId', caseIds);
    const restricted = new Map(
      summaries.flatMap((summary) => {
        const categories = restrictedCategoriesOf(summary.access);
        return categories.length > 0 ? [[summary.caseId, new Set(categories)] as const] : [];
      }),
    );
    return (caseId, category) => {
      const categories = restricted.get(caseId);
      return !categories || (!categories.has('case_admin') && !categories.has(category));
    };
  }

  /**
   * Rows of the cases the actor's agency leads that are active or in aftercare. The participant's
   * erasure ends the signals of a case: nothing can be recorded on it any more.
   */
  private ofOpenCases<T extends ObjectLiteral>(
    entity: new () => T,
    alias: string,
    context: RequestContext,
  ): SelectQueryBuilder<T> {
    const query = this.dataSource.getRepository(entity).createQueryBuilder(alias);
    if (entity !== (TeamSignalCase as unknown)) query.innerJoin(TeamSignalCase, 'c', `c.caseId = ${alias}.caseId`);
    return query
      .where('c.leadAgencyId = :agencyId AND c.status IN (:...open) AND c.erased = :notErased')
      .setParameters({ agencyId: context.actor.agencyId, open: OPEN_STATUSES, notErased: this.bool(false) });
  }

  /**
   * Recorded like a list: one permit entry per case the answer names (the categories it shows of
   * that case), one without a case when it names none. The caseload counts name no case.
   */
  private entries(context: RequestContext, view: TeamSignalsView) {
    const shown = new Map<string, Set<DataCategory>>();
    const show = (caseId: string, category: DataCategory): void => {
      const categories = shown.get(caseId) ?? new Set<DataCategory>(['case_admin']);
      categories.add(category);
      shown.set(caseId, categories);
    };
    for (const c of view.noContact30Days) show(c.caseId, 'contacts');
    for (const r of view.referralsWaiting) show(r.caseId, 'referrals');
    for (const s of view.overduePlanSteps) show(s.caseId, 'plan');
    return listEntries(
      context,
      ROUTE,
      [...shown].map(([caseId, categories]) => ({
        caseRef: caseId,
        categories: TEAM_SIGNALS_CATEGORIES.filter((c) => categories.has(c)),
        legalBasis: [TEAM_SIGNALS_BASIS],
        leadAgencyId: context.actor.agencyId,
      })),
    );
  }

  // SQLite stores booleans as 0/1 and its driver binds no booleans.
  private bool(value: boolean): boolean | number {
    return this.dataSource.options.type === 'postgres' ? value : Number(value);
  }
}

export const TEAM_SIGNALS_QUERY_HANDLERS = [GetTeamSignalsHandler];
