import { Command } from '@nestjs/cqrs';
import { type DraftPlanVersion } from '@fallverbund/cases-domain';
import { type RequestContext } from '../cases/request-context';

export type PlanDraftInput = Omit<DraftPlanVersion['data'], 'caseId'>;

/** Answers the new plan version and the case stream version (the ETag). */
export class DraftPlanVersionCommand extends Command<{ planVersion: number; version: number }> {
  constructor(
    readonly caseId: string,
    readonly draft: PlanDraftInput,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class AgreePlanVersionCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly planVersion: number,
    readonly form: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class DisputePlanCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly planVersion: number,
    readonly reason: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class RequestMediationCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class ConcludeMediationCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly outcome: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class CompletePlanStepCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly stepId: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
