/**
 * What a name search compares: words of the given and family names, spelled one way, and the birth
 * date. Pure functions; the blind index (blind-index.ts) turns each term into a keyed hash.
 */

/** A query longer than this is refused (400) before it is normalised. */
export const MAX_QUERY_LENGTH = 100;
/** A query with more words than this is refused (400): no name has more, and each word is a join. */
export const MAX_QUERY_WORDS = 6;
/** Words are also indexed by their prefixes from this many letters, so "Müll" finds "Müller". */
export const PREFIX_FROM = 3;

/** Letters spelled out rather than stripped (DIN 5007-2): "Müller" and "Mueller" are one name. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPELLED_OUT_PATTERN = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g');
/** Apostrophes join ("O'Brien" is one word); every other character that is no letter or digit separates. */
const APOSTROPHES = /['’ʼ`´]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * One spelling of a name: lower case, German umlauts and ß spelled out (ä → ae, ß → ss), other
 * diacritics dropped (é → e, ñ → n; Unicode NFKD without combining marks), compatibility forms folded
 * (ﬁ → fi). "Müller", "Mueller" and "MÜLLER" become "mueller"; "Muller" stays "muller".
 */
export const normaliseName = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(SPELLED_OUT_PATTERN, (letter) => SPELLED_OUT[letter] ?? letter)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');

/** The distinct normalised words of a name or a query ("Anna-Lena  Groß" → anna, lena, gross). */
export const nameWords = (text: string): string[] => [
  ...new Set(
    normaliseName(text)
      .split(SEPARATORS)
      .filter((word) => word.length > 0),
  ),
];

export interface SearchableIdentity {
  readonly givenName: string;
  readonly familyName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
}

const nameTerm = (word: string): string => `name:${word}`;
const birthTerm = (date: string): string => `birth:${date}`;

/**
 * The terms a case is found by: every word of the given and family names, each word's prefixes from
 * PREFIX_FROM letters, and the birth date. Given and family names share one vocabulary, so
 * "Anna Müller" and "Müller Anna" find the same case.
 */
export const identityTerms = (identity: SearchableIdentity): string[] => {
  const terms = new Set<string>();
  for (const word of nameWords(`${identity.givenName} ${identity.familyName}`)) {
    const letters = Array.from(word);
    for (let length = PREFIX_FROM; length < letters.length; length += 1)
      terms.add(nameTerm(letters.slice(0, length).join('')));
    terms.add(nameTerm(word));
  }
  terms.add(birthTerm(identity.birthDate));
  return [...terms];
};

export interface SearchInput {
  readonly q?: string | undefined;
  readonly birthDate?: string | undefined;
}

/**
 * The terms a search asks for; a case matches when it has every one. A query word is a whole word or
 * the start of one (from PREFIX_FROM letters); a shorter word matches only a name word that short
 * ("Li" finds Li, not Lisa).
 */
export const searchTerms = ({ q, birthDate }: SearchInput): string[] => [
  ...(q === undefined ? [] : nameWords(q).map(nameTerm)),
  ...(birthDate === undefined ? [] : [birthTerm(birthDate)]),
];
