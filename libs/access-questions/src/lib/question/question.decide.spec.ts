import { deciderSpec, foldEvents } from '@fallverbund/kernel';
import { type AnswerQuestion, type AskQuestion } from './question.commands';
import { answerDueAt, isOverdue } from './question.deadline';
import { QUESTION_TEXT_MAX, questionDecider } from './question.decide';
import {
  QuestionAlreadyAnsweredError,
  QuestionAlreadyAskedError,
  QuestionNotFoundError,
  QuestionTextInvalidError,
} from './question.errors';
import { type QuestionAnswered, type QuestionAsked } from './question.events';

const askedAt = new Date('2026-12-04T10:00:00.000Z');
const answeredAt = new Date('2026-12-10T09:30:00.000Z');
const lena = { userId: 'lena.teilnehmerin' };
const frieda = { userId: 'frieda.dpo' };
const ids = { questionId: 'q-1', caseId: 'c-1', participantId: 'p-1' };

const askQuestion = (text = 'Warum hat das Jugendamt meine Daten gesehen?'): AskQuestion => ({
  type: 'AskQuestion',
  data: { ...ids, accessIndex: 42, text },
  metadata: { now: askedAt, actor: lena },
});
const answerQuestion = (text = 'Auf Grund Ihrer Einwilligung vom 1. Dezember.'): AnswerQuestion => ({
  type: 'AnswerQuestion',
  data: { text },
  metadata: { now: answeredAt, actor: frieda },
});
const questionAsked: QuestionAsked = {
  type: 'QuestionAsked',
  data: {
    ...ids,
    accessIndex: 42,
    text: 'Warum hat das Jugendamt meine Daten gesehen?',
    askedAt: '2026-12-04T10:00:00.000Z',
    askedBy: 'lena.teilnehmerin',
    dueAt: '2027-01-04T10:00:00.000Z',
  },
};
const questionAnswered: QuestionAnswered = {
  type: 'QuestionAnswered',
  data: {
    questionId: 'q-1',
    participantId: 'p-1',
    text: 'Auf Grund Ihrer Einwilligung vom 1. Dezember.',
    answeredAt: '2026-12-10T09:30:00.000Z',
    answeredBy: 'frieda.dpo',
  },
};

const { given } = deciderSpec(questionDecider);

describe('a question about an access', () => {
  it('is asked with the time, the asker and a deadline one month later', () =>
    given([]).when(askQuestion()).then([questionAsked]));

  it('keeps the text without surrounding blanks', () =>
    given([]).when(askQuestion('  Warum hat das Jugendamt meine Daten gesehen?\n')).then([questionAsked]));

  it('cannot be asked twice under the same id', () =>
    given([questionAsked]).when(askQuestion()).thenThrows(QuestionAlreadyAskedError, 'QUESTION.ALREADY_ASKED'));

  it('needs a text', () => given([]).when(askQuestion('   ')).thenThrows(QuestionTextInvalidError));

  it('refuses a text longer than the limit', () =>
    given([])
      .when(askQuestion('x'.repeat(QUESTION_TEXT_MAX + 1)))
      .thenThrows(QuestionTextInvalidError));

  it('is answered once, by whoever answers, at the time given', () =>
    given([questionAsked]).when(answerQuestion()).then([questionAnswered]));

  it('cannot be answered twice', () =>
    given([questionAsked, questionAnswered])
      .when(answerQuestion())
      .thenThrows(QuestionAlreadyAnsweredError, 'QUESTION.ALREADY_ANSWERED'));

  it('cannot be answered before it is asked', () =>
    given([]).when(answerQuestion()).thenThrows(QuestionNotFoundError, 'QUESTION.NOT_FOUND'));

  it('needs an answer text', () =>
    given([questionAsked]).when(answerQuestion('')).thenThrows(QuestionTextInvalidError));

  it('folds to the question with its answer', () =>
    expect(foldEvents(questionDecider, [questionAsked, questionAnswered])).toEqual({
      status: 'answered',
      ...questionAsked.data,
      answer: {
        text: questionAnswered.data.text,
        answeredAt: questionAnswered.data.answeredAt,
        answeredBy: 'frieda.dpo',
      },
    }));
});

describe('the Art. 12(3) GDPR deadline', () => {
  it.each([
    ['2026-12-04T10:00:00.000Z', '2027-01-04T10:00:00.000Z'],
    ['2027-01-31T08:15:00.000Z', '2027-02-28T08:15:00.000Z'],
    ['2028-01-31T08:15:00.000Z', '2028-02-29T08:15:00.000Z'],
    ['2027-03-31T23:59:59.000Z', '2027-04-30T23:59:59.000Z'],
    ['2027-02-28T12:00:00.000Z', '2027-03-28T12:00:00.000Z'],
  ])('a question received at %s is due at %s', (asked, due) =>
    expect(answerDueAt(new Date(asked)).toISOString()).toBe(due),
  );

  it('is overdue only when unanswered after the due date', () => {
    const due = { dueAt: '2027-01-04T10:00:00.000Z' };
    expect(isOverdue(due, new Date('2027-01-04T10:00:00.000Z'))).toBe(false);
    expect(isOverdue(due, new Date('2027-01-04T10:00:00.001Z'))).toBe(true);
    expect(isOverdue({ ...due, answeredAt: '2027-01-05T00:00:00.000Z' }, new Date('2027-02-01T00:00:00Z'))).toBe(false);
  });
});
