import { type FieldError } from './request.errors';

/** Why a text was refused; the value itself is never reported. */
export type ForbiddenCharacterKind = 'control' | 'bidi_control' | 'unpaired_surrogate';

const MESSAGES: Record<ForbiddenCharacterKind, string> = {
  control: 'contains a control character (only tab, line feed and carriage return are allowed)',
  bidi_control: 'contains a bidirectional control character',
  unpaired_surrogate: 'contains an unpaired UTF-16 surrogate',
};

// U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: they reorder or hide what a reader sees.
const isBidiControl = (c: number): boolean =>
  c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

/**
 * The first reason `text` may not be stored or shown, or `undefined` when it is clean: a control
 * character other than tab, line feed and carriage return (C0, DEL and C1), a bidirectional control
 * character, or a surrogate without its pair (which JSON's `\ud800` produces and no encoder can write).
 */
export function forbiddenCharacterIn(text: string): ForbiddenCharacterKind | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return 'control';
    } else if (c <= 0x9f) {
      return 'control';
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'unpaired_surrogate';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'unpaired_surrogate';
    } else if (isBidiControl(c)) {
      return 'bidi_control';
    }
  }
  return undefined;
}

const MAX_REPORTED = 20;

/**
 * Every string in `value` (object keys included, at any depth) that holds a forbidden character, as
 * one entry per field with the dotted path the validation errors use (`goals.1.text`); a bad property
 * name is reported on the object that holds it. Walks without recursion, so no nesting depth a JSON
 * body can reach overflows the stack. Reports at most 20 fields.
 */
export function forbiddenCharacterFields(value: unknown, root?: string): FieldError[] {
  const found: FieldError[] = [];
  const pending: { value: unknown; path: string | undefined }[] = [{ value, path: root }];
  const report = (path: string | undefined, message: string) =>
    found.push({ field: path ?? '(body)', messages: [message] });
  for (let next = pending.pop(); next !== undefined && found.length < MAX_REPORTED; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      const kind = forbiddenCharacterIn(current);
      if (kind) report(path, MESSAGES[kind]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const kind = forbiddenCharacterIn(key);
        if (kind) {
          report(path, `a property name ${MESSAGES[kind]}`);
          continue;
        }
        pending.push({ value: child, path: path === undefined ? key : `${path}.${key}` });
      }
    }
  }
  return found;
}
