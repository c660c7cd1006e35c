/**
 * Invitation codes: 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L, U), shown in
 * groups of four (`ABCD-EFGH-JKLM`), about 60 bits. Stored only as a SHA-256 of the normalised code.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const CODE_LENGTH = 12;

/**
 * The code for `random` (at least CODE_LENGTH bytes from a CSPRNG, passed in). Bytes beyond the
 * largest multiple of the alphabet's size are skipped so that every character is equally likely;
 * returns null if too few bytes remain, and the caller draws again.
 */
export function codeFromBytes(random: Uint8Array): string | null {
  const limit = 256 - (256 % CODE_ALPHABET.length);
  const chars: string[] = [];
  for (const byte of random) {
    if (byte >= limit) continue;
    chars.push(CODE_ALPHABET[byte % CODE_ALPHABET.length] as string);
    if (chars.length === CODE_LENGTH) break;
  }
  if (chars.length < CODE_LENGTH) return null;
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * The code as typed, in the canonical form its hash is taken of: upper case, without spaces and
 * dashes. Null when it cannot be a code (wrong length or characters).
 */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  return [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}
