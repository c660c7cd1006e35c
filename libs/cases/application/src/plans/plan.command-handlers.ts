import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CaseCommand, type PlanVersionDrafted } from '@fallverbund/cases-domain';
import { CaseRepository } from '../cases/case-repository';
import { authorizeTexts } from '../cases/free-text';
import { commandContext, type RequestContext } from '../cases/request-context';
import {
  AgreePlanVersionCommand,
  CompletePlanStepCommand,
  ConcludeMediationCommand,
  DisputePlanCommand,
  DraftPlanVersionCommand,
  RequestMediationCommand,
} from './plan.commands';

/**
 * Every plan write needs `record plan` on the loaded case (the team, or a consent that covers the plan
 * for the declared purpose), and `record` on each category the author chose for a text
 * (`textCategories`); the decider guards the plan's own transitions.
 */
const writePlan = async (
  cases: CaseRepository,
  caseId: string,
  command: (metadata: ReturnType<typeof commandContext>) => CaseCommand,
  context: RequestContext,
  audit: { action: string; route: string },
  ifMatch: number | undefined,
  textCategories: readonly (string | undefined)[] = [],
) =>
  cases.handle(caseId, command(commandContext(context)), context, {
    audit: { ...audit, category: 'plan' },
    ...(ifMatch !== undefined ? { expectedVersion: ifMatch } : {}),
    authorize: (state) => authorizeTexts(state, caseId, context, 'plan', textCategories),
  });

@CommandHandler(DraftPlanVersionCommand)
export class DraftPlanVersionHandler implements ICommandHandler<DraftPlanVersionCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, draft, context, ifMatch }: DraftPlanVersionCommand) {
    const result = await writePlan(
      this.cases,
      caseId,
      (metadata) => ({ type: 'DraftPlanVersion', data: { caseId, ...draft }, metadata }),
      context,
      { action: 'draft_plan_version', route: 'POST /api/cases/{id}/plan/versions' },
      ifMatch,
      [...draft.goals.map((g) => g.category), ...draft.steps.map((s) => s.category), draft.participantWordsCategory],
    );
    const drafted = result.events[0] as PlanVersionDrafted;
    return { planVersion: drafted.data.version, version: result.version };
  }
}

@CommandHandler(AgreePlanVersionCommand)
export class AgreePlanVersionHandler implements ICommandHandler<AgreePlanVersionCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, planVersion, form, context, ifMatch }: AgreePlanVersionCommand) {
    const { version } = await writePlan(
      this.cases,
      caseId,
      (metadata) => ({ type: 'AgreePlanVersion', data: { caseId, version: planVersion, form }, metadata }),
      context,
      { action: 'agree_plan_version', route: 'POST /api/cases/{id}/plan/versions/{version}/agreement' },
      ifMatch,
    );
    return { version };
  }
}

@CommandHandler(DisputePlanCommand)
export class DisputePlanHandler implements ICommandHandler<DisputePlanCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, planVersion, reason, context, ifMatch }: DisputePlanCommand) {
    const { version } = await writePlan(
      this.cases,
      caseId,
      (metadata) => ({ type: 'DisputePlan', data: { caseId, version: planVersion, reason }, metadata }),
      context,
      { action: 'dispute_plan', route: 'POST /api/cases/{id}/plan/dispute' },
      ifMatch,
    );
    return { version };
  }
}

@CommandHandler(RequestMediationCommand)
export class RequestMediationHandler implements ICommandHandler<RequestMediationCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, context, ifMatch }: RequestMediationCommand) {
    const { version } = await writePlan(
      this.cases,
      caseId,
      (metadata) => ({ type: 'RequestMediation', data: { caseId }, metadata }),
      context,
      { action: 'request_mediation', route: 'POST /api/cases/{id}/plan/mediation' },
      ifMatch,
    );
    return { version };
  }
}

@CommandHandler(ConcludeMediationCommand)
export class ConcludeMediationHandler implements ICommandHandler<ConcludeMediationCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, outcome, context, ifMatch }: ConcludeMediationCommand) {
    const { version } = await writePlan(
      this.cases,
      caseId,
      (metadata) => ({ type: 'ConcludeMediation', data: { caseId, outcome }, metadata }),
      context,
      { action: 'conclude_mediation', route: 'POST /api/cases/{id}/plan/mediation/conclusion' },
      ifMatch,
    );
    return { version };
  }
}

@CommandHandler(CompletePlanStepCommand)
export class CompletePlanStepHandler implements ICommandHandler<CompletePlanStepCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, stepId, context, ifMatch }: CompletePlanStepCommand) {
    const { version } = await writePlan(
      this.cases,
      caseId,
      (metadata) => ({ type: 'CompletePlanStep', data: { caseId, stepId }, metadata }),
      context,
      { action: 'complete_plan_step', route: 'POST /api/cases/{id}/plan/steps/{stepId}/completion' },
      ifMatch,
    );
    return { version };
  }
}

export const PLAN_COMMAND_HANDLERS = [
  DraftPlanVersionHandler,
  AgreePlanVersionHandler,
  DisputePlanHandler,
  RequestMediationHandler,
  ConcludeMediationHandler,
  CompletePlanStepHandler,
];
