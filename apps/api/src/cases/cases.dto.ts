import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DATA_CATEGORIES, type DataCategory, PURPOSES, type Purpose } from '@fallverbund/kernel';

export class ParticipantDto {
  @ApiProperty({ example: 'Mara' })
  @IsString()
  @Length(1, 200)
  givenName!: string;

  @ApiProperty({ example: 'Beispiel' })
  @IsString()
  @Length(1, 200)
  familyName!: string;

  @ApiProperty({ example: '1990-04-01', description: 'YYYY-MM-DD' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a calendar date' })
  birthDate!: string;
}

export class OpenCaseDto {
  @ApiProperty({ type: ParticipantDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ParticipantDto)
  participant!: ParticipantDto;
}

export class AddTeamMemberDto {
  @ApiProperty({ example: 'clara.youth' })
  @IsString()
  @Length(1, 100)
  userId!: string;
}

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'id must be a UUID' })
  id!: string;
}

export class ListQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class CreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

export class GrantConsentDto {
  @ApiProperty({ enum: PURPOSES, isArray: true, example: ['coordination'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PURPOSES.length)
  @IsIn(PURPOSES, { each: true })
  purposes!: Purpose[];

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, example: ['identity', 'plan'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories!: DataCategory[];

  @ApiProperty({ type: [String], example: ['jugendamt-mitte'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  recipientAgencyIds!: string[];

  @ApiPropertyOptional({ type: [String], description: 'Named persons; required for data of secrecy holders.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  recipientUserIds?: string[];

  @ApiPropertyOptional({ example: '2027-06-30', description: 'Last day on which the consent holds (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validUntil must be a date as YYYY-MM-DD' })
  validUntil?: string;

  @ApiProperty({ enum: ['written', 'electronic', 'verbal'] })
  @IsIn(['written', 'electronic', 'verbal'])
  form!: 'written' | 'electronic' | 'verbal';

  @ApiProperty({ enum: ['participant', 'legal_guardian', 'entrusting_person'] })
  @IsIn(['participant', 'legal_guardian', 'entrusting_person'])
  grantedBy!: 'participant' | 'legal_guardian' | 'entrusting_person';

  @ApiPropertyOptional({ description: 'Where the evidence is kept, e.g. a document id.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  evidenceRef?: string;
}

export class ConsentParams extends CaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'consentId must be a UUID' })
  consentId!: string;
}

export class HealthNoteDto {
  @ApiProperty({ example: 'Rückenschmerzen, Termin beim Orthopäden vereinbart' })
  @IsString()
  @Length(1, 10_000)
  text!: string;
}

export class ChildProtectionDeclarationDto {
  @ApiProperty({ description: 'Why access without consent is necessary (§ 8a SGB VIII); at least 20 characters.' })
  @IsString()
  @Length(1, 5_000)
  justification!: string;
}
