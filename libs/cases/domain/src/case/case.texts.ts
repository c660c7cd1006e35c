import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';

/**
 * Categorised free text (issue 11). Every free text of the plan, a conference or a contact carries the
 * data category its author chose, by default the category of its section: "Alkoholkonsum reduzieren"
 * in a plan goal is `addiction` data, not merely `plan`. The category is kept in clear beside the
 * sealed text, so a read can withhold the text from a reader who may not read that category without
 * opening it. Events written before categories existed carry none: they read as the section's category.
 */

/** The category the author chose, the section's when none was given, or null when it is no data category. */
export const chosenTextCategory = (value: string | null | undefined, section: DataCategory): DataCategory | null =>
  value === undefined || value === null ? section : (DATA_CATEGORIES.find((c) => c === value) ?? null);

/** The text categories a write asks to record, as given (unknown names are left to the decider to refuse). */
export const requestedTextCategories = (values: readonly (string | null | undefined)[]): DataCategory[] => [
  ...new Set(values.flatMap((v) => DATA_CATEGORIES.filter((c) => c === v))),
];
