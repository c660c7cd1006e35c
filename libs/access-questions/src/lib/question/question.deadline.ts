/**
 * Art. 12(3) GDPR: the controller answers "within one month of receipt". Counted as Regulation
 * 1182/71 counts months: the same day of the next month; when that month is shorter, its last day.
 * Kept as the same instant of that day (UTC), so a question asked at 10:00 is due at 10:00.
 */
export function answerDueAt(askedAt: Date): Date {
  const year = askedAt.getUTCFullYear();
  const month = askedAt.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const due = new Date(askedAt.getTime());
  due.setUTCDate(1);
  due.setUTCMonth(month);
  due.setUTCDate(Math.min(askedAt.getUTCDate(), lastDay));
  return due;
}

/** Unanswered and past its due date. */
export const isOverdue = (question: { readonly dueAt: string; readonly answeredAt?: string }, now: Date): boolean =>
  question.answeredAt === undefined && Date.parse(question.dueAt) < now.getTime();
