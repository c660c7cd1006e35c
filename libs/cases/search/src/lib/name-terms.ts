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
/** Two words of one name together, in one order whichever comes first. */
const pairTerm = (a: string, b: string): string => (a < b ? `pair:${a} ${b}` : `pair:${b} ${a}`);

/** What a query word may be of a name word: its prefixes from PREFIX_FROM letters, and the word itself. */
const wordForms = (word: string): string[] => {
  const letters = Array.from(word);
  const forms: string[] = [];
  for (let length = PREFIX_FROM; length < letters.length; length += 1) forms.push(letters.slice(0, length).join(''));
  forms.push(word);
  return forms;
};

/**
 * The terms a case is found by: every word of the given and family names, each word's prefixes from
 * PREFIX_FROM letters, and the birth date. Given and family names share one vocabulary, so
 * "Anna Müller" and "Müller Anna" find the same case. And for every two words of the name, every
 * form of the one with every form of the other (`pair:`): a search for two words then looks for one
 * term that few cases hold, instead of two that many hold each (a name of two words of 4 and 7 letters
 * has 2 × 5 = 10 pair terms).
 */
export const identityTerms = (identity: SearchableIdentity): string[] => {
  const forms = nameWords(`${identity.givenName} ${identity.familyName}`).map(wordForms);
  const terms = new Set<string>(forms.flat().map(nameTerm));
  forms.forEach((these, i) =>
    forms.slice(i + 1).forEach((those) => {
      for (const a of these) for (const b of those) if (a !== b) terms.add(pairTerm(a, b));
    }),
  );
  terms.add(birthTerm(identity.birthDate));
  return [...terms];
};

export interface SearchInput {
  readonly q?: string | undefined;
  readonly birthDate?: string | undefined;
}

/** The terms of one search, by the part each plays in the query (case.query-handlers.ts). */
export interface SearchTerms {
  /** Two of the query's words as one term (the two longest), or null for fewer than two words. */
  readonly pair: string | null;
  /** The other words' terms. */
  readonly words: readonly string[];
  readonly birthDate: string | null;
}

/**
 * The terms a search asks for; a case matches when it has every one. A query word is a whole word or
 * the start of one (from PREFIX_FROM letters); a shorter word matches only a name word that short
 * ("Li" finds Li, not Lisa). A word that starts another word of the query adds nothing ("Ann Anna"
 * asks what "Anna" asks) and is left out, so two words left stand for two words of the name and
 * their pair term holds exactly when both word terms do.
 */
export const searchTerms = ({ q, birthDate }: SearchInput): SearchTerms => {
  const asked = q === undefined ? [] : nameWords(q);
  const words = asked.filter(
    (word) => Array.from(word).length < PREFIX_FROM || !asked.some((other) => other !== word && other.startsWith(word)),
  );
  const longest = [...words].sort((a, b) => b.length - a.length).slice(0, 2);
  const [first, second] = longest;
  const paired = first !== undefined && second !== undefined;
  return {
    pair: paired ? pairTerm(first, second) : null,
    words: words.filter((word) => !paired || !longest.includes(word)).map(nameTerm),
    birthDate: birthDate === undefined ? null : birthTerm(birthDate),
  };
};

/** Every term of a search: a case matches when it holds them all. */
export const allSearchTerms = ({ pair, words, birthDate }: SearchTerms): string[] => [
  ...(pair === null ? [] : [pair]),
  ...words,
  ...(birthDate === null ? [] : [birthDate]),
];
