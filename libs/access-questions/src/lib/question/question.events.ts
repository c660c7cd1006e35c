import { type Event, type PersonalDataSpecs } from '@fallverbund/kernel';

/**
 * The category of a question's and an answer's text: free text the participant (or the data
 * protection officer) wrote, of its own category. No staff role is ever granted it; only the person
 * who asked and the data protection officer read it, and audit entries name the category, never the text.
 */
export const QUESTION_TEXT_CATEGORY = 'access_question';

/** A participant asked the data protection officer about one entry of the access log of their case. */
export type QuestionAsked = Event<
  'QuestionAsked',
  {
    readonly questionId: string;
    readonly caseId: string;
    /** The data subject: the text is sealed under their key and erased with their data. */
    readonly participantId: string;
    /** The audit log index of the access asked about. */
    readonly accessIndex: number;
    readonly text: string;
    readonly askedAt: string;
    readonly askedBy: string;
    /** Art. 12(3) GDPR: one month after receipt. */
    readonly dueAt: string;
  }
>;

/** The data protection officer answered a question. */
export type QuestionAnswered = Event<
  'QuestionAnswered',
  {
    readonly questionId: string;
    readonly participantId: string;
    readonly text: string;
    readonly answeredAt: string;
    readonly answeredBy: string;
  }
>;

export type QuestionEvent = QuestionAsked | QuestionAnswered;

export const QUESTION_EVENT_SCHEMA_VERSIONS: Readonly<Record<QuestionEvent['type'], number>> = {
  QuestionAsked: 1,
  QuestionAnswered: 1,
};

/** Both texts are personal data of the participant the case is about. */
export const questionPersonalData: PersonalDataSpecs = {
  QuestionAsked: { subjectOf: (data: QuestionAsked['data']) => data.participantId, fields: ['text'] },
  QuestionAnswered: { subjectOf: (data: QuestionAnswered['data']) => data.participantId, fields: ['text'] },
};

/** Every question has a stream of its own. */
export const questionStreamId = (questionId: string): string => `access-question-${questionId}`;
export const QUESTION_STREAM = /^access-question-/;

/** The legal basis recorded when a person asks: data subjects may contact the data protection officer. */
export const QUESTION_BASIS = 'Art. 38 Abs. 4 GDPR: question to the data protection officer';
