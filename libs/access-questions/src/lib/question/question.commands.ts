/** Who acts and when: passed in, never made inside. */
export interface QuestionCommandMetadata {
  readonly now: Date;
  readonly actor: { readonly userId: string };
}

export interface AskQuestion {
  readonly type: 'AskQuestion';
  readonly data: {
    readonly questionId: string;
    readonly caseId: string;
    readonly participantId: string;
    readonly accessIndex: number;
    readonly text: string;
  };
  readonly metadata: QuestionCommandMetadata;
}

export interface AnswerQuestion {
  readonly type: 'AnswerQuestion';
  readonly data: { readonly text: string };
  readonly metadata: QuestionCommandMetadata;
}

export type QuestionCommand = AskQuestion | AnswerQuestion;
