import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ErasedDto, textOrErased } from '@fallverbund/http';
import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';

/** A decision of an erased data category (issue 17) is `{ erased: true }` in its place. */
const decisionsOrErased = (description: string) => ({
  oneOf: [
    { type: 'array', items: { oneOf: [{ type: 'string' }, { $ref: getSchemaPath(ErasedDto) }] } },
    { $ref: getSchemaPath(ErasedDto) },
  ],
  description,
});

export class ConferenceAgreementViewDto {
  @ApiProperty({ description: 'The participant agreed to the conference.' })
  agreed!: boolean;

  @ApiProperty({ example: 'written' })
  form!: string;

  @ApiProperty({ example: 'anna.coach' })
  recordedBy!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class ConferenceAttendeeViewDto {
  @ApiProperty({ example: 'jugendamt-mitte' })
  agencyId!: string;

  @ApiProperty({ type: [String] })
  userIds!: string[];

  @ApiProperty({ description: 'Saw the participant by name; otherwise only the pseudonym.' })
  identified!: boolean;
}

/** A conference as the case team sees it. */
export class ConferenceViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Fall K-7F3A' })
  pseudonym!: string;

  @ApiPropertyOptional(textOrErased('Absent when of a category the reader may not read.'))
  topic?: string | ErasedDto;

  @ApiPropertyOptional({ enum: DATA_CATEGORIES })
  topicCategory?: DataCategory;

  @ApiProperty({ type: [String] })
  invitedAgencyIds!: string[];

  @ApiProperty({ format: 'date-time' })
  plannedFor!: string;

  @ApiProperty()
  scheduledBy!: string;

  @ApiProperty({ format: 'date-time' })
  scheduledAt!: string;

  @ApiProperty({ type: ConferenceAgreementViewDto, nullable: true })
  agreement!: ConferenceAgreementViewDto | null;

  @ApiProperty()
  held!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  heldAt!: string | null;

  @ApiProperty({ type: [ConferenceAttendeeViewDto] })
  attendees!: ConferenceAttendeeViewDto[];

  @ApiProperty({ type: [String] })
  sharedCategories!: string[];

  @ApiProperty(decisionsOrErased('The decisions the reader may read.'))
  decisions!: (string | ErasedDto)[] | ErasedDto;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, description: 'The category of each decision, by position.' })
  decisionCategories!: DataCategory[];

  @ApiProperty({ type: String, nullable: true })
  minutesRecordedBy!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  minutesRecordedAt!: string | null;

  @ApiProperty({ type: 'integer' })
  withheldTexts!: number;

  @ApiProperty({ type: 'integer', description: 'Agencies left out: they reveal a category the reader may not read.' })
  withheldAgencies!: number;
}

export class ConferenceListDto {
  @ApiProperty({ type: [ConferenceViewDto] })
  items!: ConferenceViewDto[];
}

export class InviteeAttendeeDto {
  @ApiProperty({ example: 'jugendamt-mitte' })
  agencyId!: string;

  @ApiProperty({ type: [String] })
  userIds!: string[];
}

/** A conference as an invited agency sees it: by pseudonym unless identified. */
export class InvitedConferenceViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  identified!: boolean;

  @ApiProperty({ example: 'Fall K-7F3A' })
  pseudonym!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only when identified.' })
  caseId?: string;

  @ApiPropertyOptional({
    oneOf: [
      {
        type: 'object',
        required: ['givenName', 'familyName'],
        properties: { givenName: { type: 'string' }, familyName: { type: 'string' } },
      },
      { $ref: getSchemaPath(ErasedDto) },
    ],
    description: 'Only when identified.',
  })
  participant?: { givenName: string; familyName: string } | ErasedDto;

  @ApiPropertyOptional(textOrErased('Only when identified and of a category the invitee may read.'))
  topic?: string | ErasedDto;

  @ApiPropertyOptional({ enum: DATA_CATEGORIES, description: 'Beside a topic the invitee gets.' })
  topicCategory?: DataCategory;

  @ApiProperty({ format: 'date-time' })
  plannedFor!: string;

  @ApiProperty({
    example: 'jobcenter-mitte',
    description: 'The agency that convenes the conference: the case’s lead agency, whom the invitees answer.',
  })
  convenedByAgencyId!: string;

  @ApiProperty({ type: [String] })
  invitedAgencyIds!: string[];

  @ApiProperty({ type: Boolean, nullable: true, description: 'The participant’s answer; null while there is none.' })
  participantAgreed!: boolean | null;

  @ApiProperty()
  held!: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  heldAt!: string | null;

  @ApiProperty({ type: [InviteeAttendeeDto] })
  attendees!: InviteeAttendeeDto[];

  @ApiProperty({ type: [String] })
  sharedCategories!: string[];

  @ApiPropertyOptional(decisionsOrErased('To an agency that took part.'))
  decisions?: (string | ErasedDto)[] | ErasedDto;

  @ApiPropertyOptional({ enum: DATA_CATEGORIES, isArray: true })
  decisionCategories?: DataCategory[];

  @ApiProperty({ type: 'integer' })
  withheldTexts!: number;
}
