import {
  type CommandContext,
  DATA_CATEGORIES,
  type DataCategory,
  DomainError,
  type Event,
  type Role,
} from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';
import { CaseAlreadyRestrictedError, type CaseRestricted, type RestrictionReason } from './case.restriction';

/**
 * A request for erasure (Art. 17 GDPR, § 84 SGB X): the person asks in her own view, or staff record
 * that she asked; the data protection officer decides (granted, refused because a retention duty
 * applies, or restricted instead, § 84 Abs. 3 SGB X) with a coded reason and its legal source; the
 * execution is confirmed to her. Recipients are told of an erasure or restriction (Art. 19 GDPR):
 * `RecipientsNotified` records whom. No event carries free text or personal data.
 */

export const ERASURE_REQUEST_CHANNELS = ['participant', 'staff'] as const;
export type ErasureRequestChannel = (typeof ERASURE_REQUEST_CHANNELS)[number];

/** Why the person asks (Art. 17 Abs. 1 GDPR), coded; `not_stated`: she need not say. */
export const ERASURE_GROUNDS = [
  'not_stated',
  'no_longer_necessary',
  'consent_withdrawn',
  'objection',
  'unlawfully_processed',
  'legal_obligation',
] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

export const ERASURE_DECISIONS = ['granted', 'refused_retention_duty', 'restricted_instead'] as const;
export type ErasureDecision = (typeof ERASURE_DECISIONS)[number];

/** The coded reasons of each decision, with the legal source each one rests on. */
export const ERASURE_DECISION_REASONS = {
  granted: {
    no_longer_necessary: 'Art. 17 Abs. 1 lit. a DSGVO, § 84 Abs. 2 SGB X',
    consent_withdrawn: 'Art. 17 Abs. 1 lit. b DSGVO, § 84 Abs. 2 SGB X',
    objection_upheld: 'Art. 17 Abs. 1 lit. c DSGVO, § 84 Abs. 2 SGB X',
    unlawfully_processed: 'Art. 17 Abs. 1 lit. d DSGVO, § 84 Abs. 2 SGB X',
    legal_obligation: 'Art. 17 Abs. 1 lit. e DSGVO, § 84 Abs. 2 SGB X',
  },
  refused_retention_duty: {
    retention_duty: 'Art. 17 Abs. 3 lit. b DSGVO, § 84 Abs. 2 SGB X',
  },
  restricted_instead: {
    retention_duty: '§ 84 Abs. 3 Nr. 1 SGB X',
    would_harm_interests: '§ 84 Abs. 3 Nr. 2 SGB X',
  },
} as const satisfies Record<ErasureDecision, Record<string, string>>;
export type ErasureDecisionReason = {
  [D in ErasureDecision]: keyof (typeof ERASURE_DECISION_REASONS)[D];
}[ErasureDecision];
export const ERASURE_DECISION_REASON_CODES: readonly ErasureDecisionReason[] = [
  ...new Set(Object.values(ERASURE_DECISION_REASONS).flatMap((r) => Object.keys(r) as ErasureDecisionReason[])),
];

/** The whole case, or the named categories of it. */
export type ErasureScope = 'case' | DataCategory[];

/** A retention class of docs/retention.md, as the application read it from the table. */
export interface RetentionDuty {
  readonly id: string;
  readonly legalSource: string;
  readonly categories: readonly DataCategory[];
}

export type ErasureRequested = Event<
  'ErasureRequested',
  {
    caseId: string;
    requestId: string;
    channel: ErasureRequestChannel;
    scope: ErasureScope;
    ground: ErasureGround;
    requestedBy: string;
    requestedAt: string;
    /** Art. 12 Abs. 3 GDPR: the answer is due one month after receipt. */
    dueAt: string;
  }
>;

export type ErasureRequestDecided = Event<
  'ErasureRequestDecided',
  {
    caseId: string;
    requestId: string;
    decision: ErasureDecision;
    reason: ErasureDecisionReason;
    /** The norm the decision rests on; with a retention duty, also the source of its class. */
    legalSource: string;
    /** The retention class of docs/retention.md that bars the erasure; null when none does. */
    retentionClass: string | null;
    decidedBy: string;
    decidedAt: string;
  }
>;

/** The confirmation to the person: a granted erasure was carried out. */
export type ErasureRequestExecuted = Event<
  'ErasureRequestExecuted',
  { caseId: string; requestId: string; scope: ErasureScope; executedBy: string; executedAt: string }
>;

export const NOTIFICATION_TRIGGERS = [
  'participant_erased',
  'categories_erased',
  'restricted',
  'restriction_lifted',
] as const;
export type NotificationTrigger = (typeof NOTIFICATION_TRIGGERS)[number];

/**
 * Art. 19 GDPR: the recipients of the case's data were told of an erasure or restriction. Agencies
 * that read the case (from the access log) and partner streams that received it (the relay sends
 * them `partners.erasure.notified.v1` / `partners.restriction.notified.v1` itself).
 */
export type RecipientsNotified = Event<
  'RecipientsNotified',
  {
    caseId: string;
    trigger: NotificationTrigger;
    categories: DataCategory[];
    agencyIds: string[];
    partnerSubscriberIds: string[];
    notifiedBy: string;
    notifiedAt: string;
  }
>;

export type ErasureRequestEvent =
  ErasureRequested | ErasureRequestDecided | ErasureRequestExecuted | RecipientsNotified;

export type ErasureRequestStatus = 'open' | 'granted' | 'refused' | 'restricted' | 'executed';

export interface ErasureRequestState {
  readonly requestId: string;
  readonly scope: 'case' | readonly DataCategory[];
  readonly status: ErasureRequestStatus;
}

export interface RequestErasure {
  readonly type: 'RequestErasure';
  readonly data: {
    caseId: string;
    requestId: string;
    channel: ErasureRequestChannel;
    scope: unknown;
    ground?: unknown;
  };
  /** The participant herself (role participant) or a member of staff. */
  readonly metadata: { readonly now: Date; readonly actor: { readonly userId: string; readonly role: Role } };
}
export interface DecideErasureRequest {
  readonly type: 'DecideErasureRequest';
  readonly data: {
    caseId: string;
    requestId: string;
    decision: unknown;
    reason: unknown;
    /** The retention class named by the officer, looked up in the table; null when none was named. */
    retention: RetentionDuty | null;
  };
  readonly metadata: CommandContext;
}
export interface ConfirmErasureExecuted {
  readonly type: 'ConfirmErasureExecuted';
  readonly data: { caseId: string; requestId: string };
  readonly metadata: CommandContext;
}
export interface NotifyRecipients {
  readonly type: 'NotifyRecipients';
  readonly data: {
    caseId: string;
    trigger: NotificationTrigger;
    categories: readonly DataCategory[];
    agencyIds: readonly string[];
    partnerSubscriberIds: readonly string[];
  };
  readonly metadata: CommandContext;
}
export type ErasureRequestCommand = RequestErasure | DecideErasureRequest | ConfirmErasureExecuted | NotifyRecipients;

export class InvalidErasureRequestError extends DomainError {
  readonly code = 'ERASURE.REQUEST_INVALID';
  readonly kind = 'invalid';
}

export class InvalidErasureDecisionError extends DomainError {
  readonly code = 'ERASURE.DECISION_INVALID';
  readonly kind = 'invalid';
}

/** Only the data protection officer decides a request for erasure. */
export class ErasureDecisionByDpoOnlyError extends DomainError {
  readonly code = 'ERASURE.DPO_ONLY';
  readonly kind = 'forbidden';
  constructor() {
    super('only the data protection officer decides a request for erasure (Art. 17 GDPR, § 84 SGB X)');
  }
}

export class ErasureRequestNotFoundError extends DomainError {
  readonly code = 'ERASURE.REQUEST_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly requestId: string) {
    super(`no request for erasure ${requestId} in this case`);
  }
}

export class ErasureRequestAlreadyOpenError extends DomainError {
  readonly code = 'ERASURE.REQUEST_ALREADY_OPEN';
  readonly kind = 'conflict';
  constructor() {
    super('a request for erasure of this case is open already: it is decided first');
  }
}

export class ErasureRequestAlreadyDecidedError extends DomainError {
  readonly code = 'ERASURE.REQUEST_ALREADY_DECIDED';
  readonly kind = 'conflict';
  constructor(readonly requestId: string) {
    super(`the request for erasure ${requestId} was decided already`);
  }
}

export class ErasureRequestNotGrantedError extends DomainError {
  readonly code = 'ERASURE.REQUEST_NOT_GRANTED';
  readonly kind = 'conflict';
  constructor(readonly requestId: string) {
    super(`the request for erasure ${requestId} is not granted and awaiting execution`);
  }
}

export class ErasureDataAlreadyErasedError extends DomainError {
  readonly code = 'ERASURE.ALREADY_ERASED';
  readonly kind = 'conflict';
  constructor() {
    super('the participant data of this case were erased already');
  }
}

/**
 * Art. 12 Abs. 3 GDPR: "within one month of receipt", counted as Regulation 1182/71 counts months:
 * the same day of the next month, or that month's last day when it is shorter; same instant (UTC).
 */
export const erasureAnswerDueAt = (receivedAt: Date): Date => {
  const next = receivedAt.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(receivedAt.getUTCFullYear(), next + 1, 0)).getUTCDate();
  const due = new Date(receivedAt.getTime());
  due.setUTCDate(1);
  due.setUTCMonth(next);
  due.setUTCDate(Math.min(receivedAt.getUTCDate(), lastDay));
  return due;
};

/** A non-empty list of known categories without repeats, in DATA_CATEGORIES order; null for anything else. */
const categoriesOf = (value: unknown): DataCategory[] | null => {
  if (!Array.isArray(value) || value.length === 0) return null;
  const known = DATA_CATEGORIES.filter((c) => value.includes(c));
  return known.length === value.length ? known : null;
};

const scopeOf = (value: unknown): ErasureScope | null => (value === 'case' ? 'case' : categoriesOf(value));

const requestOf = (state: ExistingCase, requestId: string): ErasureRequestState => {
  const request = state.erasureRequests.find((r) => r.requestId === requestId);
  if (!request) throw new ErasureRequestNotFoundError(requestId);
  return request;
};

const request = ({ data, metadata }: RequestErasure, state: ExistingCase): ErasureRequested => {
  const { actor } = metadata;
  // The person asks in her own view; staff only record that she asked. Neither is the officer who decides.
  if (data.channel === 'participant' ? actor.role !== 'participant' : actor.role === 'participant')
    throw new InvalidErasureRequestError(`a request through channel ${data.channel} is not made by ${actor.role}`);
  if (actor.role === 'data_protection_officer') throw new ErasureDecisionByDpoOnlyError();
  const scope = scopeOf(data.scope);
  if (scope === null)
    throw new InvalidErasureRequestError('scope is "case" or a non-empty list of distinct data categories');
  const ground = data.ground === undefined || data.ground === null ? 'not_stated' : data.ground;
  const knownGround = ERASURE_GROUNDS.find((g) => g === ground);
  if (!knownGround) throw new InvalidErasureRequestError(`ground must be one of ${ERASURE_GROUNDS.join(', ')}`);
  if (state.participantErased) throw new ErasureDataAlreadyErasedError();
  if (state.erasureRequests.some((r) => r.status === 'open')) throw new ErasureRequestAlreadyOpenError();
  return {
    type: 'ErasureRequested',
    data: {
      caseId: data.caseId,
      requestId: data.requestId,
      channel: data.channel,
      scope,
      ground: knownGround,
      requestedBy: actor.userId,
      requestedAt: metadata.now.toISOString(),
      dueAt: erasureAnswerDueAt(metadata.now).toISOString(),
    },
  };
};

const RESTRICTION_REASON_OF: Record<keyof (typeof ERASURE_DECISION_REASONS)['restricted_instead'], RestrictionReason> =
  {
    retention_duty: 'erasure_barred_by_retention',
    would_harm_interests: 'erasure_would_harm',
  };

const decide = (
  { data, metadata }: DecideErasureRequest,
  state: ExistingCase,
): [ErasureRequestDecided] | [ErasureRequestDecided, CaseRestricted] => {
  if (metadata.actor.role !== 'data_protection_officer') throw new ErasureDecisionByDpoOnlyError();
  const decision = ERASURE_DECISIONS.find((d) => d === data.decision);
  if (!decision) throw new InvalidErasureDecisionError(`decision must be one of ${ERASURE_DECISIONS.join(', ')}`);
  const reasons: Readonly<Record<string, string>> = ERASURE_DECISION_REASONS[decision];
  const reason = Object.keys(reasons).find((r) => r === data.reason) as ErasureDecisionReason | undefined;
  if (!reason)
    throw new InvalidErasureDecisionError(
      `reason of a decision ${decision} must be one of ${Object.keys(reasons).join(', ')}`,
    );
  // A retention duty is named by its class, so the person learns which rule keeps her data.
  if (reason === 'retention_duty' && !data.retention)
    throw new InvalidErasureDecisionError('a retention duty names its retention class (docs/retention.md)');
  if (reason !== 'retention_duty' && data.retention)
    throw new InvalidErasureDecisionError('a retention class is named only when a retention duty is the reason');
  const current = requestOf(state, data.requestId);
  if (current.status !== 'open') throw new ErasureRequestAlreadyDecidedError(data.requestId);
  const base = reasons[reason] as string;
  const retention = reason === 'retention_duty' ? data.retention : null;
  const decidedAt = metadata.now.toISOString();
  const decided: ErasureRequestDecided = {
    type: 'ErasureRequestDecided',
    data: {
      caseId: data.caseId,
      requestId: data.requestId,
      decision,
      reason,
      legalSource: retention ? `${base}; ${retention.id}: ${retention.legalSource}` : base,
      retentionClass: retention?.id ?? null,
      decidedBy: metadata.actor.userId,
      decidedAt,
    },
  };
  if (decision !== 'restricted_instead') return [decided];
  if (state.restriction) throw new CaseAlreadyRestrictedError(data.caseId);
  return [
    decided,
    {
      type: 'CaseRestricted',
      data: {
        caseId: data.caseId,
        scope: current.scope === 'case' ? 'case' : [...current.scope],
        reason: RESTRICTION_REASON_OF[reason as keyof typeof RESTRICTION_REASON_OF],
        decidedBy: metadata.actor.userId,
        restrictedAt: decidedAt,
      },
    },
  ];
};

const confirm = ({ data, metadata }: ConfirmErasureExecuted, state: ExistingCase): ErasureRequestExecuted => {
  const current = requestOf(state, data.requestId);
  if (current.status !== 'granted') throw new ErasureRequestNotGrantedError(data.requestId);
  return {
    type: 'ErasureRequestExecuted',
    data: {
      caseId: data.caseId,
      requestId: data.requestId,
      scope: current.scope === 'case' ? 'case' : [...current.scope],
      executedBy: metadata.actor.userId,
      executedAt: metadata.now.toISOString(),
    },
  };
};

const notify = ({ data, metadata }: NotifyRecipients): RecipientsNotified => ({
  type: 'RecipientsNotified',
  data: {
    caseId: data.caseId,
    trigger: data.trigger,
    categories: DATA_CATEGORIES.filter((c) => data.categories.includes(c)),
    agencyIds: [...new Set(data.agencyIds)].sort(),
    partnerSubscriberIds: [...new Set(data.partnerSubscriberIds)].sort(),
    notifiedBy: metadata.actor.userId,
    notifiedAt: metadata.now.toISOString(),
  },
});

export const decideErasureRequest = (
  command: ErasureRequestCommand,
  state: ExistingCase,
): (ErasureRequestEvent | CaseRestricted)[] => {
  switch (command.type) {
    case 'RequestErasure':
      return [request(command, state)];
    case 'DecideErasureRequest':
      return decide(command, state);
    case 'ConfirmErasureExecuted':
      return [confirm(command, state)];
    case 'NotifyRecipients':
      return [notify(command)];
  }
};

const STATUS_OF: Record<ErasureDecision, ErasureRequestStatus> = {
  granted: 'granted',
  refused_retention_duty: 'refused',
  restricted_instead: 'restricted',
};

const withStatus = (state: ExistingCase, requestId: string, status: ErasureRequestStatus): ExistingCase => ({
  ...state,
  erasureRequests: state.erasureRequests.map((r) => (r.requestId === requestId ? { ...r, status } : r)),
});

export const evolveErasureRequest = (state: ExistingCase, event: ErasureRequestEvent): ExistingCase => {
  switch (event.type) {
    case 'ErasureRequested':
      return {
        ...state,
        erasureRequests: [
          ...state.erasureRequests,
          { requestId: event.data.requestId, scope: event.data.scope, status: 'open' },
        ],
      };
    case 'ErasureRequestDecided':
      return withStatus(state, event.data.requestId, STATUS_OF[event.data.decision]);
    case 'ErasureRequestExecuted':
      return withStatus(state, event.data.requestId, 'executed');
    case 'RecipientsNotified':
      return state;
  }
};

/** The categories an erasure scope covers. */
export const erasureCategories = (scope: 'case' | readonly DataCategory[]): DataCategory[] =>
  scope === 'case' ? [...DATA_CATEGORIES] : [...scope];
