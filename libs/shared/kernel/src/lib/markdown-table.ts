/**
 * The rows of the first pipe table under `## heading` in a markdown document, without its header
 * and separator rows; each row's cells trimmed. The policy and retention tables in docs/ are read as
 * data this way (the access-matrix test, the retention library). `source` names the document in errors.
 */
export const markdownTable = (markdown: string, heading: string, source: string): string[][] => {
  const start = markdown.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`${source} has no section "${heading}"`);
  const lines = markdown.slice(start).split('\n').slice(1);
  const first = lines.findIndex((l) => l.startsWith('|'));
  if (first < 0) throw new Error(`${source}: section "${heading}" has no table`);
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2); // header and separator
};

/**
 * A comma-separated cell of a markdown table as values of a closed vocabulary; `–` is the empty list.
 * Throws, naming `source` and `what`, on a value outside `allowed`.
 */
export const markdownList = <T extends string>(
  cell: string,
  allowed: readonly T[],
  what: string,
  source: string,
): T[] => {
  if (cell === '–') return [];
  return cell.split(',').map((item) => {
    const value = item.trim();
    if (!allowed.includes(value as T)) throw new Error(`${source}: "${value}" is not a ${what}`);
    return value as T;
  });
};
