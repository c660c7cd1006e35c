import { readFileSync } from 'node:fs';
import { type PartnerSubscriber } from '@fallverbund/access-policy';
import { isDataCategory, isPurpose, type Purpose } from '@fallverbund/kernel';

/** The embedded profile's one subscriber: the youth office's case-file system (demo directory). */
export const EMBEDDED_SUBSCRIBERS: readonly PartnerSubscriber[] = Object.freeze([
  {
    id: 'jugendamt-mitte-fallakte',
    agencyId: 'jugendamt-mitte',
    purposes: ['youth_support', 'coordination'],
    categories: ['case_admin', 'contacts', 'plan', 'referrals', 'progress'],
  },
]);

/** A subscriber id becomes a topic name (`partners.<id>.v1`). */
const SUBSCRIBER_ID = /^[a-z0-9][a-z0-9_-]{0,99}$/;
/** No system receives case data for these: evaluation gets anonymised records, audit reads the audit log. */
const NOT_FOR_SUBSCRIBERS: readonly Purpose[] = ['evaluation', 'audit'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a parsed subscriber file and returns its subscribers. The file is an object
 * `{ "subscribers": [{ "id", "agencyId", "purposes": [...], "categories": [...] }] }`, or the bare list
 * `[{ "id", … }]` read the same way (docs/operations.md). Throws an Error naming the first bad entry.
 */
export function parseSubscribers(input: unknown, source = 'subscriber registry'): PartnerSubscriber[] {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  const list: unknown = Array.isArray(input) ? input : isRecord(input) ? input['subscribers'] : undefined;
  if (!Array.isArray(list)) {
    return fail('expected a list of subscribers, or an object with a "subscribers" list');
  }
  const seen = new Set<string>();
  return list.map((entry: unknown, index): PartnerSubscriber => {
    const at = `subscribers[${index}]`;
    if (!isRecord(entry)) return fail(`${at} must be an object`);
    const { id, agencyId, purposes, categories } = entry;
    if (typeof id !== 'string' || !SUBSCRIBER_ID.test(id)) {
      return fail(`${at}.id must be lower-case letters, digits, - or _ (it names the topic partners.<id>.v1)`);
    }
    if (seen.has(id)) return fail(`${at}.id ${id} is registered twice`);
    seen.add(id);
    if (typeof agencyId !== 'string' || agencyId.trim() === '')
      return fail(`${at}.agencyId must be a non-empty string`);
    if (!Array.isArray(purposes) || purposes.length === 0 || !purposes.every(isPurpose)) {
      return fail(`${at}.purposes must be a non-empty list of purposes`);
    }
    const refused = purposes.filter((p) => NOT_FOR_SUBSCRIBERS.includes(p));
    if (refused.length > 0) return fail(`${at}.purposes: no subscriber receives case events for ${refused.join(', ')}`);
    if (!Array.isArray(categories) || categories.length === 0 || !categories.every(isDataCategory)) {
      return fail(`${at}.categories must be a non-empty list of data categories`);
    }
    return {
      id,
      agencyId,
      purposes: [...new Set(purposes)],
      categories: [...new Set(categories)],
    };
  });
}

export function loadSubscribers(path: string): PartnerSubscriber[] {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`SUBSCRIBERS_FILE ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseSubscribers(input, `SUBSCRIBERS_FILE ${path}`);
}
