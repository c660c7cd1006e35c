import { Command } from '@nestjs/cqrs';
import { type Attestation, type SendReferral } from '@fallverbund/cases-domain';
import { type Purpose } from '@fallverbund/kernel';
import { type RequestContext } from '../cases/request-context';

/** `purpose`, when given, must be the declared one (X-Purpose): the referral is made for that, never another. */
export type ReferralInput = Omit<SendReferral['data'], 'caseId' | 'referralId' | 'purpose'> & {
  readonly purpose?: Purpose;
};

/** Sent by the case team to a partner of the partner directory. */
export class SendReferralCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly referral: ReferralInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** One step of the closed loop after sending; `step` says which, with what the step carries. */
export type ReferralStep =
  | { readonly type: 'AcceptReferral' }
  | { readonly type: 'DeclineReferral'; readonly reason: string }
  | { readonly type: 'PlanFirstAppointment'; readonly appointmentAt: string; readonly reason?: string }
  /** `appointmentAt` absent: the planned appointment took place as planned. */
  | { readonly type: 'RecordFirstAppointment'; readonly appointmentAt?: string }
  | { readonly type: 'CompleteReferral'; readonly attestation: Attestation }
  | { readonly type: 'CancelReferral'; readonly reason: string };

export class MoveReferralCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly referralId: string,
    readonly step: ReferralStep,
    readonly context: RequestContext,
  ) {
    super();
  }
}
