import { IsOptional } from 'class-validator';
import { IsBoundedInteger, IsCalendarDate, IsInstant, MAX_POSITION } from './input-values';
import { RequestValidationError } from './request.errors';
import { createValidationPipe } from './validation.pipe';

class PageQuery {
  @IsOptional() @IsBoundedInteger('offset', 0) offset?: number;
  @IsOptional() @IsBoundedInteger('limit', 1, 200) limit?: number;
  @IsOptional() @IsInstant('from') from?: string;
  @IsOptional() @IsCalendarDate('dates', { each: true }) dates?: string[];
}

const read = (value: unknown) => createValidationPipe().transform(value, { type: 'query', metatype: PageQuery });

const refusedFields = async (value: unknown): Promise<string[]> => {
  const error: unknown = await read(value).then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof RequestValidationError ? error.errors.map((e) => e.field) : [];
};

describe('IsBoundedInteger', () => {
  it('turns plain decimal digits into numbers within the bounds', async () => {
    expect(await read({ offset: '0', limit: '200' })).toEqual({ offset: 0, limit: 200 });
    expect(await read({ offset: String(MAX_POSITION) })).toEqual({ offset: MAX_POSITION });
  });

  it('refuses every other spelling Number() would accept, and numbers out of bounds, with one message', async () => {
    for (const offset of [
      '1e20',
      '1e3',
      '-1',
      '0x10',
      '1.5',
      '',
      ' 7',
      '7 ',
      '+7',
      'Infinity',
      String(MAX_POSITION + 1),
    ])
      expect([offset, await refusedFields({ offset })]).toEqual([offset, ['offset']]);
    expect(await refusedFields({ offset: ['1', '2'] })).toEqual(['offset']);
    expect(await refusedFields({ limit: '0' })).toEqual(['limit']);
    const error = (await read({ offset: '1e20' }).catch((e: unknown) => e)) as RequestValidationError;
    expect(error.errors).toEqual([
      { field: 'offset', messages: [`offset must be a whole number from 0 to ${MAX_POSITION}`] },
    ]);
  });
});

describe('IsInstant and IsCalendarDate', () => {
  it('accept exactly what the kernel parses', async () => {
    expect(await read({ from: '2026-12-04T10:00:00+01:00', dates: ['2024-02-29'] })).toEqual({
      from: '2026-12-04T10:00:00+01:00',
      dates: ['2024-02-29'],
    });
    for (const from of ['2026-W49', '2026-338', '2026-12', '2026-02-30T10:00Z', '2026-01-01T24:00Z', '20261204T1000Z'])
      expect([from, await refusedFields({ from })]).toEqual([from, ['from']]);
    expect(await refusedFields({ dates: ['2026-12-04', '2026-W49'] })).toEqual(['dates']);
    expect(await refusedFields({ dates: ['2026-02-29'] })).toEqual(['dates']);
  });
});
