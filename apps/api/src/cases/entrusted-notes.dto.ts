import { ApiProperty } from '@nestjs/swagger';
import { ENTRUSTING_PERSONS, type EntrustingPerson } from '@fallverbund/cases-domain';
import { IsIn, IsString, Length } from 'class-validator';

export class EntrustedNoteDto {
  @ApiProperty({
    example: 'Hat Angst, nach Hause zu gehen; möchte nicht, dass die Schule davon erfährt.',
    description:
      'What was entrusted for personal and educational help. Personal data: sealed under the participant key, erased with it; read only by its author and by persons a consent of the entrusting person names.',
  })
  @IsString()
  @Length(1, 10_000)
  text!: string;

  @ApiProperty({
    enum: ENTRUSTING_PERSONS,
    description: 'Who entrusted it, as a role and never a name: the participant, a legal guardian or another person.',
  })
  @IsIn(ENTRUSTING_PERSONS)
  entrustedBy!: EntrustingPerson;
}
