import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsString, ValidateNested } from 'class-validator';
import { RequestValidationError } from './request.errors';
import { createValidationPipe } from './validation.pipe';

class ParticipantDto {
  @IsString() name!: string;
  @IsISO8601({ strict: true }) birthDate!: string;
}

class OpenCaseDto {
  @IsString() title!: string;
  @IsDefined() @ValidateNested() @Type(() => ParticipantDto) participant!: ParticipantDto;
}

const validate = (value: unknown) => createValidationPipe().transform(value, { type: 'body', metatype: OpenCaseDto });

async function fieldErrors(value: unknown) {
  const error: unknown = await validate(value).catch((e: unknown) => e);
  if (!(error instanceof RequestValidationError))
    throw new Error(`expected a RequestValidationError, got ${String(error)}`);
  return error.errors;
}

describe('createValidationPipe', () => {
  it('turns a valid payload into a DTO instance, nested objects included', async () => {
    const dto = (await validate({
      title: 'Support',
      participant: { name: 'Alex', birthDate: '1990-04-01' },
    })) as OpenCaseDto;

    expect(dto).toBeInstanceOf(OpenCaseDto);
    expect(dto.participant).toBeInstanceOf(ParticipantDto);
  });

  it('does not convert types implicitly', async () => {
    await expect(validate({ title: 7, participant: { name: 'Alex', birthDate: '1990-04-01' } })).rejects.toBeInstanceOf(
      RequestValidationError,
    );
  });

  it('lists each bad field once, nested ones with a dotted path', async () => {
    const errors = await fieldErrors({ title: 'Support', participant: { name: 1, birthDate: '1 April' } });

    expect(errors).toEqual([
      { field: 'participant.name', messages: ['name must be a string'] },
      { field: 'participant.birthDate', messages: ['birthDate must be a valid ISO 8601 date string'] },
    ]);
  });

  it('reports unknown fields at any depth instead of dropping them', async () => {
    const errors = await fieldErrors({
      title: 'x',
      role: 'admin',
      participant: { name: 'A', birthDate: '1990-04-01', x: 1 },
    });

    expect(errors).toEqual([
      { field: 'role', messages: ['property role should not exist'] },
      { field: 'participant.x', messages: ['property x should not exist'] },
    ]);
  });

  it('names a nested object that is not an object', async () => {
    const errors = await fieldErrors({ title: 'x', participant: 'Alex' });

    expect(errors.map((e) => e.field)).toEqual(['participant']);
  });
});

describe('createValidationPipe: remembered rule lookups', () => {
  class NoteDto {
    @IsString() text!: string;
  }

  it('validates by rules registered after a class was first validated (a parent rule added later)', async () => {
    const pipe = createValidationPipe();
    class SignedNoteDto extends NoteDto {
      @IsString() signedBy!: string;
    }
    const check = (value: unknown) => pipe.transform(value, { type: 'body', metatype: SignedNoteDto });
    await expect(check({ text: 'a', signedBy: 'b', extra: 1 })).rejects.toBeInstanceOf(RequestValidationError);
    await expect(check({ text: 'a', signedBy: 'b' })).resolves.toBeInstanceOf(SignedNoteDto);

    // A rule on the parent, registered once the subclass's rules were looked up (and kept).
    IsDefined()(NoteDto.prototype, 'language');
    IsString()(NoteDto.prototype, 'language');

    const error: unknown = await check({ text: 'a', signedBy: 'b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).errors.map((e) => e.field)).toEqual(['language']);
  });
});
