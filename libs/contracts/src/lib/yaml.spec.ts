import { toYaml } from './yaml';

describe('toYaml', () => {
  it('writes nested objects, arrays and scalars, quoting what YAML would read otherwise', () => {
    expect(
      toYaml({
        asyncapi: '3.0.0',
        plain: 'a plain text, fine',
        ref: '#/components/x',
        colon: 'a: b',
        apostrophe: "#it's",
        yes: 'yes',
        number: 3,
        flag: false,
        none: null,
        empty: {},
        list: ['a', { b: 1, c: [1, 2] }, []],
        'content-type': 'application/json',
        text: 'line one\n\nline two',
      }),
    ).toBe(
      [
        "asyncapi: '3.0.0'",
        'plain: a plain text, fine',
        "ref: '#/components/x'",
        "colon: 'a: b'",
        'apostrophe: "#it\'s"',
        "'yes': 'yes'",
        'number: 3',
        'flag: false',
        'none: null',
        'empty: {}',
        'list:',
        '  - a',
        '  - b: 1',
        '    c:',
        '      - 1',
        '      - 2',
        '  - []',
        'content-type: application/json',
        'text: |-',
        '  line one',
        '',
        '  line two',
        '',
      ].join('\n'),
    );
  });
});
