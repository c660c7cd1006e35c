import { markdownList, markdownTable } from './markdown-table';

const DOC = `# Doc

## First

Some prose.

| a   | b    |
| --- | ---- |
| 1   | x, y |
| 2   | –    |

after

## Second

| c |
| - |
| 3 |
`;

describe('markdownTable', () => {
  it('reads the rows of the first table under a heading, without header and separator', () => {
    expect(markdownTable(DOC, 'First', 'doc.md')).toEqual([
      ['1', 'x, y'],
      ['2', '–'],
    ]);
    expect(markdownTable(DOC, 'Second', 'doc.md')).toEqual([['3']]);
  });

  it('names the document when a section or its table is missing', () => {
    expect(() => markdownTable(DOC, 'Third', 'doc.md')).toThrow('doc.md has no section "Third"');
    expect(() => markdownTable('## Empty\n\nno table', 'Empty', 'doc.md')).toThrow('has no table');
  });
});

describe('markdownList', () => {
  it('reads a closed vocabulary, – as empty, and refuses anything else', () => {
    expect(markdownList('x, y', ['x', 'y'] as const, 'letter', 'doc.md')).toEqual(['x', 'y']);
    expect(markdownList('–', ['x'] as const, 'letter', 'doc.md')).toEqual([]);
    expect(() => markdownList('x, z', ['x', 'y'] as const, 'letter', 'doc.md')).toThrow('doc.md: "z" is not a letter');
  });
});
