import {
  AGENCY_TYPES,
  type AgencyType,
  DATA_CATEGORIES,
  type DataCategory,
  markdownList,
  markdownTable,
} from '@fallverbund/kernel';

const SOURCE = 'docs/retention.md';

/** The statute a case file follows, by its lead agency's type (docs/retention.md, table 1). */
export const RETENTION_DOMAINS = ['sgb_ii', 'sgb_viii', 'health', 'rehab', 'general'] as const;
export type RetentionDomain = (typeof RETENTION_DOMAINS)[number];

/** The event a retention period is counted from. */
export const START_EVENTS = ['case_closed', 'last_treatment', 'birth_date'] as const;
export type StartEvent = (typeof START_EVENTS)[number];

/** What happens when a period ends. */
export const END_ACTIONS = ['erase_subject_key', 'erase_category_key', 'restrict', 'offer_to_archive'] as const;
export type EndAction = (typeof END_ACTIONS)[number];

/** A calendar period of an ISO-8601 duration (`P10Y`, `P6M`, `P0D`); weeks and times are not used. */
export interface Period {
  readonly iso: string;
  readonly years: number;
  readonly months: number;
  readonly days: number;
}

/** One row of the retention table: the rule for some categories in one legal domain. */
export interface RetentionClass {
  readonly id: string;
  readonly domain: RetentionDomain;
  readonly categories: readonly DataCategory[];
  readonly period: Period;
  readonly startsAt: StartEvent;
  readonly atTheEnd: EndAction;
  readonly legalSource: string;
}

/** docs/retention.md as data. */
export interface RetentionTable {
  readonly version: string;
  readonly domainOf: Readonly<Record<AgencyType, RetentionDomain>>;
  readonly classes: readonly RetentionClass[];
}

const PERIOD = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/;

/** Parses the calendar part of an ISO-8601 duration; throws on anything else (weeks, times, an empty `P`). */
export const parsePeriod = (iso: string): Period => {
  const match = PERIOD.exec(iso);
  if (!match || iso === 'P') throw new Error(`${SOURCE}: "${iso}" is no ISO-8601 period of years, months and days`);
  const [, y, m, d] = match;
  return { iso, years: Number(y ?? 0), months: Number(m ?? 0), days: Number(d ?? 0) };
};

const one = <T extends string>(cell: string | undefined, allowed: readonly T[], what: string): T => {
  const values = markdownList(cell ?? '', allowed, what, SOURCE);
  if (values.length !== 1 || values[0] === undefined) throw new Error(`${SOURCE}: "${cell}" is not one ${what}`);
  return values[0];
};

/**
 * Reads the retention table from the text of docs/retention.md and checks it: every agency type has
 * a legal domain, and in every legal domain every data category has exactly one retention class.
 */
export const parseRetentionTable = (markdown: string): RetentionTable => {
  const version = /^Retention table version: `([^`]+)`/m.exec(markdown)?.[1];
  if (!version) throw new Error(`${SOURCE} names no retention table version`);
  const domainOf = Object.fromEntries(
    markdownTable(markdown, 'Legal domains of agency types', SOURCE).map(([type, domain]) => [
      one(type, AGENCY_TYPES, 'agency type'),
      one(domain, RETENTION_DOMAINS, 'legal domain'),
    ]),
  ) as Record<AgencyType, RetentionDomain>;
  const classes = markdownTable(markdown, 'Retention classes', SOURCE).map(
    ([id, domain, categories, period, startsAt, atTheEnd, legalSource]): RetentionClass => ({
      id: id ?? '',
      domain: one(domain, RETENTION_DOMAINS, 'legal domain'),
      categories: markdownList(categories ?? '', DATA_CATEGORIES, 'data category', SOURCE),
      period: parsePeriod(period ?? ''),
      startsAt: one(startsAt, START_EVENTS, 'start event'),
      atTheEnd: one(atTheEnd, END_ACTIONS, 'end action'),
      legalSource: legalSource ?? '',
    }),
  );
  const table: RetentionTable = { version, domainOf, classes };
  const problems = retentionGaps(table);
  if (problems.length > 0) throw new Error(`${SOURCE}: ${problems.join('; ')}`);
  return table;
};

/** What is missing or doubled in a retention table, in words; empty when it is complete. */
export const retentionGaps = (table: RetentionTable): string[] => {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const c of table.classes) {
    if (!/^[a-z0-9-]+$/.test(c.id) || ids.has(c.id)) problems.push(`class id "${c.id}" is empty, malformed or doubled`);
    ids.add(c.id);
    if (c.legalSource.trim() === '' || c.legalSource === '–') problems.push(`class ${c.id} names no legal source`);
  }
  for (const type of AGENCY_TYPES) if (!table.domainOf[type]) problems.push(`agency type ${type} has no legal domain`);
  for (const domain of RETENTION_DOMAINS) {
    for (const category of DATA_CATEGORIES) {
      const n = table.classes.filter((c) => c.domain === domain && c.categories.includes(category)).length;
      if (n !== 1) problems.push(`${category} in ${domain} has ${n} retention classes`);
    }
  }
  return problems;
};

/** The retention class of one category in a case led by an agency of this type. */
export const retentionClassFor = (
  table: RetentionTable,
  leadAgencyType: AgencyType,
  category: DataCategory,
): RetentionClass => {
  const domain = table.domainOf[leadAgencyType];
  const found = table.classes.find((c) => c.domain === domain && c.categories.includes(category));
  if (!found) throw new Error(`${SOURCE}: no retention class for ${category} in ${domain}`);
  return found;
};
