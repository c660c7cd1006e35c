import type { TFunction } from 'i18next';

/** A goal or step of an erased data category (issue 17), said with its category in words. */
export function erasedItemInWords(category: string, t: TFunction): string {
  return t('plan.itemErased', { category: t(`category.${category}`) });
}

/** The API's word for the participant as the one responsible for a step (PlanStep.responsible). */
export const PARTICIPANT = 'participant';

/**
 * Who is responsible for a step, as the page says it: the participant in words ("die teilnehmende Person"),
 * anyone else (a role, an agency, a name) as the team wrote it.
 */
export function responsibleInWords(responsible: string, t: TFunction): string {
  return responsible === PARTICIPANT ? t('plan.responsibleParticipant') : responsible;
}

/** What the draft form's field holds back as the API's value: the participant's words mean the participant. */
export function responsibleFromWords(typed: string, t: TFunction): string {
  return typed.trim() === t('plan.responsibleParticipant') ? PARTICIPANT : typed;
}
