import { type AgencyType, type DataCategory } from '@fallverbund/kernel';
import { dueAt, type RetentionFacts } from './due-at';
import {
  type EndAction,
  parsePeriod,
  type RetentionClass,
  type RetentionDomain,
  type RetentionTable,
  type StartEvent,
} from './retention-table';

/**
 * What the retention schedule (a read model) holds for one case and one retention class of its legal
 * domain: when the period started and when the class's action is due. Pure: the facts carry the dates.
 */
export interface ScheduleEntry {
  readonly classId: string;
  readonly domain: RetentionDomain;
  readonly action: EndAction;
  readonly startsAt: StartEvent;
  /** The day the period counts from (YYYY-MM-DD); null before the start event, and for a birth date (not kept). */
  readonly startedOn: string | null;
  /** When the action is due (00:00 UTC); null while the start event has not happened or is unknown. */
  readonly dueAt: Date | null;
}

/** The case's facts as the schedule keeps them: instants (ISO) of its closing and its last health note. */
export interface CaseRetentionFacts {
  readonly caseClosedAt: string | null;
  readonly lastHealthNoteAt: string | null;
  /** YYYY-MM-DD; null when it is unknown (erased, or not readable). */
  readonly birthDate: string | null;
}

/**
 * The end of treatment that `last_treatment` counts from: the last health note of a closed case, or its
 * closing when it has none. A case still open has no end of treatment yet (its treatment goes on, and
 * an erased category could not be recorded again), so nothing counted from it is due while it is open
 * (decisions.md, "Retention scheduler").
 */
export const treatmentEnd = (facts: Pick<CaseRetentionFacts, 'caseClosedAt' | 'lastHealthNoteAt'>): string | null =>
  facts.caseClosedAt === null ? null : (facts.lastHealthNoteAt ?? facts.caseClosedAt);

const dueFacts = (facts: CaseRetentionFacts): RetentionFacts => ({
  caseClosedAt: facts.caseClosedAt,
  lastTreatmentAt: treatmentEnd(facts),
  birthDate: facts.birthDate,
});

/** The classes of the lead agency's legal domain, each with its start and due date for this case. */
export const scheduleFor = (
  table: RetentionTable,
  leadAgencyType: AgencyType,
  facts: CaseRetentionFacts,
): ScheduleEntry[] => {
  const domain = table.domainOf[leadAgencyType];
  const given = dueFacts(facts);
  return table.classes
    .filter((c) => c.domain === domain)
    .map((c) => {
      const start =
        c.startsAt === 'case_closed'
          ? given.caseClosedAt
          : c.startsAt === 'last_treatment'
            ? given.lastTreatmentAt
            : null;
      return {
        classId: c.id,
        domain,
        action: c.atTheEnd,
        startsAt: c.startsAt,
        startedOn: start ? start.slice(0, 10) : null,
        dueAt: dueAt(c, given),
      };
    });
};

/**
 * How long the archive has to answer an offer before the file is erased: four months, as § 5 Abs. 5
 * BArchG gives the Federal Archives to decide whether records are of lasting value.
 */
export const ARCHIVE_ANSWER_PERIOD = parsePeriod('P4M');

/** The start of the day after the four months from the offer have ended (§§ 187 Abs. 1, 188 Abs. 2 BGB). */
export const archiveAnswerDueAt = (offeredAt: Date): Date => {
  const period: RetentionClass = {
    id: 'archive-answer',
    domain: 'general',
    categories: [],
    period: ARCHIVE_ANSWER_PERIOD,
    startsAt: 'case_closed',
    atTheEnd: 'erase_subject_key',
    legalSource: '§ 5 Abs. 5 BArchG',
  };
  return dueAt(period, { caseClosedAt: offeredAt.toISOString() }) as Date;
};

/** What the case's own state says, as far as the end of retention needs it (from its event stream). */
export interface CaseRetentionState {
  readonly held: boolean;
  readonly erased: boolean;
  /** The categories processing is restricted for now (all of them for a whole-case restriction). */
  readonly restrictedCategories: readonly DataCategory[];
  /** The categories whose keys were destroyed already (keys per data category). */
  readonly erasedCategories: readonly DataCategory[];
  readonly archiveOffer: { readonly answerDueAt: string; readonly answered: boolean } | null;
}

/** What the scheduler does for one due schedule row; `skip` says why it does nothing. */
export type RetentionStep =
  | { readonly kind: 'skip'; readonly why: 'held' | 'done' | 'awaiting_archive' | 'restricted_otherwise' }
  | { readonly kind: 'offer_to_archive'; readonly answerDueAt: Date }
  | { readonly kind: 'erase_subject_key' }
  | { readonly kind: 'erase_category_key'; readonly categories: readonly DataCategory[] }
  | { readonly kind: 'restrict'; readonly categories: readonly DataCategory[] };

/**
 * The one step due for a class whose period has ended, decided on the case's state as its events tell
 * it, not on the read model: a held case is never acted on, and what is done already is not done again
 * (a run that broke off after acting finds the step done and skips it).
 */
export const retentionStep = (retention: RetentionClass, state: CaseRetentionState, now: Date): RetentionStep => {
  if (state.held) return { kind: 'skip', why: 'held' };
  if (state.erased) return { kind: 'skip', why: 'done' };
  switch (retention.atTheEnd) {
    case 'erase_subject_key':
      return { kind: 'erase_subject_key' };
    case 'erase_category_key': {
      const left = retention.categories.filter((c) => !state.erasedCategories.includes(c));
      return left.length === 0 ? { kind: 'skip', why: 'done' } : { kind: 'erase_category_key', categories: left };
    }
    case 'restrict': {
      const missing = retention.categories.filter((c) => !state.restrictedCategories.includes(c));
      if (missing.length === 0) return { kind: 'skip', why: 'done' };
      // Another restriction is in force (one at a time): the DPO decides; the row stays due.
      if (state.restrictedCategories.length > 0) return { kind: 'skip', why: 'restricted_otherwise' };
      return { kind: 'restrict', categories: retention.categories };
    }
    case 'offer_to_archive': {
      const offer = state.archiveOffer;
      if (!offer) return { kind: 'offer_to_archive', answerDueAt: archiveAnswerDueAt(now) };
      if (offer.answered || Date.parse(offer.answerDueAt) <= now.getTime()) return { kind: 'erase_subject_key' };
      return { kind: 'skip', why: 'awaiting_archive' };
    }
  }
};
