import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class InviteeParticipantNameDto {
  @ApiProperty({ example: 'Mara' })
  givenName!: string;

  @ApiProperty({ example: 'Beispiel' })
  familyName!: string;
}

/** One conference the caller's agency is invited to, as an invitee may see it in a list. */
export class ConferenceInvitationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    description:
      'True only when the participant agreed and the agency leads the case or an active consent names it for case_conference and identity; then caseId and participant are present.',
  })
  identified!: boolean;

  @ApiProperty({ example: 'FK-7Q2M', description: 'How the participant appears when not identified.' })
  pseudonym!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only when identified.' })
  caseId?: string;

  @ApiPropertyOptional({
    oneOf: [
      { $ref: '#/components/schemas/InviteeParticipantNameDto' },
      { type: 'object', properties: { erased: { type: 'boolean', enum: [true] } }, required: ['erased'] },
    ],
    description: 'Only when identified; {"erased": true} after erasure.',
  })
  participant?: InviteeParticipantNameDto | { erased: true };

  @ApiProperty({ format: 'date-time' })
  plannedFor!: string;

  @ApiProperty({
    example: 'jobcenter-mitte',
    description: 'The agency that convenes the conference: the case’s lead agency, whom the invitees answer.',
  })
  convenedByAgencyId!: string;

  @ApiProperty({ type: String, isArray: true, example: ['suchtberatung-nord'] })
  invitedAgencyIds!: string[];

  @ApiProperty({ type: Boolean, nullable: true, description: 'The participant’s answer; null while there is none.' })
  participantAgreed!: boolean | null;

  @ApiProperty()
  held!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  heldAt!: string | null;

  @ApiProperty({ description: 'Whether the caller’s agency took part (the minutes name it).' })
  attendedByOwnAgency!: boolean;
}

export class ConferenceInvitationsDto {
  @ApiProperty({ type: ConferenceInvitationDto, isArray: true })
  items!: ConferenceInvitationDto[];

  @ApiProperty({ type: Number, nullable: true })
  nextOffset!: number | null;
}

export { InviteeParticipantNameDto };
