import { identityTerms, nameWords, normaliseName, searchTerms } from './name-terms';
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

  it('holds every name word, its prefixes from three letters, and the birth date', () =>
    expect(terms.sort()).toEqual(
      ['name:li', 'name:mue', 'name:muel', 'name:muell', 'name:muelle', 'name:mueller', 'birth:1990-04-01'].sort(),
    ));

  it('has no prefix shorter than three letters', () => expect(terms).not.toContain('name:mu'));
});

describe('searchTerms', () => {
  it('asks for every word of the query and the birth date', () =>
    expect(searchTerms({ q: 'MÜLL anna', birthDate: '1990-04-01' })).toEqual([
      'name:muell',
      'name:anna',
      'birth:1990-04-01',
    ]));

  it('matches what the index holds for the same name however it is written', () => {
    const held = new Set(identityTerms({ givenName: 'Anna', familyName: 'Müller', birthDate: '1990-04-01' }));
    for (const q of ['Mueller', 'MÜLLER anna', 'müll', 'Anna Mue'])
      expect(searchTerms({ q }).every((t) => held.has(t))).toBe(true);
    for (const q of ['Muller', 'mu', 'Anna Schmidt']) expect(searchTerms({ q }).every((t) => held.has(t))).toBe(false);
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
