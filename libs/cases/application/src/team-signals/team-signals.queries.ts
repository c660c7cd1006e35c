import { Query } from '@nestjs/cqrs';
import { type RequestContext } from '../cases/request-context';

/** What a team lead steers by, computed against the request's clock. No names, no content. */
export interface TeamSignalsView {
  /** The configured target and the range the model projects work at. */
  readonly ratio: { readonly target: string; readonly min: number; readonly max: number };
  /** Per coach: the cases active or in aftercare on which they coach; over the target when above it. */
  readonly caseload: readonly { coachUserId: string; cases: number; overTarget: boolean }[];
  /** Cases active or in aftercare whose latest contact (or, without one, whose opening) is 30 days or more ago. */
  readonly noContact30Days: readonly {
    caseId: string;
    coachUserIds: readonly string[];
    lastContactAt: string | null;
    daysSince: number;
  }[];
  /** Referrals sent or accepted that have no first appointment yet, longest waiting first. */
  readonly referralsWaiting: readonly {
    caseId: string;
    referralId: string;
    partnerAgencyId: string;
    sentAt: string;
    daysWaiting: number;
    status: 'sent' | 'accepted';
  }[];
  /** Waiting referrals not listed: their partner reveals a category coordination does not need (addiction, health). */
  readonly referralsWithheld: number;
  /** Steps of the latest plan version, not done, whose due date has passed. */
  readonly overduePlanSteps: readonly { caseId: string; stepId: string; dueDate: string; daysOverdue: number }[];
}

/** GET /api/team/signals: the signals of the cases the team lead's own agency leads. */
export class GetTeamSignalsQuery extends Query<TeamSignalsView> {
  constructor(
    readonly context: RequestContext,
    /** Cases per coach, e.g. 25 for 1:25 (CASELOAD_TARGET). */
    readonly caseloadTarget: number,
  ) {
    super();
  }
}
