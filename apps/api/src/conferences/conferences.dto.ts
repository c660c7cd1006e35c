import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Length,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { IsCanonicalUuid, IsInstant } from '@fallverbund/http';
import { DATA_CATEGORIES, type DataCategory } from '@fallverbund/kernel';
import { CaseIdParams } from '../cases/cases.dto';
import { TextCategories, TextCategory } from '../cases/text-category.dto';

export class ScheduleConferenceDto {
  @ApiProperty({
    maxLength: 500,
    description:
      'What the conference is about. Personal data (sealed); shown to the case team and to agencies that see the participant identified, never to pseudonymised ones.',
  })
  @IsString()
  @Length(1, 500)
  topic!: string;

  @TextCategory('the topic', 'case_admin')
  topicCategory?: DataCategory;

  @ApiProperty({
    type: [String],
    example: ['suchtberatung-nord', 'jugendamt-mitte'],
    description: 'Agencies from the directory; at least one besides the lead agency.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  invitedAgencyIds!: string[];

  @ApiProperty({
    example: '2026-12-10T10:00:00+01:00',
    description:
      'ISO 8601 instant: not before the case was opened, at most a day back and two years ahead (400 CONFERENCE.INVALID).',
  })
  @IsString()
  @IsInstant('plannedFor')
  plannedFor!: string;
}

export class ConferenceParams extends CaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('conferenceId')
  conferenceId!: string;
}

export class InvitedConferenceParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('conferenceId')
  conferenceId!: string;
}

export class ConferenceAgreementDto {
  @ApiProperty({ description: 'Whether the participant agreed to be discussed by name (§ 20, § 23 SGB IX).' })
  @IsBoolean()
  agreed!: boolean;

  @ApiProperty({ enum: ['written', 'electronic', 'verbal'] })
  @IsIn(['written', 'electronic', 'verbal'])
  form!: 'written' | 'electronic' | 'verbal';
}

export class ConferenceAttendeeDto {
  @ApiProperty({ example: 'suchtberatung-nord', description: 'The lead agency or an invited one.' })
  @IsString()
  @Length(1, 100)
  agencyId!: string;

  @ApiProperty({ type: [String], example: ['emil.counsel'], description: 'The staff who took part for the agency.' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  userIds!: string[];
}

export class ConferenceMinutesDto {
  @ApiProperty({ example: '2026-12-10T11:30:00+01:00', description: 'When it was held: not in the future.' })
  @IsString()
  @IsInstant('heldAt')
  heldAt!: string;

  @ApiProperty({ type: [ConferenceAttendeeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  // Each an object: ValidateNested passes an array inside the array ([[]]) unchecked.
  @IsObject({ each: true, message: 'attendees must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => ConferenceAttendeeDto)
  attendees!: ConferenceAttendeeDto[];

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    example: ['case_admin', 'plan'],
    description: 'What was shared: identity, case_admin, plan, progress.',
  })
  @IsArray()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  sharedCategories!: DataCategory[];

  @ApiProperty({
    type: [String],
    description:
      'What was decided, written for every agency that took part: agencies without the participant’s identification read these too, so refer to the participant only by the conference pseudonym. Personal data (sealed).',
  })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  decisions!: string[];

  @TextCategories('each decision', 'case_admin', 30)
  decisionCategories?: DataCategory[];
}

export class ConferenceCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'TN-3F2A91C0', description: 'The participant’s name for pseudonymised agencies.' })
  pseudonym!: string;
}
