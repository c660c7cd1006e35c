import { type Actor, type DataCategory, PURPOSES, type Purpose } from '@fallverbund/kernel';
import { mayDeclareChildProtection } from './case-access.policy';
import { EVALUATION_ROLES } from './invitee.policy';
import { NEVER_TEAM_PURPOSES, PURPOSE_NEEDS, STATUTORY_PURPOSES } from './policy.tables';

/** A purpose an actor can work under, with what it may need (table 2) and whether the agency pursues it by statute. */
export interface DeclarablePurpose {
  readonly purpose: Purpose;
  /** One of the actor's agency's statutory purposes (table 1): its own cases are worked under these. */
  readonly statutory: boolean;
  /** The categories the purpose may need at all; a case's rules decide what of them is read. */
  readonly needs: readonly DataCategory[];
}

/**
 * The purposes an actor can declare with a chance of being let in (GET /api/session, the purpose control
 * of the web workspace): the data protection officer `audit` alone; everyone else the agency's statutory
 * purposes first (the first is the default), then the other case purposes (a consent or referral may
 * share another agency's case for any of them), `child_protection` where § 8a SGB VIII lets the actor
 * declare it, and `evaluation` for caseworkers and team leads. Each request is still decided on its own:
 * this only spares a user purposes no rule of the policy would ever let them use.
 */
export function declarablePurposes(actor: Actor): DeclarablePurpose[] {
  const statutory = STATUTORY_PURPOSES[actor.agencyType];
  const declarable =
    actor.role === 'data_protection_officer'
      ? (['audit'] as const)
      : [
          ...statutory,
          ...PURPOSES.filter((p) => !NEVER_TEAM_PURPOSES.includes(p) && !statutory.includes(p)),
          ...PURPOSES.filter(
            (p) =>
              (p === 'child_protection' && mayDeclareChildProtection(actor, p)) ||
              (p === 'evaluation' && EVALUATION_ROLES.includes(actor.role)),
          ),
        ];
  return declarable.map((purpose) => ({
    purpose,
    statutory: statutory.includes(purpose),
    needs: PURPOSE_NEEDS[purpose],
  }));
}
