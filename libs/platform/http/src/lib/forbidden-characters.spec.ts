import { forbiddenCharacterFields, forbiddenCharacterIn } from './forbidden-characters';
import { ForbiddenCharacterError } from './request.errors';
import { createValidationPipe } from './validation.pipe';

describe('forbiddenCharacterIn', () => {
  it.each([
    ['NUL', 'Ma\u0000ra', 'control'],
    ['a bell', '\u0007', 'control'],
    ['an escape', 'rot\u001b[31m', 'control'],
    ['a vertical tab', 'a\u000bb', 'control'],
    ['DEL', 'a\u007f', 'control'],
    ['a C1 control (NEL)', 'a\u0085b', 'control'],
    ['a lone high surrogate', 'Mara\ud800', 'unpaired_surrogate'],
    ['a lone low surrogate', '\udc00Mara', 'unpaired_surrogate'],
    ['two high surrogates', '\ud83d\ud83d', 'unpaired_surrogate'],
    ['swapped surrogates', '\ude00\ud83d', 'unpaired_surrogate'],
    ['RIGHT-TO-LEFT OVERRIDE', 'gpj.\u202eexe', 'bidi_control'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202a', 'bidi_control'],
    ['POP DIRECTIONAL FORMATTING', '\u202c', 'bidi_control'],
    ['a LEFT-TO-RIGHT ISOLATE', '\u2066x\u2069', 'bidi_control'],
    ['FIRST STRONG ISOLATE', '\u2068', 'bidi_control'],
    ['a LEFT-TO-RIGHT MARK', 'a\u200e', 'bidi_control'],
    ['a RIGHT-TO-LEFT MARK', '\u200fa', 'bidi_control'],
    ['an ARABIC LETTER MARK', '\u061c', 'bidi_control'],
  ])('refuses %s', (_name, text, kind) => {
    expect(forbiddenCharacterIn(text)).toBe(kind);
  });

  it.each([
    ['German letters', 'Jürgen Öztürk-Straße, Äpfel'],
    ['tab, line feed and carriage return', 'Ziel 1:\tWohnung\r\nZiel 2:\nArbeit'],
    ['emoji, with surrogate pairs and joiners', 'Familie 👨‍👩‍👧 😀'],
    ['a pair at the very end', 'x😀'],
    ['Arabic letters', 'مريم الحسن'],
    ['Hebrew letters', 'שרה כהן'],
    ['no-break space and the euro sign', '100\u00a0€'],
    ['the empty string', ''],
  ])('lets %s pass', (_name, text) => {
    expect(forbiddenCharacterIn(text)).toBeUndefined();
  });
});

describe('forbiddenCharacterFields', () => {
  it('names every bad text at any depth with a dotted path, never its value', () => {
    const fields = forbiddenCharacterFields({
      participant: { givenName: 'Ma\u0000ra', familyName: 'Beispiel' },
      goals: [{ text: 'gut' }, { text: 'Alkohol\u202e' }],
      tags: ['a', '\ud800'],
      count: 3,
      nothing: null,
    });
    expect(fields).toEqual([
      { field: 'participant.givenName', messages: [expect.stringMatching(/control character/)] },
      { field: 'goals.1.text', messages: ['contains a bidirectional control character'] },
      { field: 'tags.1', messages: ['contains an unpaired UTF-16 surrogate'] },
    ]);
    expect(JSON.stringify(fields)).not.toMatch(/Ma.ra|Alkohol|Beispiel/);
  });

  it('reports a bad property name on the object that holds it', () => {
    expect(forbiddenCharacterFields({ participant: { 'given\u202eName': 'x' } })).toEqual([
      { field: 'participant', messages: ['a property name contains a bidirectional control character'] },
    ]);
    expect(forbiddenCharacterFields({ '\u0000': 1 })).toEqual([
      { field: '(body)', messages: [expect.stringMatching(/^a property name/)] },
    ]);
  });

  it('names a path or query parameter by the name it was read under', () => {
    expect(forbiddenCharacterFields('abc\u0000', 'caseId')).toEqual([
      { field: 'caseId', messages: [expect.any(String)] },
    ]);
    expect(forbiddenCharacterFields({ area: 'Nord\u202e' })).toEqual([
      { field: 'area', messages: [expect.any(String)] },
    ]);
  });

  it('finds nothing in clean values, and survives nesting no recursion could', () => {
    expect(forbiddenCharacterFields({ a: ['Grüße 😀', { b: 'שלום\nمرحبا' }], n: 1, t: true })).toEqual([]);
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(forbiddenCharacterFields(deep)).toHaveLength(1);
  });

  it('reports at most 20 fields', () => {
    expect(forbiddenCharacterFields(Array.from({ length: 50 }, () => '\u0000'))).toHaveLength(20);
  });
});

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();

  it('refuses a forbidden character in the body, query and path before validating', async () => {
    for (const type of ['body', 'query', 'param'] as const) {
      const error: unknown = await pipe.transform({ note: 'a\u202eb' }, { type }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenCharacterError);
      expect(error).toMatchObject({ status: 400, code: 'REQUEST.FORBIDDEN_CHARACTER' });
      expect((error as ForbiddenCharacterError).errors.map((e) => e.field)).toEqual(['note']);
      expect((error as Error).message).not.toContain('a\u202eb');
    }
    await expect(pipe.transform('x\ud800', { type: 'param', data: 'id' })).rejects.toMatchObject({
      errors: [{ field: 'id' }],
    });
  });

  it('leaves what a custom decorator produced alone, and clean values through', async () => {
    await expect(pipe.transform({ from: 'server\u0000' }, { type: 'custom' })).resolves.toEqual({
      from: 'server\u0000',
    });
    await expect(pipe.transform('Grüße 😀', { type: 'param', data: 'id' })).resolves.toBe('Grüße 😀');
  });
});
