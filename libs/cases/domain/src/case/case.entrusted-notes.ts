import { type CommandContext, DomainError, type Event } from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';
import { assertOpenForWork, boundedText } from './case.rules';

/**
 * Entrusted notes (category `youth_welfare`, § 65 SGB VIII): what a person entrusts to a youth-office
 * caseworker for personal and educational help. Only a caseworker of a youth office records them; who
 * may read them beyond the author is the access policy's decision (consent of the entrusting person).
 */

/** Who entrusted what the note records: a role, never a name (a third person is not a data subject here). */
export const ENTRUSTING_PERSONS = ['participant', 'legal_guardian', 'other_person'] as const;
export type EntrustingPerson = (typeof ENTRUSTING_PERSONS)[number];

/** `text` is personal (sealed under the participant's key). */
export type EntrustedNoteRecorded = Event<
  'EntrustedNoteRecorded',
  {
    caseId: string;
    noteId: string;
    participantId: string;
    text: string;
    entrustedBy: EntrustingPerson;
    authorUserId: string;
    authorAgencyId: string;
    recordedAt: string;
  }
>;

export interface RecordEntrustedNote {
  readonly type: 'RecordEntrustedNote';
  readonly data: { caseId: string; noteId: string; text: string; entrustedBy: string };
  readonly metadata: CommandContext;
}

export class InvalidEntrustedNoteError extends DomainError {
  readonly code = 'ENTRUSTED_NOTE.INVALID';
  readonly kind = 'invalid';
}

/** Something is entrusted to a caseworker of a youth office, to no one else. */
export class NotAnEntrustedCaseworkerError extends DomainError {
  readonly code = 'ENTRUSTED_NOTE.NOT_YOUTH_OFFICE_CASEWORKER';
  readonly kind = 'forbidden';
  constructor() {
    super('entrusted notes (§ 65 SGB VIII) are recorded by caseworkers of a youth office only');
  }
}

const MAX_TEXT = 10_000;

export const recordEntrustedNote = (
  { data, metadata }: RecordEntrustedNote,
  state: ExistingCase,
): EntrustedNoteRecorded => {
  const { actor, now } = metadata;
  if (actor.role !== 'caseworker' || actor.agencyType !== 'youth_office') throw new NotAnEntrustedCaseworkerError();
  assertOpenForWork(state);
  const text = boundedText(data.text, MAX_TEXT);
  if (text === null) throw new InvalidEntrustedNoteError(`an entrusted note has 1 to ${MAX_TEXT} characters`);
  const entrustedBy = ENTRUSTING_PERSONS.find((p) => p === data.entrustedBy);
  if (!entrustedBy) throw new InvalidEntrustedNoteError(`entrustedBy must be one of ${ENTRUSTING_PERSONS.join(', ')}`);
  return {
    type: 'EntrustedNoteRecorded',
    data: {
      caseId: data.caseId,
      noteId: data.noteId,
      participantId: state.participantId,
      text,
      entrustedBy,
      authorUserId: actor.userId,
      authorAgencyId: actor.agencyId,
      recordedAt: now.toISOString(),
    },
  };
};
