import { type Decider } from '@fallverbund/kernel';
import { type AnswerQuestion, type AskQuestion, type QuestionCommand } from './question.commands';
import { answerDueAt } from './question.deadline';
import {
  QuestionAlreadyAnsweredError,
  QuestionAlreadyAskedError,
  QuestionNotFoundError,
  QuestionTextInvalidError,
} from './question.errors';
import { type QuestionAnswered, type QuestionAsked, type QuestionEvent } from './question.events';
import { evolveQuestion, initialQuestion, type Question } from './question.evolve';

/** The longest question or answer, in characters. */
export const QUESTION_TEXT_MAX = 2_000;

const assertTextIsUsable = (text: string, what: string): string => {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new QuestionTextInvalidError(`the ${what} is empty`);
  if (trimmed.length > QUESTION_TEXT_MAX)
    throw new QuestionTextInvalidError(`the ${what} is longer than ${QUESTION_TEXT_MAX} characters`);
  return trimmed;
};

const ask = ({ data, metadata }: AskQuestion, state: Question): QuestionAsked => {
  if (state.status !== 'none') throw new QuestionAlreadyAskedError(`question ${data.questionId} exists already`);
  const text = assertTextIsUsable(data.text, 'question');
  return {
    type: 'QuestionAsked',
    data: {
      questionId: data.questionId,
      caseId: data.caseId,
      participantId: data.participantId,
      accessIndex: data.accessIndex,
      text,
      askedAt: metadata.now.toISOString(),
      askedBy: metadata.actor.userId,
      dueAt: answerDueAt(metadata.now).toISOString(),
    },
  };
};

const answer = ({ data, metadata }: AnswerQuestion, state: Question): QuestionAnswered => {
  if (state.status === 'none') throw new QuestionNotFoundError('no such question');
  if (state.status === 'answered') throw new QuestionAlreadyAnsweredError(`question ${state.questionId} is answered`);
  return {
    type: 'QuestionAnswered',
    data: {
      questionId: state.questionId,
      participantId: state.participantId,
      text: assertTextIsUsable(data.text, 'answer'),
      answeredAt: metadata.now.toISOString(),
      answeredBy: metadata.actor.userId,
    },
  };
};

export function decideQuestion(command: QuestionCommand, state: Question): QuestionEvent[] {
  switch (command.type) {
    case 'AskQuestion':
      return [ask(command, state)];
    case 'AnswerQuestion':
      return [answer(command, state)];
  }
}

/** A question to the data protection officer about one access: asked once, answered once. */
export const questionDecider: Decider<QuestionCommand, QuestionEvent, Question> = {
  initialState: initialQuestion,
  decide: decideQuestion,
  evolve: evolveQuestion,
};
