import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { agencyRevealsTo, decideReferralDisclosure, formatLegalBasis, PURPOSE_NEEDS } from '@fallverbund/access-policy';
import { type CaseCommand, InvalidReferralError, ReferralNotFoundError } from '@fallverbund/cases-domain';
import { PartnerDirectory } from '@fallverbund/identity';
import { type CommandContext, type DataCategory, DomainError, type Purpose } from '@fallverbund/kernel';
import { randomUUID } from 'node:crypto';
import { AccessDeniedError, accessFor, authorizeOnState, factsFromState } from '../cases/case-access';
import { CaseRepository } from '../cases/case-repository';
import { commandContext } from '../cases/request-context';
import { MoveReferralCommand, type ReferralStep, SendReferralCommand } from './referral.commands';
import { mayKnowReferral } from './referral-visibility';
import { AgencyProfiles } from '../disclosure/agency-profiles';

export class UnknownPartnerError extends DomainError {
  readonly code = 'REFERRAL.UNKNOWN_PARTNER';
  readonly kind = 'invalid';
  constructor(readonly partnerAgencyId: string) {
    super(`no partner ${partnerAgencyId} in the partner directory`);
  }
}

export class PurposeNotServedError extends DomainError {
  readonly code = 'REFERRAL.PURPOSE_NOT_SERVED';
  readonly kind = 'invalid';
  constructor(
    readonly partnerAgencyId: string,
    readonly purpose: Purpose,
    readonly served: readonly Purpose[],
  ) {
    super(`${partnerAgencyId} does not serve ${purpose}; it serves ${served.join(', ')}`);
  }
}

/** A referral is made for the purpose declared for the request (X-Purpose), never for another. */
export class ReferralPurposeNotDeclaredError extends DomainError {
  readonly code = 'REFERRAL.PURPOSE_NOT_DECLARED';
  readonly kind = 'forbidden';
  constructor(
    readonly declared: Purpose,
    readonly requested: Purpose,
  ) {
    super(
      `a referral is made for the purpose declared in X-Purpose (${declared}), not for ${requested}: declare ${requested} if it is yours`,
    );
  }
}

/** A referral passes on only what its sender may read under the declared purpose. */
export class ReferralCategoriesNotReadableError extends DomainError {
  readonly code = 'REFERRAL.CATEGORIES_NOT_READABLE';
  readonly kind = 'forbidden';
  constructor(
    readonly purpose: Purpose,
    readonly unreadable: readonly DataCategory[],
    /** `partner`: the referral itself is data of these categories (the partner's service reveals them). */
    readonly because: 'shared' | 'partner' = 'shared',
  ) {
    super(
      because === 'partner'
        ? `under ${purpose} the sender may not read ${unreadable.join(', ')}, and a referral to this partner is itself data of it: refer under a purpose that reads it`
        : `under ${purpose} the sender may not read ${unreadable.join(', ')}, so the referral cannot share it`,
    );
  }
}

@CommandHandler(SendReferralCommand)
export class SendReferralHandler implements ICommandHandler<SendReferralCommand> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(PartnerDirectory) private readonly partners: PartnerDirectory,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, referral, context }: SendReferralCommand): Promise<{ id: string; version: number }> {
    const referralId = randomUUID();
    const asked = [...new Set(referral.sharedCategories)];
    let disclosed: Record<string, string> | undefined;
    const result = await this.cases.handle(
      caseId,
      {
        type: 'SendReferral',
        data: { caseId, referralId, ...referral, purpose: context.purpose },
        metadata: commandContext(context),
      },
      context,
      {
        audit: {
          action: 'send_referral',
          route: 'POST /api/cases/{id}/referrals',
          category: 'referrals',
          disclosure: () => ({ categories: asked, ...(disclosed && { basis: disclosed }) }),
        },
        authorize: (state) => {
          disclosed = undefined;
          authorizeOnState(state, caseId, context, 'referrals');
          // A partner's grant through a referral answers that referral; it does not refer the participant on.
          const sender = accessFor(context, { ...factsFromState(state), referrals: [] });
          if (!sender.can('record', 'referrals')) {
            throw new AccessDeniedError('referrals are sent by the case team, on the team or consent rule');
          }
          const disclosure = decideReferralDisclosure(sender, context.purpose, {
            ...(referral.purpose && { purpose: referral.purpose }),
            categories: asked,
          });
          if (!disclosure.permitted && disclosure.refusal === 'purpose_not_declared')
            throw new ReferralPurposeNotDeclaredError(disclosure.declared, disclosure.requested);
          const partner = this.partners.partner(referral.partnerAgencyId);
          if (!partner) throw new UnknownPartnerError(referral.partnerAgencyId);
          if (!partner.purposes.includes(context.purpose))
            throw new PurposeNotServedError(partner.agencyId, context.purpose, partner.purposes);
          const needed = PURPOSE_NEEDS[context.purpose];
          const beyond = asked.filter((c) => !needed.includes(c));
          if (beyond.length > 0)
            throw new InvalidReferralError(
              `a referral for ${context.purpose} shares only what the purpose may need (${needed.join(', ') || 'nothing'}), not ${beyond.join(', ')}`,
            );
          if (!disclosure.permitted)
            throw new ReferralCategoriesNotReadableError(disclosure.purpose, disclosure.unreadable);
          // The referral itself is data of what its partner reveals (to an addiction service: addiction):
          // a sender may not create what it could not read under the declared purpose.
          const revealed = agencyRevealsTo(context.actor, this.profiles.of(partner.agencyId)).filter(
            (c) => !sender.can('read', c),
          );
          if (revealed.length > 0) throw new ReferralCategoriesNotReadableError(context.purpose, revealed, 'partner');
          disclosed = Object.fromEntries(disclosure.categories.map((d) => [d.category, formatLegalBasis(d.basis)]));
        },
      },
    );
    return { id: referralId, version: result.version };
  }
}

const STEP_AUDIT: Record<ReferralStep['type'], { action: string; route: string }> = {
  AcceptReferral: { action: 'accept_referral', route: 'POST /api/cases/{id}/referrals/{referralId}/accept' },
  DeclineReferral: { action: 'decline_referral', route: 'POST /api/cases/{id}/referrals/{referralId}/decline' },
  PlanFirstAppointment: {
    action: 'plan_first_appointment',
    route: 'POST /api/cases/{id}/referrals/{referralId}/plan-appointment',
  },
  RecordFirstAppointment: {
    action: 'record_first_appointment',
    route: 'POST /api/cases/{id}/referrals/{referralId}/first-appointment',
  },
  CompleteReferral: { action: 'complete_referral', route: 'POST /api/cases/{id}/referrals/{referralId}/complete' },
  CancelReferral: { action: 'cancel_referral', route: 'POST /api/cases/{id}/referrals/{referralId}/cancel' },
};

const commandFor = (caseId: string, referralId: string, step: ReferralStep, metadata: CommandContext): CaseCommand => {
  const ids = { caseId, referralId };
  switch (step.type) {
    case 'AcceptReferral':
      return { type: step.type, data: ids, metadata };
    case 'DeclineReferral':
    case 'CancelReferral':
      return { type: step.type, data: { ...ids, reason: step.reason }, metadata };
    case 'PlanFirstAppointment':
      return {
        type: step.type,
        data: { ...ids, appointmentAt: step.appointmentAt, ...(step.reason !== undefined && { reason: step.reason }) },
        metadata,
      };
    case 'RecordFirstAppointment':
      return {
        type: step.type,
        data: { ...ids, ...(step.appointmentAt !== undefined && { appointmentAt: step.appointmentAt }) },
        metadata,
      };
    case 'CompleteReferral':
      return { type: step.type, data: { ...ids, attestation: step.attestation }, metadata };
  }
};

/**
 * Every step after sending needs `record referrals` on the case (for the partner through rule
 * `referral`, for the referring side through its team or consent rule); the decider then checks the
 * side the step belongs to and the referral's status.
 */
@CommandHandler(MoveReferralCommand)
export class MoveReferralHandler implements ICommandHandler<MoveReferralCommand> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(AgencyProfiles) private readonly profiles: AgencyProfiles,
  ) {}

  async execute({ caseId, referralId, step, context }: MoveReferralCommand): Promise<{ version: number }> {
    const result = await this.cases.handle(
      caseId,
      commandFor(caseId, referralId, step, commandContext(context)),
      context,
      {
        audit: { ...STEP_AUDIT[step.type], category: 'referrals' },
        authorize: (state) => {
          authorizeOnState(state, caseId, context, 'referrals');
          // A referral the actor may not know is not found, like one that does not exist (no WRONG_SIDE).
          const referral = state.referrals.find((r) => r.referralId === referralId);
          if (!referral || !mayKnowReferral(context, factsFromState(state), this.profiles)(referral))
            throw new ReferralNotFoundError(referralId);
        },
      },
    );
    return { version: result.version };
  }
}

export const REFERRAL_COMMAND_HANDLERS = [SendReferralHandler, MoveReferralHandler];
