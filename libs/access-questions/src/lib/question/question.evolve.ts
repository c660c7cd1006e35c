import { type QuestionEvent } from './question.events';

export interface AskedQuestion {
  readonly status: 'asked' | 'answered';
  readonly questionId: string;
  readonly caseId: string;
  readonly participantId: string;
  readonly accessIndex: number;
  readonly text: string;
  readonly askedAt: string;
  readonly askedBy: string;
  readonly dueAt: string;
  readonly answer?: { readonly text: string; readonly answeredAt: string; readonly answeredBy: string };
}

export type Question = { readonly status: 'none' } | AskedQuestion;

export const initialQuestion = (): Question => ({ status: 'none' });

export function evolveQuestion(state: Question, event: QuestionEvent): Question {
  switch (event.type) {
    case 'QuestionAsked': {
      const { questionId, caseId, participantId, accessIndex, text, askedAt, askedBy, dueAt } = event.data;
      return { status: 'asked', questionId, caseId, participantId, accessIndex, text, askedAt, askedBy, dueAt };
    }
    case 'QuestionAnswered': {
      if (state.status === 'none') return state;
      const { text, answeredAt, answeredBy } = event.data;
      return { ...state, status: 'answered', answer: { text, answeredAt, answeredBy } };
    }
  }
}
