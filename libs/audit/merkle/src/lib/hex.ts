import { InvalidHexError } from './merkle.errors';

const DIGITS = '0123456789abcdef';

/** Lower-case hex, two digits per byte. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += DIGITS[byte >> 4]! + DIGITS[byte & 0x0f]!;
  return out;
}

/** Parses hex of either case; throws InvalidHexError on odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new InvalidHexError(`not an even-length hex string: ${JSON.stringify(hex.slice(0, 80))}`);
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
