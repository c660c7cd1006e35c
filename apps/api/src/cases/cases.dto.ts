import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  MaxLength,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { MAX_QUERY_LENGTH, MAX_QUERY_WORDS, nameWords } from '@fallverbund/cases-search';
import {
  ErasedDto,
  IsBoundedInteger,
  IsCalendarDate,
  IsCanonicalUuid,
  IsInstant,
  MAX_POSITION,
} from '@fallverbund/http';
import { DATA_CATEGORIES, type DataCategory, PURPOSES, type Purpose } from '@fallverbund/kernel';
import { CONTACT_KINDS, type ContactKind, EXIT_REASONS, type ExitReason } from '@fallverbund/cases-domain';
import { TextCategory } from './text-category.dto';
import { CASE_LIST_SCOPES, CASE_STATUSES, CASE_VISIBLE_AS, type CaseListScope } from '@fallverbund/cases-application';

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
  @IsCalendarDate('birthDate')
  birthDate!: string;
}

export class OpenCaseDto {
  @ApiProperty({ type: ParticipantDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ParticipantDto)
  participant!: ParticipantDto;

  @ApiPropertyOptional({
    example: '2026-12-04T08:30:00+01:00',
    description:
      'When the first contact with the participant took place (intake): an ISO 8601 instant, not in the future and at most 90 days back; absent: now. Contacts may be dated from then on.',
  })
  @IsOptional()
  @IsString()
  @IsInstant('firstContactAt')
  firstContactAt?: string;
}

export class AddTeamMemberDto {
  @ApiProperty({ example: 'clara.youth' })
  @IsString()
  @Length(1, 100)
  userId!: string;
}

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('id')
  id!: string;
}

export class ListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200, description: 'Items per page.' })
  @IsOptional()
  @IsBoundedInteger('limit', 1, 200)
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    default: 0,
    minimum: 0,
    maximum: MAX_POSITION,
    description: "Items to skip: the previous page's `nextOffset`.",
  })
  @IsOptional()
  @IsBoundedInteger('offset', 0)
  offset?: number;
}

/** GET /api/cases: paging, and filters that each narrow the cases the caller may see. */
export class ListCasesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: CASE_LIST_SCOPES,
    default: 'all',
    description:
      "mine: the cases the caller is on the team of; team: the cases the caller's agency leads (with supervision, all of them); shared: cases of other agencies shared with the caller by consent or referral; all: every case the caller may read identity or case_admin of.",
  })
  @IsOptional()
  @IsIn(CASE_LIST_SCOPES)
  scope?: CaseListScope;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: (typeof CASE_STATUSES)[number];

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: MAX_QUERY_LENGTH,
    example: 'Müller Anna',
    description:
      `Name search: 1 to ${MAX_QUERY_WORDS} words, each matching a word of the given or family name or its start ` +
      '(from 3 letters; a shorter word matches only a word that short), case and diacritics ignored, umlauts as ' +
      'spelled out (Müller = Mueller). Answers only cases whose identity the caller may read.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH)
  @ValidateBy(
    {
      name: 'hasNameWords',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && nameWords(value).length >= 1 && nameWords(value).length <= MAX_QUERY_WORDS,
      },
    },
    { message: `q must hold 1 to ${MAX_QUERY_WORDS} words of letters or digits` },
  )
  q?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '1990-04-01',
    description:
      'Only cases whose participant was born that day; answers only cases whose identity the caller may read.',
  })
  @IsOptional()
  @IsCalendarDate('birthDate')
  birthDate?: string;
}

export class ListedParticipantDto {
  @ApiProperty()
  givenName!: string;

  @ApiProperty()
  familyName!: string;
}

@ApiExtraModels(ListedParticipantDto, ErasedDto)
export class CaseListItemDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiPropertyOptional({
    oneOf: [{ $ref: getSchemaPath(ListedParticipantDto) }, { $ref: getSchemaPath(ErasedDto) }],
    description: 'Category identity: only to a reader of it; { erased: true } after erasure.',
  })
  participant?: ListedParticipantDto | ErasedDto;

  @ApiPropertyOptional({ description: 'Category case_admin: only to a reader of it.' })
  leadAgencyId?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES, description: 'Category case_admin: only to a reader of it.' })
  status?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Category case_admin: only to a reader of it.' })
  openedAt?: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ enum: CASE_VISIBLE_AS, description: 'The rule of the access policy the case is visible under.' })
  visibleAs!: string;

  @ApiProperty({
    example: 'consent:0d3c0a5e-8f7b-4b7e-9d55-2f1f7d0b9c11',
    description:
      "That rule's legal basis, as the audit log records it: team, consent:<id>, §67c Abs. 3 SGB X supervision or §8a SGB VIII declaration:<id>.",
  })
  legalBasis!: string;
}

export class CaseListPageDto {
  @ApiProperty({ type: CaseListItemDto, isArray: true })
  items!: CaseListItemDto[];

  @ApiProperty({ type: 'integer', nullable: true, description: 'The offset of the next page; null on the last.' })
  nextOffset!: number | null;
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
  @IsCalendarDate('validUntil')
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
  @IsCanonicalUuid('consentId')
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

const ROLES_NOT_NAMES =
  'Who took part, as roles (e.g. "participant", "coach", "interpreter"), never names: names are identity data and do not belong here. At most 20, each up to 60 characters.';

export class RecordContactDto {
  @ApiProperty({ enum: CONTACT_KINDS })
  @IsIn(CONTACT_KINDS)
  kind!: ContactKind;

  @ApiProperty({
    example: '2026-11-24T14:00:00+01:00',
    description:
      'When the contact took place: an ISO 8601 instant, not in the future and not before the case was opened.',
  })
  @IsString()
  @IsInstant('occurredAt')
  occurredAt!: string;

  @ApiProperty({ minimum: 1, maximum: 600, example: 45 })
  @IsInt()
  @Min(1)
  @Max(600)
  durationMinutes!: number;

  @ApiPropertyOptional({ type: [String], example: ['participant', 'coach'], description: ROLES_NOT_NAMES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  participants?: string[];

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'What happened. Personal data: stored sealed under the participant key and erased with it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;

  @TextCategory('the summary', 'contacts')
  summaryCategory?: DataCategory;
}

export class CorrectContactDto {
  @ApiPropertyOptional({ enum: CONTACT_KINDS })
  @IsOptional()
  @IsIn(CONTACT_KINDS)
  kind?: ContactKind;

  @ApiPropertyOptional({ description: 'ISO 8601 instant, not in the future and not before the case was opened.' })
  @IsOptional()
  @IsString()
  @IsInstant('occurredAt')
  occurredAt?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  durationMinutes?: number;

  @ApiPropertyOptional({ type: [String], description: ROLES_NOT_NAMES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  participants?: string[];

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'The corrected summary (personal data, sealed); "" removes it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;

  @TextCategory('the corrected summary', 'contacts')
  summaryCategory?: DataCategory;

  @ApiProperty({ description: 'Why the contact is corrected (1 to 500 characters).' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @TextCategory('the reason', 'contacts')
  reasonCategory?: DataCategory;
}

export class ContactParams extends CaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsCanonicalUuid('contactId')
  contactId!: string;
}

export class StartAftercareDto {
  @ApiProperty({
    type: [String],
    example: ['2027-01-15', '2027-03-15'],
    description: 'Follow-up dates (YYYY-MM-DD), in the future.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @IsCalendarDate('followUps', { each: true })
  followUps!: string[];
}

export class CloseCaseDto {
  @ApiProperty({ enum: EXIT_REASONS })
  @IsIn(EXIT_REASONS)
  exitReason!: ExitReason;
}

export class ReopenCaseDto {
  @ApiProperty({ description: 'Why the closed case is reopened (1 to 500 characters).' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
