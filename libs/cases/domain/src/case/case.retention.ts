import { type CommandContext, DomainError, type Event } from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';

/**
 * The end of retention on one case (issue 17): a hold the data protection officer places and releases,
 * the offer of the file to the competent public archive, and the archive's answer. None of these events
 * carries personal data: reasons and answers are coded, there is no note.
 */

/** Why the DPO holds a case back from the retention scheduler: coded, no free text (decisions.md). */
export const RETENTION_HOLD_REASONS = ['litigation', 'ongoing_claim', 'archive_review', 'other'] as const;
export type RetentionHoldReason = (typeof RETENTION_HOLD_REASONS)[number];

/** What the archive answered: it took the file over, or declined it (then it is erased). */
export const ARCHIVE_ANSWERS = ['taken', 'declined'] as const;
export type ArchiveAnswer = (typeof ARCHIVE_ANSWERS)[number];

export type RetentionHoldPlaced = Event<
  'RetentionHoldPlaced',
  { caseId: string; reason: RetentionHoldReason; placedBy: string; placedAt: string }
>;

export type RetentionHoldReleased = Event<
  'RetentionHoldReleased',
  { caseId: string; releasedBy: string; releasedAt: string }
>;

/**
 * The file was offered to the archive (§ 71 Abs. 1 Satz 3 SGB X with the archive acts) when the
 * retention class `retentionClass` ended. `answerDueAt`: without an answer by then, the file is erased.
 */
export type RecordsOfferedToArchive = Event<
  'RecordsOfferedToArchive',
  { caseId: string; retentionClass: string; offeredBy: string; offeredAt: string; answerDueAt: string }
>;

/** The DPO recorded the archive's answer to the offer. */
export type ArchiveAnswerRecorded = Event<
  'ArchiveAnswerRecorded',
  { caseId: string; answer: ArchiveAnswer; recordedBy: string; answeredAt: string }
>;

export type RetentionEvent =
  RetentionHoldPlaced | RetentionHoldReleased | RecordsOfferedToArchive | ArchiveAnswerRecorded;

export interface RetentionHoldState {
  readonly reason: RetentionHoldReason;
  readonly since: string;
}

export interface ArchiveOfferState {
  readonly retentionClass: string;
  readonly offeredAt: string;
  readonly answerDueAt: string;
  readonly answer: ArchiveAnswer | null;
}

export interface RetentionState {
  readonly hold: RetentionHoldState | null;
  readonly archiveOffer: ArchiveOfferState | null;
}

export const initialRetentionState = (): RetentionState => ({ hold: null, archiveOffer: null });

export interface PlaceRetentionHold {
  readonly type: 'PlaceRetentionHold';
  readonly data: { caseId: string; reason: unknown };
  readonly metadata: CommandContext;
}
export interface ReleaseRetentionHold {
  readonly type: 'ReleaseRetentionHold';
  readonly data: { caseId: string };
  readonly metadata: CommandContext;
}
export interface OfferRecordsToArchive {
  readonly type: 'OfferRecordsToArchive';
  readonly data: { caseId: string; retentionClass: string; answerDueAt: Date };
  readonly metadata: CommandContext;
}
export interface RecordArchiveAnswer {
  readonly type: 'RecordArchiveAnswer';
  readonly data: { caseId: string; answer: unknown };
  readonly metadata: CommandContext;
}
export type RetentionCommand = PlaceRetentionHold | ReleaseRetentionHold | OfferRecordsToArchive | RecordArchiveAnswer;

/** Only the data protection officer (or the retention scheduler acting in that role) decides these. */
export class RetentionByDpoOnlyError extends DomainError {
  readonly code = 'CASE.RETENTION_DPO_ONLY';
  readonly kind = 'forbidden';
  constructor() {
    super('only the data protection officer places or releases a retention hold or records the archive answer');
  }
}

export class InvalidRetentionCommandError extends DomainError {
  readonly code = 'CASE.RETENTION_INVALID';
  readonly kind = 'invalid';
}

export class RetentionHoldExistsError extends DomainError {
  readonly code = 'CASE.RETENTION_HOLD_EXISTS';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is held already`);
  }
}

export class NoRetentionHoldError extends DomainError {
  readonly code = 'CASE.NO_RETENTION_HOLD';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is not held`);
  }
}

/** The case is held: nothing at the end of retention happens to it until the hold is released. */
export class CaseHeldError extends DomainError {
  readonly code = 'CASE.RETENTION_HELD';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is held: the end of its retention waits until the hold is released`);
  }
}

export class ArchiveOfferStateError extends DomainError {
  readonly code = 'CASE.ARCHIVE_OFFER_STATE';
  readonly kind = 'conflict';
}

const assertDpo = ({ actor }: CommandContext): void => {
  if (actor.role !== 'data_protection_officer') throw new RetentionByDpoOnlyError();
};

const decidePlace = ({ data, metadata }: PlaceRetentionHold, state: ExistingCase): RetentionHoldPlaced => {
  assertDpo(metadata);
  const reason = RETENTION_HOLD_REASONS.find((r) => r === data.reason);
  if (!reason) throw new InvalidRetentionCommandError(`reason must be one of ${RETENTION_HOLD_REASONS.join(', ')}`);
  if (state.retention.hold) throw new RetentionHoldExistsError(data.caseId);
  return {
    type: 'RetentionHoldPlaced',
    data: { caseId: data.caseId, reason, placedBy: metadata.actor.userId, placedAt: metadata.now.toISOString() },
  };
};

const decideRelease = ({ data, metadata }: ReleaseRetentionHold, state: ExistingCase): RetentionHoldReleased => {
  assertDpo(metadata);
  if (!state.retention.hold) throw new NoRetentionHoldError(data.caseId);
  return {
    type: 'RetentionHoldReleased',
    data: { caseId: data.caseId, releasedBy: metadata.actor.userId, releasedAt: metadata.now.toISOString() },
  };
};

const decideOffer = ({ data, metadata }: OfferRecordsToArchive, state: ExistingCase): RecordsOfferedToArchive => {
  assertDpo(metadata);
  if (state.retention.hold) throw new CaseHeldError(data.caseId);
  if (state.participantErased) throw new ArchiveOfferStateError(`case ${data.caseId} is erased already`);
  if (state.retention.archiveOffer) throw new ArchiveOfferStateError(`case ${data.caseId} was offered already`);
  if (data.answerDueAt.getTime() <= metadata.now.getTime())
    throw new InvalidRetentionCommandError('the archive must be given time to answer');
  return {
    type: 'RecordsOfferedToArchive',
    data: {
      caseId: data.caseId,
      retentionClass: data.retentionClass,
      offeredBy: metadata.actor.userId,
      offeredAt: metadata.now.toISOString(),
      answerDueAt: data.answerDueAt.toISOString(),
    },
  };
};

const decideAnswer = ({ data, metadata }: RecordArchiveAnswer, state: ExistingCase): ArchiveAnswerRecorded => {
  assertDpo(metadata);
  const answer = ARCHIVE_ANSWERS.find((a) => a === data.answer);
  if (!answer) throw new InvalidRetentionCommandError(`answer must be one of ${ARCHIVE_ANSWERS.join(', ')}`);
  const offer = state.retention.archiveOffer;
  if (!offer) throw new ArchiveOfferStateError(`case ${data.caseId} was not offered to the archive`);
  if (offer.answer !== null)
    throw new ArchiveOfferStateError(`the archive's answer for case ${data.caseId} is recorded`);
  if (state.participantErased) throw new ArchiveOfferStateError(`case ${data.caseId} is erased already`);
  return {
    type: 'ArchiveAnswerRecorded',
    data: { caseId: data.caseId, answer, recordedBy: metadata.actor.userId, answeredAt: metadata.now.toISOString() },
  };
};

export const decideRetention = (command: RetentionCommand, state: ExistingCase): RetentionEvent => {
  switch (command.type) {
    case 'PlaceRetentionHold':
      return decidePlace(command, state);
    case 'ReleaseRetentionHold':
      return decideRelease(command, state);
    case 'OfferRecordsToArchive':
      return decideOffer(command, state);
    case 'RecordArchiveAnswer':
      return decideAnswer(command, state);
  }
};

export const evolveRetention = (state: ExistingCase, event: RetentionEvent): ExistingCase => {
  const retention = state.retention;
  switch (event.type) {
    case 'RetentionHoldPlaced':
      return { ...state, retention: { ...retention, hold: { reason: event.data.reason, since: event.data.placedAt } } };
    case 'RetentionHoldReleased':
      return { ...state, retention: { ...retention, hold: null } };
    case 'RecordsOfferedToArchive': {
      const { retentionClass, offeredAt, answerDueAt } = event.data;
      return {
        ...state,
        retention: { ...retention, archiveOffer: { retentionClass, offeredAt, answerDueAt, answer: null } },
      };
    }
    case 'ArchiveAnswerRecorded':
      return retention.archiveOffer
        ? {
            ...state,
            retention: { ...retention, archiveOffer: { ...retention.archiveOffer, answer: event.data.answer } },
          }
        : state;
  }
};
