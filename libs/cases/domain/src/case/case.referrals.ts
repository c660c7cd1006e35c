import { type CommandContext, type DataCategory, DomainError, type Event, type Purpose } from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';
import { assertOpenForWork, boundedText, consentsCovering, parseInstant } from './case.rules';

/**
 * Referrals (category `referrals`): the closed loop to a partner of the network directory.
 * sent → accepted | declined; accepted → first_appointment → completed; cancelled from any open
 * step by the referring side. While accepted, the partner may plan the first appointment (also in the
 * future) and plan it again when it was missed or moved; the status stays accepted until the
 * appointment is confirmed as held, and the waiting time counts to the held one. The partner reports
 * back by attestation only, never with content.
 */

export const REFERRAL_STATUSES = [
  'sent',
  'accepted',
  'declined',
  'first_appointment',
  'completed',
  'cancelled',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const DECLINE_REASONS = [
  'no_capacity',
  'not_suitable',
  'outside_area',
  'participant_unreachable',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const CANCEL_REASONS = ['participant_withdrew', 'need_met_elsewhere', 'consent_withdrawn', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** What a partner may report back: whether the person came, and whether the goal was reached. Nothing else. */
export interface Attestation {
  readonly attended: boolean;
  readonly goalReached: boolean;
}

/** `reason` is personal (sealed); `consentIds` are the consents that covered the shared categories when sent. */
export type ReferralSent = Event<
  'ReferralSent',
  {
    caseId: string;
    referralId: string;
    participantId: string;
    partnerAgencyId: string;
    purpose: Purpose;
    sharedCategories: DataCategory[];
    consentIds: string[];
    reason: string;
    referredBy: string;
    referredByAgencyId: string;
    sentAt: string;
  }
>;

export type ReferralAccepted = Event<
  'ReferralAccepted',
  { caseId: string; referralId: string; acceptedBy: string; acceptedAt: string }
>;

export type ReferralDeclined = Event<
  'ReferralDeclined',
  { caseId: string; referralId: string; reason: DeclineReason; declinedBy: string; declinedAt: string }
>;

/** Why a planned first appointment is planned again: the participant did not come, or it was moved. */
export const RESCHEDULE_REASONS = ['missed', 'moved'] as const;
export type RescheduleReason = (typeof RESCHEDULE_REASONS)[number];

/**
 * The partner planned the first appointment (may lie in the future); the referral stays accepted.
 * `previous` is the appointment this one replaces and why, null for the first plan.
 */
export type FirstAppointmentPlanned = Event<
  'FirstAppointmentPlanned',
  {
    caseId: string;
    referralId: string;
    appointmentAt: string;
    previous: { appointmentAt: string; reason: RescheduleReason } | null;
    plannedBy: string;
    plannedAt: string;
  }
>;

/** The first appointment took place; `waitingDays` counts whole days from sending to the appointment. */
export type FirstAppointmentRecorded = Event<
  'FirstAppointmentRecorded',
  {
    caseId: string;
    referralId: string;
    appointmentAt: string;
    waitingDays: number;
    recordedBy: string;
    recordedAt: string;
  }
>;

export type ReferralCompleted = Event<
  'ReferralCompleted',
  { caseId: string; referralId: string; attestation: Attestation; completedBy: string; completedAt: string }
>;

export type ReferralCancelled = Event<
  'ReferralCancelled',
  { caseId: string; referralId: string; reason: CancelReason; cancelledBy: string; cancelledAt: string }
>;

export type ReferralEvent =
  | ReferralSent
  | ReferralAccepted
  | ReferralDeclined
  | FirstAppointmentPlanned
  | FirstAppointmentRecorded
  | ReferralCompleted
  | ReferralCancelled;

export interface SendReferral {
  readonly type: 'SendReferral';
  readonly data: {
    caseId: string;
    referralId: string;
    partnerAgencyId: string;
    purpose: Purpose;
    sharedCategories: readonly DataCategory[];
    reason: string;
  };
  readonly metadata: CommandContext;
}
export interface AcceptReferral {
  readonly type: 'AcceptReferral';
  readonly data: { caseId: string; referralId: string };
  readonly metadata: CommandContext;
}
export interface DeclineReferral {
  readonly type: 'DeclineReferral';
  readonly data: { caseId: string; referralId: string; reason: string };
  readonly metadata: CommandContext;
}
/** `reason` only when an appointment is planned already: why it is planned again. */
export interface PlanFirstAppointment {
  readonly type: 'PlanFirstAppointment';
  readonly data: { caseId: string; referralId: string; appointmentAt: string; reason?: string };
  readonly metadata: CommandContext;
}
/** The first appointment took place; `appointmentAt` absent: the planned one took place as planned. */
export interface RecordFirstAppointment {
  readonly type: 'RecordFirstAppointment';
  readonly data: { caseId: string; referralId: string; appointmentAt?: string };
  readonly metadata: CommandContext;
}
export interface CompleteReferral {
  readonly type: 'CompleteReferral';
  readonly data: { caseId: string; referralId: string; attestation: Attestation };
  readonly metadata: CommandContext;
}
export interface CancelReferral {
  readonly type: 'CancelReferral';
  readonly data: { caseId: string; referralId: string; reason: string };
  readonly metadata: CommandContext;
}

export type ReferralCommand =
  | SendReferral
  | AcceptReferral
  | DeclineReferral
  | PlanFirstAppointment
  | RecordFirstAppointment
  | CompleteReferral
  | CancelReferral;

/** What decisions and the access policy need of a referral: never its reason. */
export interface ReferralState {
  readonly referralId: string;
  readonly partnerAgencyId: string;
  readonly referredByAgencyId: string;
  readonly purpose: Purpose;
  readonly sharedCategories: readonly DataCategory[];
  readonly status: ReferralStatus;
  readonly sentAt: string;
  /** The planned first appointment while accepted, null when none is planned. */
  readonly plannedAppointmentAt: string | null;
}

export class InvalidReferralError extends DomainError {
  readonly code = 'REFERRAL.INVALID';
  readonly kind = 'invalid';
}

export class ReferralNotFoundError extends DomainError {
  readonly code = 'REFERRAL.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly referralId: string) {
    super(`no referral ${referralId} on this case`);
  }
}

/** A category the referral would share is not covered by an active consent for the partner and purpose. */
export class ReferralNotCoveredByConsentError extends DomainError {
  readonly code = 'REFERRAL.NOT_COVERED_BY_CONSENT';
  readonly kind = 'forbidden';
  constructor(
    readonly partnerAgencyId: string,
    readonly uncovered: readonly DataCategory[],
  ) {
    super(
      `no active consent lets ${partnerAgencyId} receive ${uncovered.join(', ')} for this purpose: record a consent that names them, or share less`,
    );
  }
}

export class ReferralWrongSideError extends DomainError {
  readonly code = 'REFERRAL.WRONG_SIDE';
  readonly kind = 'forbidden';
  constructor(
    readonly step: string,
    readonly side: 'partner' | 'referring agency',
  ) {
    super(`only the ${side} may ${step} this referral`);
  }
}

export class ReferralIllegalTransitionError extends DomainError {
  readonly code = 'REFERRAL.ILLEGAL_TRANSITION';
  readonly kind = 'conflict';
  constructor(
    readonly from: ReferralStatus,
    readonly step: string,
  ) {
    super(`a referral that is ${from} cannot be ${step}`);
  }
}

const MAX_REASON = 1_000;
const DAY_MS = 86_400_000;
/** A first appointment is planned at most a year ahead (docs/decisions.md). */
export const MAX_PLANNING_DAYS_AHEAD = 366;
const NOT_FOR_REFERRAL: readonly Purpose[] = ['evaluation', 'audit', 'child_protection'];
const OPEN: readonly ReferralStatus[] = ['sent', 'accepted', 'first_appointment'];

const referralOf = (state: ExistingCase, referralId: string): ReferralState => {
  const referral = state.referrals.find((r) => r.referralId === referralId);
  if (!referral) throw new ReferralNotFoundError(referralId);
  return referral;
};

/** The partner's own staff move the referral on; the referring agency only sends and cancels. */
const assertSide = (
  referral: ReferralState,
  metadata: CommandContext,
  side: 'partner' | 'referring agency',
  step: string,
): void => {
  const agencyId = side === 'partner' ? referral.partnerAgencyId : referral.referredByAgencyId;
  if (metadata.actor.agencyId !== agencyId) throw new ReferralWrongSideError(step, side);
};

const assertStatus = (referral: ReferralState, allowed: readonly ReferralStatus[], step: string): void => {
  if (!allowed.includes(referral.status)) throw new ReferralIllegalTransitionError(referral.status, step);
};

const oneOf = <T extends string>(values: readonly T[], value: string, what: string): T => {
  const known = values.find((v) => v === value);
  if (!known) throw new InvalidReferralError(`${what} must be one of ${values.join(', ')}`);
  return known;
};

export const sendReferral = ({ data, metadata }: SendReferral, state: ExistingCase): ReferralSent => {
  assertOpenForWork(state);
  if (state.referrals.some((r) => r.referralId === data.referralId))
    throw new InvalidReferralError(`referral ${data.referralId} exists`);
  if (data.partnerAgencyId === metadata.actor.agencyId)
    throw new InvalidReferralError('a referral goes to another agency than the referring one');
  if (NOT_FOR_REFERRAL.includes(data.purpose))
    throw new InvalidReferralError(`a referral is never made for ${data.purpose}`);
  const shared = [...new Set(data.sharedCategories)];
  if (shared.length === 0) throw new InvalidReferralError('a referral shares at least one data category');
  const reason = boundedText(data.reason, MAX_REASON);
  if (reason === null) throw new InvalidReferralError(`a referral gives a reason of 1 to ${MAX_REASON} characters`);
  const { now } = metadata;
  const covering = shared.map((c) => consentsCovering(state, data.partnerAgencyId, data.purpose, c, now));
  const uncovered = shared.filter((_, i) => covering[i]?.length === 0);
  if (uncovered.length > 0) throw new ReferralNotCoveredByConsentError(data.partnerAgencyId, uncovered);
  return {
    type: 'ReferralSent',
    data: {
      caseId: data.caseId,
      referralId: data.referralId,
      participantId: state.participantId,
      partnerAgencyId: data.partnerAgencyId,
      purpose: data.purpose,
      sharedCategories: shared,
      consentIds: [...new Set(covering.flat())].sort(),
      reason,
      referredBy: metadata.actor.userId,
      referredByAgencyId: metadata.actor.agencyId,
      sentAt: now.toISOString(),
    },
  };
};

export const acceptReferral = ({ data, metadata }: AcceptReferral, state: ExistingCase): ReferralAccepted => {
  assertOpenForWork(state);
  const referral = referralOf(state, data.referralId);
  assertSide(referral, metadata, 'partner', 'accept');
  assertStatus(referral, ['sent'], 'accepted');
  return {
    type: 'ReferralAccepted',
    data: {
      caseId: data.caseId,
      referralId: data.referralId,
      acceptedBy: metadata.actor.userId,
      acceptedAt: metadata.now.toISOString(),
    },
  };
};

export const declineReferral = ({ data, metadata }: DeclineReferral, state: ExistingCase): ReferralDeclined => {
  assertOpenForWork(state);
  const referral = referralOf(state, data.referralId);
  assertSide(referral, metadata, 'partner', 'decline');
  assertStatus(referral, ['sent'], 'declined');
  return {
    type: 'ReferralDeclined',
    data: {
      caseId: data.caseId,
      referralId: data.referralId,
      reason: oneOf(DECLINE_REASONS, data.reason, 'reason'),
      declinedBy: metadata.actor.userId,
      declinedAt: metadata.now.toISOString(),
    },
  };
};

const appointmentInstant = (text: string, referral: ReferralState): string => {
  const appointmentAt = parseInstant(text);
  if (appointmentAt === null) throw new InvalidReferralError(`appointmentAt ${text} is not an ISO 8601 instant`);
  if (Date.parse(appointmentAt) < Date.parse(referral.sentAt))
    throw new InvalidReferralError('appointmentAt lies before the referral was sent');
  return appointmentAt;
};

export const planFirstAppointment = (
  { data, metadata }: PlanFirstAppointment,
  state: ExistingCase,
): FirstAppointmentPlanned => {
  assertOpenForWork(state);
  const referral = referralOf(state, data.referralId);
  assertSide(referral, metadata, 'partner', 'plan the first appointment of');
  assertStatus(referral, ['accepted'], 'given a planned first appointment');
  const appointmentAt = appointmentInstant(data.appointmentAt, referral);
  if (Date.parse(appointmentAt) > metadata.now.getTime() + MAX_PLANNING_DAYS_AHEAD * DAY_MS)
    throw new InvalidReferralError(`appointmentAt lies more than ${MAX_PLANNING_DAYS_AHEAD} days ahead`);
  const planned = referral.plannedAppointmentAt;
  if (planned === null && data.reason !== undefined)
    throw new InvalidReferralError('a reason is given only when a planned appointment is planned again');
  if (planned !== null && data.reason === undefined)
    throw new InvalidReferralError(
      `an appointment is planned already: give the reason it is planned again (${RESCHEDULE_REASONS.join(', ')})`,
    );
  const reason = data.reason === undefined ? null : oneOf(RESCHEDULE_REASONS, data.reason, 'reason');
  if (planned !== null && reason === 'missed' && Date.parse(planned) > metadata.now.getTime())
    throw new InvalidReferralError('the planned appointment lies in the future: it cannot have been missed yet');
  return {
    type: 'FirstAppointmentPlanned',
    data: {
      caseId: data.caseId,
      referralId: data.referralId,
      appointmentAt,
      previous: planned !== null && reason !== null ? { appointmentAt: planned, reason } : null,
      plannedBy: metadata.actor.userId,
      plannedAt: metadata.now.toISOString(),
    },
  };
};

export const recordFirstAppointment = (
  { data, metadata }: RecordFirstAppointment,
  state: ExistingCase,
): FirstAppointmentRecorded => {
  assertOpenForWork(state);
  const referral = referralOf(state, data.referralId);
  assertSide(referral, metadata, 'partner', 'record the first appointment of');
  assertStatus(referral, ['accepted'], 'given a first appointment');
  const text = data.appointmentAt ?? referral.plannedAppointmentAt;
  if (text === null)
    throw new InvalidReferralError('no first appointment is planned: give appointmentAt, when it took place');
  const appointmentAt = appointmentInstant(text, referral);
  if (Date.parse(appointmentAt) > metadata.now.getTime())
    throw new InvalidReferralError(
      'appointmentAt lies in the future: plan it (plan-appointment), and confirm it once it took place',
    );
  return {
    type: 'FirstAppointmentRecorded',
    data: {
      caseId: data.caseId,
      referralId: data.referralId,
      appointmentAt,
      waitingDays: Math.floor((Date.parse(appointmentAt) - Date.parse(referral.sentAt)) / DAY_MS),
      recordedBy: metadata.actor.userId,
      recordedAt: metadata.now.toISOString(),
    },
  };
};

export const completeReferral = ({ data, metadata }: CompleteReferral, state: ExistingCase): ReferralCompleted => {
  assertOpenForWork(state);
  const referral = referralOf(state, data.referralId);
  assertSide(referral, metadata, 'partner', 'complete');
  assertStatus(referral, ['first_appointment'], 'completed');
  const { attended, goalReached } = data.attestation;
  if (typeof attended !== 'boolean' || typeof goalReached !== 'boolean')
    throw new InvalidReferralError('an attestation is attended and goalReached, each yes or no');
  if (goalReached && !attended) throw new InvalidReferralError('a goal is not reached by someone who did not attend');
  return {
    type: 'ReferralCompleted',
    data: {
      caseId: data.caseId,
      referralId: data.referralId,
      attestation: { attended, goalReached },
      completedBy: metadata.actor.userId,
      completedAt: metadata.now.toISOString(),
    },
  };
};

export const cancelReferral = ({ data, metadata }: CancelReferral, state: ExistingCase): ReferralCancelled => {
  assertOpenForWork(state);
  const referral = referralOf(state, data.referralId);
  assertSide(referral, metadata, 'referring agency', 'cancel');
  assertStatus(referral, OPEN, 'cancelled');
  return {
    type: 'ReferralCancelled',
    data: {
      caseId: data.caseId,
      referralId: data.referralId,
      reason: oneOf(CANCEL_REASONS, data.reason, 'reason'),
      cancelledBy: metadata.actor.userId,
      cancelledAt: metadata.now.toISOString(),
    },
  };
};

export const decideReferral = (command: ReferralCommand, state: ExistingCase): ReferralEvent[] => {
  switch (command.type) {
    case 'SendReferral':
      return [sendReferral(command, state)];
    case 'AcceptReferral':
      return [acceptReferral(command, state)];
    case 'DeclineReferral':
      return [declineReferral(command, state)];
    case 'PlanFirstAppointment':
      return [planFirstAppointment(command, state)];
    case 'RecordFirstAppointment':
      return [recordFirstAppointment(command, state)];
    case 'CompleteReferral':
      return [completeReferral(command, state)];
    case 'CancelReferral':
      return [cancelReferral(command, state)];
  }
};

const NEXT_STATUS: Record<
  Exclude<ReferralEvent['type'], 'ReferralSent' | 'FirstAppointmentPlanned'>,
  ReferralStatus
> = {
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  FirstAppointmentRecorded: 'first_appointment',
  ReferralCompleted: 'completed',
  ReferralCancelled: 'cancelled',
};

export const evolveReferral = (state: ExistingCase, event: ReferralEvent): ExistingCase => {
  if (event.type === 'ReferralSent') {
    const { referralId, partnerAgencyId, referredByAgencyId, purpose, sharedCategories, sentAt } = event.data;
    const referral = {
      referralId,
      partnerAgencyId,
      referredByAgencyId,
      purpose,
      sharedCategories,
      status: 'sent',
      sentAt,
      plannedAppointmentAt: null,
    } as const;
    return { ...state, referrals: [...state.referrals, referral] };
  }
  if (event.type === 'FirstAppointmentPlanned') {
    const { referralId, appointmentAt } = event.data;
    return {
      ...state,
      referrals: state.referrals.map((r) =>
        r.referralId === referralId ? { ...r, plannedAppointmentAt: appointmentAt } : r,
      ),
    };
  }
  const status = NEXT_STATUS[event.type];
  return {
    ...state,
    referrals: state.referrals.map((r) => (r.referralId === event.data.referralId ? { ...r, status } : r)),
  };
};

export const REFERRAL_EVENT_TYPES: readonly ReferralEvent['type'][] = [
  'ReferralSent',
  'ReferralAccepted',
  'ReferralDeclined',
  'FirstAppointmentPlanned',
  'FirstAppointmentRecorded',
  'ReferralCompleted',
  'ReferralCancelled',
];
