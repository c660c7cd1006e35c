/**
 * What a person reading an HTML page sees: the text of title and body without markup, style sheets
 * and scripts, entities decoded.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const SNAKE_CASE = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * The codes and ids in a text meant for people: snake_case codes, UUIDs and any of the given user
 * ids. A page in plain language holds none.
 */
export function codesIn(text: string, userIds: readonly string[]): string[] {
  return [...(text.match(SNAKE_CASE) ?? []), ...(text.match(UUID) ?? []), ...userIds.filter((id) => text.includes(id))];
}
