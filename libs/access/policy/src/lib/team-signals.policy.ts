import { type Actor, type DataCategory, type Purpose } from '@fallverbund/kernel';
import { PURPOSE_NEEDS, STATUTORY_PURPOSES } from './policy.tables';

/** The purpose under which a team lead reads the team signals. */
export const TEAM_SIGNALS_PURPOSE: Purpose = 'coordination';

/** What the team signals show of a case: status and coaches, contact dates, referrals, plan due dates. */
export const TEAM_SIGNALS_CATEGORIES: readonly DataCategory[] = ['case_admin', 'contacts', 'referrals', 'plan'];

/** The legal basis recorded with each case a team lead's signals name. */
export const TEAM_SIGNALS_BASIS = 'team_lead';

/**
 * GET /api/team/signals: a team lead, for coordination (statutory for every agency type, and it needs
 * each category the signals show), reads the signals of the cases its own agency leads: oversight of
 * the agency's caseload inside the agency (need-to-know, § 35 SGB I), whether or not the team lead is
 * on each case team. Nothing from outside the own agency's cases.
 */
export function mayReadTeamSignals(actor: Actor, purpose: Purpose): boolean {
  return (
    actor.role === 'team_lead' &&
    purpose === TEAM_SIGNALS_PURPOSE &&
    STATUTORY_PURPOSES[actor.agencyType].includes(purpose) &&
    TEAM_SIGNALS_CATEGORIES.every((c) => PURPOSE_NEEDS[purpose].includes(c))
  );
}
