/** The caseload ratios the model projects work at (Betreuungsschlüssel 1:12 to 1:35). */
export const CASELOAD_RATIO_RANGE = { min: 12, max: 35 } as const;

/** Used when CASELOAD_TARGET is not set: 1:25, inside the projects' range. */
export const DEFAULT_CASELOAD_TARGET = 25;

const outOfRange = (name: string, value: string): Error => {
  const { min, max } = CASELOAD_RATIO_RANGE;
  return new Error(
    `${name} must be a whole number of cases per coach from ${min} to ${max} (1:${min} to 1:${max}), not ${value}`,
  );
};

/** The target must be a whole number of cases per coach within the projected range. */
export const assertCaseloadTarget = (target: number): number => {
  if (!Number.isInteger(target) || target < CASELOAD_RATIO_RANGE.min || target > CASELOAD_RATIO_RANGE.max)
    throw outOfRange('The caseload target', String(target));
  return target;
};

/** CASELOAD_TARGET=25 means one coach for 25 cases; the app does not start with a value outside 12..35. */
export const caseloadTargetFromEnv = (env: NodeJS.ProcessEnv = process.env): number => {
  const raw = env['CASELOAD_TARGET']?.trim();
  if (raw === undefined || raw === '') return DEFAULT_CASELOAD_TARGET;
  const target = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (target < CASELOAD_RATIO_RANGE.min || target > CASELOAD_RATIO_RANGE.max || Number.isNaN(target))
    throw outOfRange('CASELOAD_TARGET', JSON.stringify(raw));
  return target;
};
