import { fromHex, toHex } from './hex';
import { InvalidHexError } from './merkle.errors';

describe('hex', () => {
  it('round-trips every byte value in lower case', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = toHex(bytes);
    expect(hex).toMatch(/^(?:[0-9a-f]{2}){256}$/);
    expect(hex.slice(0, 8)).toBe('00010203');
    expect(fromHex(hex)).toEqual(bytes);
  });

  it('reads upper case and the empty string', () => {
    expect(fromHex('ABcd')).toEqual(Uint8Array.of(0xab, 0xcd));
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it.each(['abc', 'zz', '0x00', ' 00', '00 '])('refuses %j', (input) => {
    expect(() => fromHex(input)).toThrow(InvalidHexError);
  });
});
