import { ERASED } from '@fallverbund/kernel';
import { open, seal, type Sealed } from './subject-keys';

/**
 * How the personal fields of an event are stored: their names in clear, their values sealed.
 *
 * Version 1 (before issue 17, and still written for specs without `categoryOf`): one part under the data
 * subject's own key. Version 2 (keys per data category, issue 17): one sealed part per data category,
 * each under the key `subject#category`, so that erasing one category's key erases those values in
 * every copy of the log and leaves the others readable. An array whose items have categories of their
 * own (plan goals and steps, conference decisions) is split per item; the indexes are kept in clear.
 */
export interface SubjectEnvelope extends Sealed {
  readonly v?: undefined;
  readonly subject: string;
  readonly fields: readonly string[];
}

export interface CategoryPart extends Sealed {
  readonly category: string;
  /** The fields sealed whole in this part. */
  readonly fields: readonly string[];
  /** The items of split arrays sealed in this part: field → item indexes. */
  readonly items: Readonly<Record<string, readonly number[]>>;
}

export interface CategoryEnvelope {
  readonly v: 2;
  readonly subject: string;
  /** Every personal field of the event, whole or split. */
  readonly fields: readonly string[];
  /** The length of each array split per item. */
  readonly lengths: Readonly<Record<string, number>>;
  readonly parts: readonly CategoryPart[];
}

export type PersonalEnvelope = SubjectEnvelope | CategoryEnvelope;

/** The key id of a subject's data category in the subject key store. */
export const categoryKeyId = (subject: string, category: string): string => `${subject}#${category}`;

/** The subject a key id belongs to (itself for a subject key). */
export const subjectOfKeyId = (keyId: string): string => {
  const at = keyId.indexOf('#');
  return at < 0 ? keyId : keyId.slice(0, at);
};

/** The key ids an envelope's parts are sealed under. */
export const envelopeKeyIds = (envelope: PersonalEnvelope): string[] =>
  envelope.v === 2 ? envelope.parts.map((part) => categoryKeyId(envelope.subject, part.category)) : [envelope.subject];

/** The categories of an envelope's parts (none for a version-1 envelope). */
export const envelopeCategories = (envelope: PersonalEnvelope): string[] =>
  envelope.v === 2 ? envelope.parts.map((part) => part.category) : [];

type Data = Record<string, unknown>;
export type CategoryOf = (data: Data, field: string) => string | readonly string[];

interface PartPlan {
  fields: string[];
  items: Record<string, number[]>;
}

/** Which fields and items go into which category's part. */
export const planParts = (
  data: Data,
  fields: readonly string[],
  categoryOf: CategoryOf,
): { parts: Map<string, PartPlan>; lengths: Record<string, number> } => {
  const parts = new Map<string, PartPlan>();
  const lengths: Record<string, number> = {};
  const partOf = (category: string): PartPlan => {
    let part = parts.get(category);
    if (!part) parts.set(category, (part = { fields: [], items: {} }));
    return part;
  };
  for (const field of fields) {
    const category = categoryOf(data, field);
    const value = data[field];
    if (typeof category === 'string') {
      partOf(category).fields.push(field);
      continue;
    }
    if (!Array.isArray(value) || value.length !== category.length)
      throw new Error(`personal field ${field}: one category per item needs an array of the same length`);
    lengths[field] = value.length;
    category.forEach((itemCategory, index) => (partOf(itemCategory).items[field] ??= []).push(index));
  }
  return { parts, lengths };
};

/** Seals `fields` of `data` into a version-2 envelope; `keys` holds the key of every category of `plan`. */
export const sealByCategory = (
  subject: string,
  data: Data,
  fields: readonly string[],
  plan: ReturnType<typeof planParts>,
  keys: ReadonlyMap<string, Buffer>,
): CategoryEnvelope => {
  const parts = [...plan.parts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, part]): CategoryPart => {
      const key = keys.get(category);
      if (!key) throw new Error(`no key for category ${category}`);
      const plaintext = {
        f: Object.fromEntries(part.fields.map((field) => [field, data[field]])),
        i: Object.fromEntries(
          Object.entries(part.items).map(([field, indexes]) => [
            field,
            indexes.map((index) => (data[field] as unknown[])[index]),
          ]),
        ),
      };
      return {
        category,
        fields: part.fields,
        items: part.items,
        ...seal(key, Buffer.from(JSON.stringify(plaintext))),
      };
    });
  return { v: 2, subject, fields: [...fields], lengths: plan.lengths, parts };
};

/**
 * The personal fields of an envelope, with `keys` by key id (see `envelopeKeyIds`). A part whose key is
 * gone reads as erased in place: a whole field becomes `ERASED`, an array item becomes an `ERASED` item.
 * `null` when nothing could be opened (the subject erased, or every category of the envelope).
 */
export const openEnvelope = (envelope: PersonalEnvelope, keys: ReadonlyMap<string, Buffer>): Data | null => {
  if (envelope.v !== 2) {
    const key = keys.get(envelope.subject);
    return key ? (JSON.parse(open(key, envelope).toString()) as Data) : null;
  }
  const result: Data = {};
  for (const [field, length] of Object.entries(envelope.lengths)) result[field] = Array.from({ length }, () => ERASED);
  let opened = 0;
  for (const part of envelope.parts) {
    const key = keys.get(categoryKeyId(envelope.subject, part.category));
    if (!key) {
      for (const field of part.fields) result[field] = ERASED;
      continue;
    }
    opened += 1;
    const plaintext = JSON.parse(open(key, part).toString()) as { f: Data; i: Record<string, unknown[]> };
    Object.assign(result, plaintext.f);
    for (const [field, indexes] of Object.entries(part.items)) {
      const values = plaintext.i[field] ?? [];
      const items = result[field] as unknown[];
      indexes.forEach((index, n) => (items[index] = values[n]));
    }
  }
  return envelope.parts.length > 0 && opened === 0 ? null : result;
};

/** Every field of the envelope as erased (what a read shows once nothing of it can be opened). */
export const erasedFields = (envelope: PersonalEnvelope): Data =>
  Object.fromEntries(envelope.fields.map((field) => [field, ERASED]));
