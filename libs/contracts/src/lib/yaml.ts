/**
 * A small YAML writer for plain data (objects, arrays, strings, numbers, booleans, null), enough to
 * write the AsyncAPI document. Strings that could be read as anything but a string are quoted (single
 * quotes, or JSON strings, which are valid YAML double-quoted scalars); multi-line strings are `|-`
 * blocks. The output is what prettier would write, so `prettier --check` accepts the file.
 */
export const toYaml = (value: unknown): string => `${lines(value, 0).join('\n')}\n`;

const PLAIN = /^[A-Za-z_/][A-Za-z0-9 _./()',;+-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const KEY = /^[A-Za-z0-9_$][A-Za-z0-9_.$-]*$/;

const scalar = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (PLAIN.test(text) && !RESERVED.test(text) && !text.endsWith(' ') && !text.includes(' #')) return text;
  return quote(text);
};

/** Single quotes as the repository's prettier writes them; double (JSON) quotes when that is shorter or needed. */
const quote = (text: string): string =>
  [...text].some((char) => char < ' ' || char === '\u007f') || (text.includes("'") && !text.includes('"'))
    ? JSON.stringify(text)
    : `'${text.replace(/'/g, "''")}'`;

const key = (name: string): string => (KEY.test(name) && !RESERVED.test(name) ? name : quote(name));

const isBlock = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && Object.keys(value).length > 0;

const pad = (depth: number): string => '  '.repeat(depth);

const lines = (value: unknown, depth: number): string[] => {
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown) => {
      if (!isBlock(item)) return [`${pad(depth)}- ${inline(item, depth + 1)}`];
      const [first = '', ...rest] = lines(item, depth + 1);
      return [`${pad(depth)}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isBlock(value)) {
    return Object.entries(value).flatMap(([name, item]: [string, unknown]) =>
      isBlock(item)
        ? [`${pad(depth)}${key(name)}:`, ...lines(item, depth + 1)]
        : [`${pad(depth)}${key(name)}: ${inline(item, depth + 1)}`],
    );
  }
  return [`${pad(depth)}${inline(value, depth)}`];
};

const inline = (value: unknown, depth: number): string => {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  if (typeof value === 'string' && value.includes('\n')) {
    return `|-\n${value
      .split('\n')
      .map((line) => (line ? `${pad(depth)}${line}` : ''))
      .join('\n')}`;
  }
  return scalar(value);
};
