import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { mayDecideRestriction, RESTRICTION_BASIS } from '@fallverbund/access-policy';
import {
  type Case,
  CaseNotFoundError,
  type RestrictionCommand,
  RestrictionByDpoOnlyError,
  restrictedCategories,
} from '@fallverbund/cases-domain';
import { accessFor, factsFromState } from '../cases/case-access';
import { CaseRepository } from '../cases/case-repository';
import { commandContext, type RequestContext } from '../cases/request-context';
import { RecipientNotifier } from '../erasure-requests/recipient-notifier';

/** The four § 84 SGB X commands of the data protection officer, as one command of the bus. */
export class DecideRestrictionCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly command:
      | { type: 'RestrictCase'; scope: unknown; reason: string }
      | { type: 'LiftCaseRestriction' }
      | { type: 'DisputeAccuracy'; categories: unknown }
      | { type: 'ResolveAccuracyDispute' },
    readonly context: RequestContext,
  ) {
    super();
  }
}

const AUDIT: Record<DecideRestrictionCommand['command']['type'], { action: string; route: string }> = {
  RestrictCase: { action: 'restrict_case', route: 'POST /api/cases/{id}/restriction' },
  LiftCaseRestriction: { action: 'lift_restriction', route: 'POST /api/cases/{id}/restriction/lifting' },
  DisputeAccuracy: { action: 'dispute_accuracy', route: 'POST /api/cases/{id}/accuracy-dispute' },
  ResolveAccuracyDispute: {
    action: 'resolve_accuracy_dispute',
    route: 'POST /api/cases/{id}/accuracy-dispute/resolution',
  },
};

/**
 * The lead agency's data protection officer (purpose audit) alone decides a restriction or a dispute. Anyone else
 * learns nothing of a case they cannot see (404); one they see answers 403 CASE.RESTRICTION_DPO_ONLY.
 */
const authorizeDpo = (state: Case, caseId: string, context: RequestContext): void => {
  if (state.status === 'none') throw new CaseNotFoundError(caseId);
  if (mayDecideRestriction(context.actor, context.purpose, state)) return;
  // The data protection officer of another agency, or under another purpose, does not see the case.
  if (context.actor.role === 'data_protection_officer' || !accessFor(context, factsFromState(state)).visible)
    throw new CaseNotFoundError(caseId);
  throw new RestrictionByDpoOnlyError();
};

@CommandHandler(DecideRestrictionCommand)
export class DecideRestrictionHandler implements ICommandHandler<DecideRestrictionCommand> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(RecipientNotifier) private readonly recipients: RecipientNotifier,
  ) {}

  async execute({ caseId, command, context }: DecideRestrictionCommand): Promise<{ version: number }> {
    const metadata = commandContext(context);
    const domain: RestrictionCommand =
      command.type === 'RestrictCase'
        ? { type: 'RestrictCase', data: { caseId, scope: command.scope, reason: command.reason }, metadata }
        : command.type === 'DisputeAccuracy'
          ? { type: 'DisputeAccuracy', data: { caseId, categories: command.categories }, metadata }
          : { type: command.type, data: { caseId }, metadata };
    const result = await this.cases.handle(caseId, domain, context, {
      audit: { ...AUDIT[command.type], category: 'case_admin', legalBasis: RESTRICTION_BASIS },
      authorize: (state) => authorizeDpo(state, caseId, context),
    });
    // Art. 19 GDPR: the recipients are told of a restriction and of its lifting.
    const told = result.events.find((e) => e.type === 'CaseRestricted' || e.type === 'CaseRestrictionLifted');
    if (told?.type === 'CaseRestricted')
      await this.recipients.notify(
        caseId,
        'restricted',
        restrictedCategories(told.data.scope),
        context,
        AUDIT.RestrictCase.route,
      );
    else if (told?.type === 'CaseRestrictionLifted')
      await this.recipients.notify(caseId, 'restriction_lifted', [], context, AUDIT.LiftCaseRestriction.route);
    const { version } = told ? await this.cases.load(caseId) : result;
    return { version };
  }
}

export const RESTRICTION_COMMAND_HANDLERS = [DecideRestrictionHandler];
