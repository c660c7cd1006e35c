import fc from 'fast-check';
import { allSearchTerms, identityTerms, nameWords, normaliseName, searchTerms } from './name-terms';
import { BlindIndex } from './blind-index';

describe('normaliseName', () => {
  it.each(['Müller', 'Mueller', 'MÜLLER', 'MUELLER', 'Mu\u0308ller'])('spells %s as mueller', (name) =>
    expect(normaliseName(name)).toBe('mueller'),
  );

  it('spells ß and capital ẞ out as ss', () => {
    expect(normaliseName('Groß')).toBe('gross');
    expect(normaliseName('GROẞ')).toBe('gross');
  });

  it('drops other diacritics and folds compatibility forms', () => {
    expect(normaliseName('José Núñez')).toBe('jose nunez');
    expect(normaliseName('Łukasz Øster')).toBe('lukasz oster');
    expect(normaliseName('Şahin Çelik')).toBe('sahin celik');
    expect(normaliseName('ﬁnn')).toBe('finn');
  });

  it('keeps a name without umlaut apart from one with it', () =>
    expect(normaliseName('Muller')).not.toBe(normaliseName('Müller')));
});

describe('nameWords', () => {
  it('splits on spaces and hyphens, joins at apostrophes, and drops repeats', () =>
    expect(nameWords("  Anna-Lena O'Brien  anna ")).toEqual(['anna', 'lena', 'obrien']));

  it('finds no word in punctuation only', () => expect(nameWords(' - . ')).toEqual([]));
});

describe('identityTerms', () => {
  const terms = identityTerms({ givenName: 'Li', familyName: 'Müller', birthDate: '1990-04-01' });

  it('holds every name word, its prefixes from three letters, each form paired with the other word, and the birth date', () =>
    expect(terms.sort()).toEqual(
      [
        'name:li',
        'name:mue',
        'name:muel',
        'name:muell',
        'name:muelle',
        'name:mueller',
        'pair:li mue',
        'pair:li muel',
        'pair:li muell',
        'pair:li muelle',
        'pair:li mueller',
        'birth:1990-04-01',
      ].sort(),
    ));

  it('has no prefix shorter than three letters', () => expect(terms).not.toContain('name:mu'));

  it('pairs only forms of two different words', () =>
    expect(identityTerms({ givenName: 'Anna', familyName: 'Annika', birthDate: '1990-04-01' })).not.toContain(
      'pair:ann ann',
    ));
});

describe('searchTerms', () => {
  it('asks for the two longest words as a pair, every other word, and the birth date', () =>
    expect(searchTerms({ q: 'MÜLL anna li', birthDate: '1990-04-01' })).toEqual({
      pair: 'pair:anna muell',
      words: ['name:li'],
      birthDate: 'birth:1990-04-01',
    }));

  it('leaves out a word that starts another word of the query', () =>
    expect(searchTerms({ q: 'Ann Anna' })).toEqual({ pair: null, words: ['name:anna'], birthDate: null }));

  it('matches what the index holds for the same name however it is written', () => {
    const held = new Set(identityTerms({ givenName: 'Anna', familyName: 'Müller', birthDate: '1990-04-01' }));
    const matches = (q: string) => allSearchTerms(searchTerms({ q })).every((t) => held.has(t));
    for (const q of ['Mueller', 'MÜLLER anna', 'müll', 'Anna Mue', 'ann anna müller']) expect(matches(q)).toBe(true);
    for (const q of ['Muller', 'mu', 'Anna Schmidt', 'an anna']) expect(matches(q)).toBe(false);
  });

  // The rule the index stands for: every query word is a word of the name or, from three letters, the
  // start of one. The pair terms must answer exactly that, for any name and query.
  it('answers as word by word matching would, for any name and query', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'n', 'ä', 'ß'), minLength: 1, maxLength: 6 });
    const words = fc.array(word, { minLength: 1, maxLength: 3 });
    // A query mostly made of the name's own words cut short, sometimes with a word of its own.
    const nameAndQuery = words.chain((held) =>
      fc.tuple(
        fc.constant(held.join(' ')),
        fc
          .array(
            fc.oneof(
              fc.tuple(fc.constantFrom(...held), fc.nat(6)).map(([w, cut]) => w.slice(0, Math.max(1, w.length - cut))),
              word,
            ),
            { minLength: 1, maxLength: 3 },
          )
          .map((asked) => asked.join(' ')),
      ),
    );
    fc.assert(
      fc.property(nameAndQuery, ([given, query]) => {
        const nameWordsHeld = nameWords(given);
        const expected = nameWords(query).every((q) =>
          nameWordsHeld.some((n) => n === q || (Array.from(q).length >= 3 && n.startsWith(q))),
        );
        const held = new Set(identityTerms({ givenName: given, familyName: '', birthDate: '1990-04-01' }));
        expect(allSearchTerms(searchTerms({ q: query })).every((t) => held.has(t))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('BlindIndex', () => {
  const key = Buffer.alloc(32, 7);

  it('gives a term the same token under the same key and another under another key', () => {
    const index = new BlindIndex(key);
    expect(index.token('name:mueller')).toBe(new BlindIndex(Buffer.from(key)).token('name:mueller'));
    expect(index.token('name:mueller')).not.toBe(new BlindIndex(Buffer.alloc(32, 8)).token('name:mueller'));
    expect(index.token('name:mueller')).not.toBe(index.token('name:muller'));
  });

  it('stores 128 bits in base64url and no trace of the term', () => {
    const token = new BlindIndex(key).token('name:mueller');
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(token.toLowerCase()).not.toContain('muel');
  });

  it('refuses a key that is not 32 bytes', () => expect(() => new BlindIndex(Buffer.alloc(16))).toThrow(/32 bytes/));
});
